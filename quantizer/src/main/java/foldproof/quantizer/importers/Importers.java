package foldproof.quantizer.importers;

import foldproof.quantizer.QuantizerException;
import foldproof.quantizer.model.FloatNet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Entry point of model import: ONNX graphs and safetensors state dicts (HuggingFace, torchvision,
 * akamaster namings) into a {@link FloatNet} with BatchNorm folded.
 *
 * <p>Detection ({@link Arch#AUTO}): a file whose first 8 bytes are a plausible little-endian header length
 * followed by {@code '{'} is safetensors; a file named {@code .onnx} or whose first protobuf fields parse as
 * an ONNX ModelProto's is ONNX; anything else is refused with what it looks like ({@link ModelFileKind}). A safetensors flavour is chosen
 * by its names: {@code resnet.embedder.*} = HF, {@code conv1.weight} + {@code fc.weight} = torchvision,
 * {@code conv1.weight} + {@code linear.weight} = CIFAR (akamaster or pytorch-cifar), {@code features.0.weight} +
 * {@code classifier[.0].weight} = VGG, {@code features.0.0.weight} + {@code classifier.1.weight} = MobileNetV2. {@link Imported#detected()}
 * says what was used.
 * A directory is accepted if it holds {@code model.safetensors} or {@code model.onnx}; for HF weights
 * without an explicit config, a {@code config.json} beside the weights is used if present.
 */
public final class Importers {
    /** Refuse model files past this size (ResNet-34 float32 is ~90 MB). */
    private static final long MAX_FILE = 1L << 30;

    private Importers() { }

    /** The imported network and a one-line description of the detected (or forced) format. */
    public record Imported(FloatNet net, Arch arch, String detected) { }

    /** Auto-detects the format. {@code configOrNull}: HF {@code config.json} or a foldproof config (labels, preprocess). */
    public static FloatNet load(Path model, Path configOrNull) {
        return importModel(model, configOrNull, Arch.AUTO).net();
    }

    public static Imported importModel(Path model, Path configOrNull, Arch arch) {
        Path file = resolve(model);
        byte[] bytes = read(file, "model");
        Arch a = arch == Arch.AUTO ? detect(bytes, file) : arch;
        Path parent = file.toAbsolutePath().getParent();
        Path cfgPath = configOrNull;
        if (cfgPath == null && a == Arch.HF) {
            Path sibling = parent.resolve("config.json");
            cfgPath = Files.isRegularFile(sibling) ? sibling : null;
        }
        if (cfgPath != null && !Files.isRegularFile(cfgPath)) {
            throw new QuantizerException("config file not found: " + cfgPath);
        }
        ModelConfig cfg = cfgPath == null ? ModelConfig.empty() : ModelConfig.read(cfgPath);
        String base = file.getFileName().toString().replaceFirst("\\.(onnx|safetensors)$", "");
        if (base.equals("model") && parent != null && parent.getFileName() != null) {
            base = parent.getFileName().toString(); // e.g. cifar10-resnet18/model.onnx -> cifar10-resnet18
        }
        FloatNet net = fromBytes(bytes, a, base, cfg, file.toString());
        String how = (arch == Arch.AUTO ? "detected " : "forced ") + a.description() + ": " + net.name()
                + " (" + net.layers().size() + " layers, input " + net.input() + ", "
                + net.shapes().get(net.shapes().size() - 1).c() + " classes)"
                + (cfgPath != null ? ", config " + cfgPath.getFileName() : "");
        return new Imported(net, a, how);
    }

    /** The network in a model file's bytes, read as flavour {@code a} (not {@link Arch#AUTO}); {@code where} names the file. */
    static FloatNet fromBytes(byte[] bytes, Arch a, String name, ModelConfig cfg, String where) {
        if (a == Arch.ONNX) {
            return OnnxImporter.importGraph(OnnxGraph.parse(bytes), name, cfg);
        }
        if (!looksLikeSafetensors(bytes)) {
            throw new QuantizerException(where + " is not a safetensors file, but arch " + a.name().toLowerCase() + " needs one");
        }
        Safetensors st = Safetensors.parse(bytes, where);
        return a == Arch.VGG ? VggImporter.build(st, cfg) : a == Arch.MOBILENETV2 ? MobileNetV2Importer.build(st, cfg) : ResNetImporter.build(st, a, cfg);
    }

    /** Detects the flavour of a model file's bytes ({@code file} names it in errors). */
    static Arch detect(byte[] bytes, Path file) {
        if (!looksLikeSafetensors(bytes)) {
            String not = ModelFileKind.notOnnx(bytes, file.getFileName().toString());
            if (not != null) {
                throw new QuantizerException(file + ": not a model file: " + not + "; " + ModelFileKind.EXPECTED);
            }
            return Arch.ONNX;
        }
        Safetensors st = Safetensors.parse(bytes, file.toString());
        if (st.has("resnet.embedder.embedder.convolution.weight")) {
            return Arch.HF;
        }
        if (st.has("conv1.weight") && st.has("fc.weight")) {
            return Arch.TORCHVISION;
        }
        if (st.has("conv1.weight") && st.has("linear.weight")) {
            return Arch.AKAMASTER;
        }
        if (st.has("features.0.weight") && (st.has("classifier.weight") || st.has("classifier.0.weight"))) {
            return Arch.VGG;
        }
        if (st.has("features.0.0.weight") && st.has("classifier.1.weight")) {
            return Arch.MOBILENETV2;
        }
        String some = String.join(", ", st.names().stream().limit(5).toList());
        throw new QuantizerException(file + ": unrecognised safetensors naming (first tensors: " + some
                + "); expected HF (resnet.embedder.*), torchvision (conv1, fc), CIFAR ResNet (conv1, linear), VGG (features.0, classifier)"
                + " or MobileNetV2 (features.0.0, classifier.1)"
                + " names, or pass --arch");
    }

    static boolean looksLikeSafetensors(byte[] b) {
        if (b.length < 10) {
            return false;
        }
        long n = 0;
        for (int i = 7; i >= 0; i--) {
            n = (n << 8) | (b[i] & 0xff);
        }
        return n > 1 && n <= b.length - 8L && b[8] == '{';
    }

    private static Path resolve(Path model) {
        if (Files.isDirectory(model)) {
            for (String f : new String[] {"model.safetensors", "model.onnx"}) {
                if (Files.isRegularFile(model.resolve(f))) {
                    return model.resolve(f);
                }
            }
            throw new QuantizerException("directory " + model + " holds neither model.safetensors nor model.onnx");
        }
        return model;
    }

    static byte[] read(Path p, String what) {
        try {
            if (Files.size(p) > MAX_FILE) {
                throw new QuantizerException(what + " file " + p + " is larger than 1 GiB");
            }
            return Files.readAllBytes(p);
        } catch (NoSuchFileException e) {
            throw new QuantizerException(what + " file not found: " + p);
        } catch (IOException e) {
            throw new QuantizerException("cannot read " + what + " file " + p + ": " + e.getMessage());
        }
    }
}
