package foldproof.cli;

import foldproof.fixtures.DemoModels;
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
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What {@code --model} named: a float model (ONNX or safetensors, imported), a quantized model file
 * ({@code .fpq}, recognised by its magic {@code FPQM}: no float network), or, without {@code --model},
 * the embedded demo ResNet-18 (ImageNet topology at 224, untrained demo weights) with both its float
 * network and its quantized model.
 *
 * @param floatNet  null for a quantized model file
 * @param quantized null for an imported float model (quantize it first)
 * @param detected  one line saying what was loaded
 */
record ModelSource(FloatNet floatNet, QModel quantized, String detected) {
    static final int DEMO_SIZE = 224;

    static ModelSource load(Path model, Path config, String arch) {
        if (model == null) {
            if (config != null || arch != null) {
                throw new QuantizerException("--config and --arch need --model");
            }
            return new ModelSource(DemoModels.resnet18ImagenetFloat(DEMO_SIZE), DemoModels.resnet18Imagenet(DEMO_SIZE),
                    "embedded demo model resnet18-imagenet-demo at " + DEMO_SIZE + "x" + DEMO_SIZE + " (" + DemoModels.UNTRAINED + ")");
        }
        if (!Files.exists(model)) {
            throw new QuantizerException("model file not found: " + model);
        }
        if (isQuantizedFile(model)) {
            if (config != null || arch != null) {
                throw new QuantizerException(model + " is a quantized model file; --config and --arch apply to float models only");
            }
            QModel q = ModelFile.read(model);
            return new ModelSource(null, q, "quantized model file " + model.getFileName() + ": " + q.name()
                    + (q.description().isEmpty() ? "" : " (" + q.description() + ")"));
        }
        Arch a;
        try {
            a = arch == null ? Arch.AUTO : Arch.parse(arch);
        } catch (IllegalArgumentException e) {
            throw new QuantizerException(e.getMessage());
        }
        Importers.Imported imp = Importers.importModel(model, config, a);
        return new ModelSource(imp.net(), null, imp.detected());
    }

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

    Preprocess preprocess() {
        return floatNet != null ? floatNet.preprocess() : quantized.preprocess();
    }

    Shape input() {
        return floatNet != null ? floatNet.input() : quantized.input();
    }

    String name() {
        return floatNet != null ? floatNet.name() : quantized.name();
    }

    String[] labels() {
        return floatNet != null ? floatNet.labels() : quantized.labels();
    }

    boolean isDemo() {
        return detected.startsWith("embedded demo");
    }
}
