package foldproof.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;

/**
 * {@code --model M [--config JSON] [--arch A]} of the commands that also use a float network
 * ({@code infer}, {@code eval}, {@code quantize}), mixed in with {@code @Mixin FloatModelOptions model;}.
 * See {@link ModelSource} for what a value may name.
 */
final class FloatModelOptions {
    @Option(names = "--model", paramLabel = "M", defaultValue = ModelSource.DEFAULT,
            description = {"Float model file (ONNX, or safetensors: HuggingFace, torchvision, akamaster or pytorch-cifar CIFAR; BasicBlock or Bottleneck ResNets, CIFAR VGGs, torchvision MobileNetV2),"
                    + " a HuggingFace hub model hf:ORG/NAME[@REVISION] (config.json + model.safetensors, downloaded into the cache),"
                    + " a quantized .fpq file, or a built-in demo model with untrained demo weights:"
                    + " builtin:resnet18[@N], builtin:resnet34[@N], builtin:resnet50[@N], builtin:resnet101[@N], builtin:mobilenetv2[@N], builtin:vgg11[@N], builtin:vgg16[@N], builtin:vgg11-cifar, builtin:vgg16-cifar, builtin:tiny. Default: ${DEFAULT-VALUE}."})
    String model;

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--config", paramLabel = "JSON",
            description = "HuggingFace config.json or foldproof config (labels, preprocessing) of a float model file.")
    Path config;

    @Option(names = "--arch", paramLabel = "A",
            description = "Format of a float model file: auto (default), onnx, hf, torchvision, akamaster (or pytorch-cifar), vgg, mobilenetv2.")
    String arch;

    /** The resolved source. */
    ModelSource source() {
        return ModelSource.resolve(model, config, arch, mixee.commandLine().getErr());
    }
}
