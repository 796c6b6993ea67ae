package foldproof.cli;

import foldproof.fixtures.DemoImages;
import foldproof.fixtures.DemoModels;
import foldproof.fixtures.SharedData;
import foldproof.quantizer.image.ImageLoader;
import foldproof.quantizer.importers.Arch;
import foldproof.quantizer.importers.Importers;
import foldproof.quantizer.model.FloatNet;
import foldproof.quantizer.model.QModel;
import foldproof.quantizer.quant.ModelFile;
import foldproof.quantizer.quant.Quantizer;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The models of {@code bench depth}, each written as a quantized model file plus an input image for the
 * child JVMs: the real CIFAR-10 ResNet-20 / ResNet-56 (akamaster weights from the shared data folder,
 * quantized with calibration on dev images), the demo ImageNet ResNet-18 / ResNet-34 at one input size, and
 * the tiny test net (for tests of the plumbing).
 */
final class DepthModels {
    /** A prepared model: its files and where it sits in the depth comparison. */
    record Prepared(String key, String family, int depth, Path modelFile, Path image, String note) { }

    /** Names accepted by {@code --models}. */
    static final List<String> ALL = List.of("resnet20", "resnet56", "resnet18", "resnet34", "tiny");
    static final List<String> DEFAULT = List.of("resnet20", "resnet56", "resnet18", "resnet34");

    private DepthModels() { }

    /**
     * Prepares {@code key} in {@code work}; empty (with a message on {@code err}) when it needs the shared
     * data folder and that is absent.
     *
     * @param image  an image for every model, or null: a CIFAR dev image for the real models, a generated
     *               {@code size x size} PNG for the demo ones
     * @param calib  number of dev images for calibration of the real models
     */
    static Optional<Prepared> prepare(String key, Path work, Path image, int size, int calib, PrintWriter err)
            throws IOException {
        switch (key) {
            case "resnet20":
            case "resnet56":
                return real(key, work, image, calib, err);
            case "resnet18":
            case "resnet34": {
                QModel m = key.equals("resnet18") ? DemoModels.resnet18Imagenet(size) : DemoModels.resnet34Imagenet(size);
                Path img = image != null ? image : generated(work, size);
                return Optional.of(write(key, "demo ImageNet " + size + "x" + size, key.equals("resnet18") ? 18 : 34, m, work, img,
                        DemoModels.UNTRAINED));
            }
            case "tiny": {
                Path img = image != null ? image : generated(work, 16);
                return Optional.of(write(key, "tiny", weightedLayers(DemoModels.tiny()), DemoModels.tiny(), work, img, DemoModels.UNTRAINED));
            }
            default: {
                QModel m = ModelSource.resolve(key, null, null).requireQuantized();
                Path img = image != null ? image : generated(work, m.input().h(), m.input().w());
                return Optional.of(write(fileKey(key), "other", weightedLayers(m), m, work, img, key));
            }
        }
    }

    /**
     * Checks every {@code --models} entry before anything runs: a name of {@link #ALL}, or any {@code --model}
     * value naming a quantized model ({@code builtin:...}, a {@code .fpq} file).
     */
    static void validate(List<String> keys) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("--models is empty");
        }
        for (String k : keys) {
            if (!ALL.contains(k)) {
                if (!k.startsWith("builtin:") && !Files.exists(Path.of(k))) {
                    throw new IllegalArgumentException("--models " + k + ": unknown; use " + String.join(", ", ALL)
                            + ", a built-in model (" + ModelSource.BUILTINS + ") or a .fpq file");
                }
                try {
                    ModelSource src = ModelSource.resolve(k, null, null);
                    if (src.kind() == ModelSource.Kind.FLOAT_FILE) {
                        src.requireQuantized();
                    }
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException("--models " + k + ": " + e.getMessage());
                }
            }
        }
    }

    /** Conv and head layers: the depth of a ResNet as its name counts it (max pools do not count). */
    static int weightedLayers(QModel m) {
        int n = 0;
        for (var l : m.layers()) {
            n += l instanceof foldproof.quantizer.model.QLayer.MaxPool ? 0 : 1;
        }
        return n;
    }

    private static String fileKey(String key) {
        return key.replaceAll("[^A-Za-z0-9._@-]", "_");
    }

    private static Optional<Prepared> real(String key, Path work, Path image, int calib, PrintWriter err) {
        String dir = key.equals("resnet20") ? "cifar10-resnet20" : "cifar10-resnet56";
        Optional<Path> weights = SharedData.resolve(dir + "/model.safetensors");
        Optional<Path> dev = SharedData.resolve("cifar10-test-dev");
        if (weights.isEmpty() || dev.isEmpty()) {
            err.println("skipping " + key + ": shared data (" + dir + ", cifar10-test-dev) not found"
                    + " (set FOLDPROOF_DATA or -Dfoldproof.data)");
            return Optional.empty();
        }
        FloatNet net = Importers.importModel(weights.get(), null, Arch.AKAMASTER).net();
        List<Path> files = devImages(dev.get());
        // image 0 of each class is left out of calibration; the first class's image 0 is the proven image
        List<float[]> cal = new ArrayList<>();
        for (int round = 1; cal.size() < calib && round < 100; round++) {
            for (List<Path> cls : byClass(dev.get())) {
                if (round < cls.size() && cal.size() < calib) {
                    cal.add(ImageLoader.load(cls.get(round), net.preprocess()));
                }
            }
        }
        QModel m = Quantizer.quantize(net, cal);
        Path img = image != null ? image : files.get(0);
        return Optional.of(write(key, "CIFAR-10 real weights", key.equals("resnet20") ? 20 : 56, m, work, img,
                "calibrated on " + cal.size() + " dev images, proven on " + img.getParent().getFileName() + "/" + img.getFileName()));
    }

    /** All dev images, class folders in name order, files sorted by name. */
    static List<Path> devImages(Path dev) {
        List<Path> all = new ArrayList<>();
        for (List<Path> cls : byClass(dev)) {
            all.addAll(cls);
        }
        if (all.isEmpty()) {
            throw new IllegalArgumentException("no images in " + dev);
        }
        return all;
    }

    private static List<List<Path>> byClass(Path dev) {
        List<List<Path>> out = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(dev)) {
            for (Path d : dirs.filter(Files::isDirectory).sorted().toList()) {
                try (Stream<Path> fs = Files.list(d)) {
                    out.add(fs.filter(Files::isRegularFile).sorted().toList());
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot list " + dev + ": " + e.getMessage());
        }
        return out;
    }

    private static Path generated(Path work, int size) throws IOException {
        return generated(work, size, size);
    }

    private static Path generated(Path work, int h, int w) throws IOException {
        Path p = work.resolve("demo-" + h + "x" + w + ".png");
        if (!Files.exists(p)) {
            Files.write(p, DemoImages.png(1, h, w));
        }
        return p;
    }

    private static Prepared write(String key, String family, int depth, QModel m, Path work, Path img, String note) {
        Path f = work.resolve(key + ".fpm");
        ModelFile.write(m, f);
        return new Prepared(key, family, depth, f, img, note);
    }
}
