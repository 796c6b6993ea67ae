package foldproof.quantizer.model;

/**
 * One layer of the float network (BatchNorm already folded into convolutions; its affine parameters
 * kept as {@link BnStats} where the importer saw it).
 *
 * <p>Tensor ids: tensor 0 is the network input; layer {@code i} (0-based, network order) writes tensor
 * {@code i + 1}. {@code input} and skip tensors name earlier tensor ids. Weights are flat, row-major:
 * conv {@code [outC][inC][k][k]}, head {@code [classes][inC]}.
 */
public sealed interface FloatLayer permits FloatLayer.Conv, FloatLayer.MaxPool, FloatLayer.Head {
    String name();

    int input();

    /**
     * {@code act(conv(input) + bias + skip)}: every ResNet and VGG conv output is ReLU'd; MobileNetV2 has ReLU6
     * and linear (no activation) bottleneck outputs. With {@code groups > 1} output channel {@code o} reads only
     * the {@code inC / groups} input channels of its group {@code o / (outC / groups)} (torchvision / ONNX
     * {@code groups}; {@code groups = inC = outC} is a depthwise conv).
     *
     * @param weight [outC][inC / groups][kernel][kernel]
     * @param bn the BatchNorm folded into this conv, or null (no BatchNorm, or folded before import)
     */
    record Conv(String name, int input, int inC, int outC, int kernel, int stride, int pad,
                float[] weight, float[] bias, Skip skip, BnStats bn, int groups, Activation act) implements FloatLayer {
        public Conv {
            if (groups < 1 || inC % groups != 0 || outC % groups != 0) {
                throw new IllegalArgumentException(name + ": groups " + groups + " must divide inC " + inC + " and outC " + outC);
            }
            if (weight.length != (long) outC * (inC / groups) * kernel * kernel || bias.length != outC) {
                throw new IllegalArgumentException(name + ": weight/bias length does not match " + outC + "x" + (inC / groups) + "x" + kernel + "x" + kernel);
            }
            if (act == null) {
                throw new IllegalArgumentException(name + ": no activation");
            }
            BnStats.check(name, bn, outC);
        }

        /** A dense conv followed by ReLU. */
        public Conv(String name, int input, int inC, int outC, int kernel, int stride, int pad,
                    float[] weight, float[] bias, Skip skip, BnStats bn) {
            this(name, input, inC, outC, kernel, stride, pad, weight, bias, skip, bn, 1, Activation.RELU);
        }

        /** A dense conv followed by ReLU, without BatchNorm statistics. */
        public Conv(String name, int input, int inC, int outC, int kernel, int stride, int pad,
                    float[] weight, float[] bias, Skip skip) {
            this(name, input, inC, outC, kernel, stride, pad, weight, bias, skip, null);
        }

        /** Input channels each output channel reads, {@code inC / groups}. */
        public int groupInC() {
            return inC / groups;
        }

        /** First input channel output channel {@code o} reads. */
        public int firstInput(int o) {
            return o / (outC / groups) * groupInC();
        }
    }

    /** What follows a conv's sum. */
    enum Activation {
        /** {@code max(0, v)}. */
        RELU,
        /** {@code min(max(0, v), 6)} (MobileNetV2). */
        RELU6,
        /** None: a linear bottleneck, signed (MobileNetV2's projection convs and residual sums). */
        NONE;

        public float apply(float v) {
            return switch (this) {
                case RELU -> v > 0f ? v : 0f;
                case RELU6 -> v > 0f ? Math.min(v, 6f) : 0f;
                case NONE -> v;
            };
        }
    }

    /**
     * The affine part of a BatchNorm folded into a conv, kept for data-free calibration
     * ({@code foldproof.quantizer.quant.DataFreeCalibration}): BN output is {@code gamma * xhat + beta} with
     * {@code xhat} normalised by the running statistics, so on the training data channel {@code c} of the
     * folded conv's output has mean {@code beta[c]} and standard deviation {@code |gamma[c]|}.
     */
    record BnStats(float[] gamma, float[] beta) {
        public BnStats {
            if (gamma.length != beta.length) {
                throw new IllegalArgumentException("BatchNorm gamma has " + gamma.length + " values, beta " + beta.length);
            }
        }

        static void check(String layer, BnStats bn, int outC) {
            if (bn != null && bn.gamma().length != outC) {
                throw new IllegalArgumentException(layer + ": BatchNorm statistics for " + bn.gamma().length + " channels, the conv has " + outC);
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

        /**
         * {@code + conv(a[tensor]) + bias}: a 1x1 or 3x3 strided shortcut conv, BN folded ({@code bn}: its
         * statistics, or null).
         */
        record Projection(int tensor, int inC, int kernel, int stride, int pad, float[] weight, float[] bias, BnStats bn) implements Skip {
            public Projection {
                if (bn != null && bn.gamma().length != bias.length) {
                    throw new IllegalArgumentException("projection shortcut: BatchNorm statistics for " + bn.gamma().length
                            + " channels, the conv has " + bias.length);
                }
            }

            /** A projection without BatchNorm statistics. */
            public Projection(int tensor, int inC, int kernel, int stride, int pad, float[] weight, float[] bias) {
                this(tensor, inC, kernel, stride, pad, weight, bias, null);
            }
        }

        /**
         * "Option A" shortcut: {@code a[tensor][:, ::stride, ::stride]} with {@code padBefore} zero channels
         * before and the rest after, up to the output width. No weights.
         */
        record OptionA(int tensor, int inC, int stride, int padBefore) implements Skip { }
    }
}
