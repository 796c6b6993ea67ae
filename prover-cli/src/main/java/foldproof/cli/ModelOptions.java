package foldproof.cli;

import foldproof.quantizer.model.QModel;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code --model M} of the commands that work on a quantized model ({@code prove}, {@code verify},
 * {@code inspect}, {@code check}), mixed in with {@code @Mixin ModelOptions model;}. See {@link ModelSource}
 * for what a value may name.
 */
final class ModelOptions {
    @Option(names = "--model", paramLabel = "M", defaultValue = ModelSource.DEFAULT,
            description = {"Quantized model file (.fpq, from `foldproof quantize`), or a built-in demo model with untrained"
                    + " demo weights: builtin:resnet18[@N], builtin:resnet34[@N], builtin:resnet50[@N], builtin:resnet101[@N], builtin:mobilenetv2[@N] (N x N input, 32..448, default 224),"
                    + " builtin:vgg11[@N], builtin:vgg16[@N] (ImageNet topology, N 32..63 or 224..255, default 224), builtin:vgg11-cifar, builtin:vgg16-cifar (32x32), builtin:tiny. Default: ${DEFAULT-VALUE} (untrained demo weights: its label means nothing, and proving"
                    + " it takes about a minute and 3 GB on a quiet 2-core machine)."})
    String model;

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    /** The resolved source. */
    ModelSource source() {
        return ModelSource.resolve(model, null, null, mixee.commandLine().getErr());
    }

    /** The quantized model (a float model file is refused with the command that quantizes it). */
    QModel load() {
        return source().requireQuantized();
    }
}
