package foldproof.cli;

import foldproof.fixtures.DemoModels;
import foldproof.fixtures.DemoResNet;
import foldproof.fixtures.DemoMobileNet;
import foldproof.fixtures.DemoVgg;
import foldproof.quantizer.QuantizerException;
import foldproof.quantizer.importers.Arch;
import foldproof.quantizer.importers.Importers;
import foldproof.quantizer.model.FloatNet;
import foldproof.quantizer.model.Preprocess;
import foldproof.quantizer.model.QModel;
import foldproof.quantizer.model.Shape;
import foldproof.quantizer.quant.ModelFile;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * What a {@code --model} value names, and how it becomes a model: the one place every command resolves
 * {@code --model}. A value is one of
 * <ul>
 *   <li>{@code builtin:resnet18[@N]}, {@code builtin:resnet34[@N]}, {@code builtin:resnet50[@N]},
 *       {@code builtin:resnet101[@N]} ({@link DemoResNet}: ImageNet topology at N x N, N = 32..448, default 224),
 *       {@code builtin:mobilenetv2[@N]} ({@link DemoMobileNet}, the same sizes),
 *       {@code builtin:vgg11[@N]}, {@code builtin:vgg16[@N]} ({@link DemoVgg} at ImageNet topology: N = 32..63 or 224..255),
 *       {@code builtin:vgg11-cifar}, {@code builtin:vgg16-cifar} ({@link DemoVgg}: the CIFAR variant, 3x32x32) or {@code builtin:tiny} (3x16x16): seeded demo models with <em>untrained demo
 *       weights</em>, with both the float network and the quantized model (each built on first use);
 *       {@code resnet18-imagenet-demo}, {@code resnet34-imagenet-demo} and {@code tiny} are accepted aliases;</li>
 *   <li>a quantized model file from {@code foldproof quantize} (recognised by its magic {@code FPQM},
 *       whatever its name): the quantized model only; a version-1 file (no checksum) loads with a warning;</li>
 *   <li>{@code hf:ORG/NAME[@REVISION]}: {@code config.json} and {@code model.safetensors} of a HuggingFace hub
 *       repository, fetched into the cache ({@link HubModel}) and imported like a float model file;</li>
 *   <li>any other file: a float model (ONNX or safetensors, see {@link Importers}), imported with the
 *       optional {@code --config} and {@code --arch}: the float network only. Proofs are about a quantized
 *       model, so {@link #requireQuantized()} refuses it with the {@code foldproof quantize} command to run.</li>
 * </ul>
 * Every problem is a {@link QuantizerException} with a one-line message (exit code 2).
 */
final class ModelSource {
    /** The default of every {@code --model}: the demo ResNet-18 at 224 x 224. */
    static final String DEFAULT = "builtin:resnet18@224";
    /** The built-in names, as help texts and messages show them. */
    static final String BUILTINS = "builtin:resnet18[@N], builtin:resnet34[@N], builtin:resnet50[@N], builtin:resnet101[@N], "
            + "builtin:mobilenetv2[@N], builtin:vgg11[@N], builtin:vgg16[@N] (N 32..63 or 224..255), builtin:vgg11-cifar,"
            + " builtin:vgg16-cifar, builtin:tiny";
    static final int MIN_SIZE = 32;
    static final int MAX_SIZE = 448;

    /** Where the model comes from. */
    enum Kind { BUILTIN, QUANTIZED_FILE, FLOAT_FILE }

    private final String spec;
    private final Kind kind;
    private final String detected;
    private final Supplier<FloatNet> floatNet;
    private final Supplier<QModel> quantized;
    private FloatNet floatCache;
    private QModel quantCache;

    private ModelSource(String spec, Kind kind, String detected, Supplier<FloatNet> floatNet, Supplier<QModel> quantized) {
        this.spec = spec;
        this.kind = kind;
        this.detected = detected;
        this.floatNet = floatNet;
        this.quantized = quantized;
    }

    /**
     * Resolves {@code spec} (null: {@link #DEFAULT}). Files are read now (so a bad file fails here);
     * built-in models are built on first use of {@link #floatNet()} or {@link #quantized()}.
     *
     * @param config {@code --config} (float models only), or null
     * @param arch   {@code --arch} (float models only), or null for auto-detection
     */
    static ModelSource resolve(String spec, Path config, String arch) {
        return resolve(spec, config, arch, Main.STDERR);
    }

    /** As {@link #resolve(String, Path, String)}, with warnings and download progress on {@code err}. */
    static ModelSource resolve(String spec, Path config, String arch, PrintWriter err) {
        String s = spec == null || spec.isBlank() ? DEFAULT : spec.strip();
        String builtin = builtinName(s);
        if (builtin != null) {
            if (config != null || arch != null) {
                throw new QuantizerException(s + " is a built-in model; --config and --arch apply to float model files only");
            }
            return builtin(s, builtin);
        }
        if (HubModel.isHub(s)) {
            return hub(s, config, arch, err);
        }
        Path p = Path.of(s);
        if (Files.isDirectory(p)) {
            throw new QuantizerException("--model " + s + " is a directory, not a model file");
        }
        if (!Files.isRegularFile(p)) {
            throw new QuantizerException("model file not found: " + s + " (built-in models: " + BUILTINS + ")");
        }
        if (isQuantizedFile(p)) {
            if (config != null || arch != null) {
                throw new QuantizerException(s + " is a quantized model file; --config and --arch apply to float models only");
            }
            ModelFile.Loaded loaded = ModelFile.readFile(p);
            if (loaded.legacy()) {
                err.println("warning: model file " + s + " is format version " + loaded.version() + ", without a checksum, so"
                        + " corruption cannot be detected (quantizing the float model again writes version " + ModelFile.VERSION + ")");
                err.flush();
            }
            QModel q = loaded.model();
            return new ModelSource(s, Kind.QUANTIZED_FILE, "quantized model file " + p.getFileName() + ": " + q.name()
                    + (q.description().isEmpty() ? "" : " (" + q.description() + ")"), () -> null, () -> q);
        }
        Arch a;
        try {
            a = arch == null ? Arch.AUTO : Arch.parse(arch);
        } catch (IllegalArgumentException e) {
            throw new QuantizerException(e.getMessage());
        }
        Importers.Imported imp = Importers.importModel(p, config, a);
        return new ModelSource(s, Kind.FLOAT_FILE, imp.detected(), imp::net, () -> null);
    }

    /**
     * The files resolving {@code spec} (with {@code --config}) would read, without reading them: none for a
     * built-in model; the file itself and a {@code config.json} beside it (read for HF weights); for a
     * folder its {@code model.safetensors}, {@code model.onnx} and {@code config.json}; and the config.
     * Only existing files are listed. Commands that write a file check it against these first.
     */
    static List<Path> inputFiles(String spec, Path config) {
        List<Path> files = new ArrayList<>();
        String s = spec == null || spec.isBlank() ? DEFAULT : spec.strip();
        if (builtinName(s) == null && !s.startsWith(HubModel.PREFIX)) {
            Path p = Path.of(s);
            if (Files.isDirectory(p)) {
                for (String f : new String[] {"model.safetensors", "model.onnx", "config.json"}) {
                    files.add(p.resolve(f));
                }
            } else {
                files.add(p);
                Path parent = p.toAbsolutePath().getParent();
                if (parent != null) {
                    files.add(parent.resolve("config.json"));
                }
            }
        }
        if (config != null) {
            files.add(config);
        }
        files.removeIf(f -> !Files.isRegularFile(f));
        return files;
    }

    /** {@code hf:ORG/NAME[@REVISION]}: fetched (or found in the cache), then imported like a float model file. */
    private static ModelSource hub(String s, Path config, String arch, PrintWriter err) {
        HubModel.Spec hs = HubModel.parse(s);
        Arch a;
        try {
            a = arch == null ? Arch.AUTO : Arch.parse(arch);
        } catch (IllegalArgumentException e) {
            throw new QuantizerException(e.getMessage());
        }
        HubModel.Snapshot snap = HubModel.fetch(hs, err, Progress.mode(err, true));
        Importers.Imported imp = Importers.importModel(snap.weights(), config != null ? config : snap.config(), a);
        return new ModelSource(s, Kind.FLOAT_FILE, hs + " (commit " + snap.commit().substring(0, 12) + ", " + snap.dir() + "): "
                + imp.detected(), imp::net, () -> null);
    }

    /** The part after {@code builtin:} (or a legacy alias mapped to it), or null if {@code s} names a file. */
    private static String builtinName(String s) {
        switch (s) {
            case "resnet18-imagenet-demo":
                return "resnet18";
            case "resnet34-imagenet-demo":
                return "resnet34";
            case "tiny":
                return Files.exists(Path.of(s)) ? null : "tiny";
            default:
                return s.startsWith("builtin:") ? s.substring("builtin:".length()) : null;
        }
    }

    private static ModelSource builtin(String spec, String name) {
        String base = name;
        Integer size = null;
        int at = name.indexOf('@');
        if (at >= 0) {
            base = name.substring(0, at);
            try {
                size = Integer.parseInt(name.substring(at + 1));
            } catch (NumberFormatException e) {
                throw new QuantizerException("bad input size in " + spec + ": expected a number " + MIN_SIZE + ".." + MAX_SIZE
                        + ", e.g. builtin:" + base + "@64");
            }
        }
        switch (base.toLowerCase(Locale.ROOT)) {
            case "resnet18":
            case "resnet34":
            case "resnet50":
            case "resnet101": {
                int n = size == null ? 224 : size;
                if (n < MIN_SIZE || n > MAX_SIZE) {
                    throw new QuantizerException("input size " + n + " in " + spec + " is out of range (" + MIN_SIZE + ".." + MAX_SIZE + ")");
                }
                DemoResNet net = DemoResNet.byKey(base).orElseThrow();
                String canon = "builtin:" + net.key() + "@" + n;
                return new ModelSource(canon, Kind.BUILTIN, "built-in demo model " + canon + ": ResNet-" + net.depth()
                        + (net.bottleneck() ? " (Bottleneck blocks)" : "") + " ImageNet topology at " + n + "x" + n
                        + " (" + DemoModels.UNTRAINED + ")", () -> net.floatNet(n), () -> net.quantized(n));
            }
            case DemoMobileNet.KEY: {
                int n = size == null ? 224 : size;
                if (n < MIN_SIZE || n > MAX_SIZE) {
                    throw new QuantizerException("input size " + n + " in " + spec + " is out of range (" + MIN_SIZE + ".." + MAX_SIZE + ")");
                }
                String canon = "builtin:" + DemoMobileNet.KEY + "@" + n;
                return new ModelSource(canon, Kind.BUILTIN, "built-in demo model " + canon + ": MobileNetV2 ImageNet topology at " + n + "x" + n
                        + " (" + DemoModels.UNTRAINED + ")", () -> DemoMobileNet.floatNet(n), () -> DemoMobileNet.quantized(n));
            }
            case "vgg11":
            case "vgg16": {
                int n = size == null ? 224 : size;
                if (n < MIN_SIZE || n > MAX_SIZE) {
                    throw new QuantizerException("input size " + n + " in " + spec + " is out of range (" + MIN_SIZE + ".." + MAX_SIZE + ")");
                }
                try {
                    DemoVgg.classifierMap(n);
                } catch (IllegalArgumentException e) {
                    throw new QuantizerException(spec + ": " + e.getMessage());
                }
                DemoVgg net = DemoVgg.byKey(base).orElseThrow();
                String canon = "builtin:" + net.imagenetKey() + "@" + n;
                return new ModelSource(canon, Kind.BUILTIN, "built-in demo model " + canon + ": VGG-" + net.depth() + " ImageNet topology at "
                        + n + "x" + n + " (" + DemoModels.UNTRAINED + ")", () -> net.imagenetFloat(n), () -> net.quantizedImagenet(n));
            }
            case "vgg11-cifar":
            case "vgg16-cifar": {
                if (size != null && size != DemoVgg.SIZE) {
                    throw new QuantizerException("builtin:" + base + " has a fixed 32x32 input (its classifier reads a 1x1 map): drop the @" + size);
                }
                DemoVgg net = DemoVgg.byKey(base).orElseThrow();
                return new ModelSource("builtin:" + net.key(), Kind.BUILTIN, "built-in demo model builtin:" + net.key() + ": VGG-" + net.depth()
                        + " CIFAR variant (3x32x32, 10 classes, " + DemoModels.UNTRAINED + ")", net::floatNet, net::quantized);
            }
            case "tiny":
                if (size != null && size != 16) {
                    throw new QuantizerException("builtin:tiny has a fixed 16x16 input: drop the @" + size);
                }
                return new ModelSource("builtin:tiny", Kind.BUILTIN, "built-in tiny test network builtin:tiny (3x16x16, "
                        + DemoModels.UNTRAINED + ")", DemoModels::tinyFloat, DemoModels::tiny);
            default:
                throw new QuantizerException("unknown built-in model '" + spec + "' (" + BUILTINS + ")");
        }
    }

    /** True if {@code p} is a regular file starting with the quantized model magic {@code FPQM}. */
    static boolean isQuantizedFile(Path p) {
        if (!Files.isRegularFile(p)) {
            return false;
        }
        byte[] head = new byte[4];
        try (InputStream in = Files.newInputStream(p)) {
            return in.readNBytes(head, 0, 4) == 4 && head[0] == 'F' && head[1] == 'P' && head[2] == 'Q' && head[3] == 'M';
        } catch (IOException e) {
            throw new QuantizerException("cannot read model file " + p + ": " + e.getMessage());
        }
    }

    /** The value as given (built-in names in canonical form, e.g. {@code builtin:resnet18@224}). */
    String spec() {
        return spec;
    }

    Kind kind() {
        return kind;
    }

    /** One line saying what was loaded. */
    String detected() {
        return detected;
    }

    /** The float network, or null for a quantized model file. */
    synchronized FloatNet floatNet() {
        if (floatCache == null) {
            floatCache = floatNet.get();
        }
        return floatCache;
    }

    /** The quantized model, or null for a float model file (quantize it first). */
    synchronized QModel quantized() {
        if (quantCache == null) {
            quantCache = quantized.get();
        }
        return quantCache;
    }

    /** The quantized model; for a float model file, an error naming the {@code foldproof quantize} command to run. */
    QModel requireQuantized() {
        QModel q = quantized();
        if (q == null) {
            throw new QuantizerException(spec + " is a float model, but proofs are about a quantized model (whose digest"
                    + " they bind): run `foldproof quantize --model " + spec + " --calib DIR --out model.fpq` and use model.fpq");
        }
        return q;
    }

    /** The model digest (what a proof binds: {@link ModelFile#digest}), hex; null for a float model file. */
    String digestHex() {
        QModel q = quantized();
        return q == null ? null : ModelFile.digestHex(q);
    }

    /** The network's name ({@code resnet18-imagenet-demo}, {@code cifar10-resnet20}, ...). */
    String name() {
        return kind == Kind.FLOAT_FILE ? floatNet().name() : quantized().name();
    }

    Preprocess preprocess() {
        return kind == Kind.FLOAT_FILE ? floatNet().preprocess() : quantized().preprocess();
    }

    Shape input() {
        return kind == Kind.FLOAT_FILE ? floatNet().input() : quantized().input();
    }

    String[] labels() {
        return kind == Kind.FLOAT_FILE ? floatNet().labels() : quantized().labels();
    }
}
