package foldproof.cli;

import foldproof.fixtures.DemoModels;
import foldproof.quantizer.model.QModel;
import foldproof.quantizer.quant.ModelFile;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code --model M [--input-size N]}: a quantized model file, or a built-in demo name
 * ({@code resnet18-imagenet-demo} (default), {@code resnet34-imagenet-demo}, {@code tiny}).
 */
final class ModelSelection {
    static final String DEFAULT = "resnet18-imagenet-demo";

    @Option(names = "--model", paramLabel = "M",
            description = "Quantized model file, or a demo: resnet18-imagenet-demo (default, untrained demo weights), resnet34-imagenet-demo, tiny.")
    String model = DEFAULT;

    @Option(names = "--input-size", paramLabel = "N", description = "Input size of a demo ImageNet model (default 224).")
    int inputSize = 224;

    QModel load() {
        switch (model) {
            case "resnet18-imagenet-demo":
                return DemoModels.resnet18Imagenet(inputSize);
            case "resnet34-imagenet-demo":
                return DemoModels.resnet34Imagenet(inputSize);
            case "tiny":
                return DemoModels.tiny();
            default:
                Path p = Path.of(model);
                if (!Files.isRegularFile(p)) {
                    throw new IllegalArgumentException("--model " + model
                            + ": no such file and not a demo name (resnet18-imagenet-demo, resnet34-imagenet-demo, tiny)");
                }
                return ModelFile.read(p);
        }
    }
}
