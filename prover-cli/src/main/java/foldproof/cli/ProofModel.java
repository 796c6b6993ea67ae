package foldproof.cli;

import foldproof.fixtures.DemoModels;
import foldproof.quantizer.model.QModel;
import foldproof.quantizer.quant.ModelFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Resolves the {@code --model} option of {@code prove}, {@code verify} and the depth benchmark: a quantized
 * model file (from {@code foldproof quantize}; proofs bind its digest), or a built-in demo model {@code builtin:resnet18[@SIZE]},
 * {@code builtin:resnet34[@SIZE]}, {@code builtin:tiny}. Default: the embedded demo ResNet-18 at 224x224
 * (untrained demo weights).
 */
final class ProofModel {
    static final String DEFAULT = "builtin:resnet18@224";

    private ProofModel() { }

    static QModel load(String spec) throws IOException {
        String s = spec == null ? DEFAULT : spec;
        if (s.startsWith("builtin:")) {
            String name = s.substring("builtin:".length());
            int size = 224;
            int at = name.indexOf('@');
            if (at >= 0) {
                try {
                    size = Integer.parseInt(name.substring(at + 1));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("bad input size in " + s);
                }
                name = name.substring(0, at);
            }
            switch (name) {
                case "resnet18":
                    return DemoModels.resnet18Imagenet(size);
                case "resnet34":
                    return DemoModels.resnet34Imagenet(size);
                case "tiny":
                    return DemoModels.tiny();
                default:
                    throw new IllegalArgumentException("unknown built-in model '" + name
                            + "' (builtin:resnet18[@SIZE], builtin:resnet34[@SIZE], builtin:tiny)");
            }
        }
        Path p = Path.of(s);
        if (!Files.isRegularFile(p)) {
            throw new IOException("model file not found: " + p);
        }
        if (!ModelSource.isQuantizedFile(p)) {
            throw new IllegalArgumentException(p + " is not a quantized model file: run `foldproof quantize` on it first"
                    + " (proofs are about the quantized network, whose digest they bind)");
        }
        return ModelFile.read(p);
    }
}
