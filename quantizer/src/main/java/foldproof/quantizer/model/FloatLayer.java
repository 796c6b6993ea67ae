package foldproof.quantizer.model;

/**
 * One layer of the float network (BatchNorm already folded into convolutions).
 *
 * <p>Tensor ids: tensor 0 is the network input; layer {@code i} (0-based, network order) writes tensor
 * {@code i + 1}. {@code input} and skip tensors name earlier tensor ids. Weights are flat, row-major:
 * conv {@code [outC][inC][k][k]}, head {@code [classes][inC]}.
 */
public sealed interface FloatLayer permits FloatLayer.Conv, FloatLayer.MaxPool, FloatLayer.Head {
    String name();

    int input();

    /** {@code relu(conv(input) + bias + skip)}. Every ResNet conv output is ReLU'd. */
    record Conv(String name, int input, int inC, int outC, int kernel, int stride, int pad,
                float[] weight, float[] bias, Skip skip) implements FloatLayer {
        public Conv {
            if (weight.length != (long) outC * inC * kernel * kernel || bias.length != outC) {
                throw new IllegalArgumentException(name + ": weight/bias length does not match " + outC + "x" + inC + "x" + kernel + "x" + kernel);
            }
        }
    }

    record MaxPool(String name, int input, int kernel, int stride, int pad) implements FloatLayer { }

    /** Global average pool over the input map, then Linear: {@code logits = W * mean_yx(a) + b}. */
    record Head(String name, int input, int inC, int classes, float[] weight, float[] bias) implements FloatLayer {
        public Head {
            if (weight.length != (long) classes * inC || bias.length != classes) {
                throw new IllegalArgumentException(name + ": head weight/bias length does not match " + classes + "x" + inC);
            }
        }
    }

    /** The residual term added to a conv accumulator before its ReLU. */
    sealed interface Skip permits Skip.None, Skip.Identity, Skip.Projection, Skip.OptionA {
        record None() implements Skip { }

        /** {@code + a[tensor]} (same shape as the output). */
        record Identity(int tensor) implements Skip { }

        /** {@code + conv(a[tensor]) + bias}: a 1x1 or 3x3 strided shortcut conv, BN folded. */
        record Projection(int tensor, int inC, int kernel, int stride, int pad, float[] weight, float[] bias) implements Skip { }

        /**
         * "Option A" shortcut: {@code a[tensor][:, ::stride, ::stride]} with {@code padBefore} zero channels
         * before and the rest after, up to the output width. No weights.
         */
        record OptionA(int tensor, int inC, int stride, int padBefore) implements Skip { }
    }
}
