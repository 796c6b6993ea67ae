package foldproof.quantizer.model;

/**
 * One layer of the integer network (DESIGN section 2). Same tensor-id convention as {@link FloatLayer}.
 *
 * <p>Conv: for output channel {@code o} at {@code (y, x)}, with {@code G = groups}, {@code cg = inC / G} input
 * channels per group and {@code g = o / (outC / G)} the group of {@code o},
 * {@code acc = b[o] + sum_{i < cg, ky, kx} w[o,i,ky,kx] * a[g*cg + i, y*s+ky-p, x*s+kx-p] + skip}, then
 * {@code out = clamp((acc + 2^(shift-1)) >> shift, 0, 255)} (arithmetic shift = floor). Out-of-range
 * input positions read 0. {@code G = 1} is the dense conv; {@code G = inC = outC} a depthwise one. The input
 * tensor (id 0) holds int8 values in [-128, 127]; every other tensor holds uint8 values in [0, 255] (what a
 * value means, e.g. a zero point of 128 for a signed linear-bottleneck tensor, is the quantizer's business:
 * the integer network is these formulas alone; docs/quantizer.md).
 */
public sealed interface QLayer permits QLayer.Conv, QLayer.MaxPool, QLayer.Head {
    String name();

    int input();

    /** @param w weights {@code [outC][inC / groups][kernel][kernel]} */
    record Conv(String name, int input, int inC, int outC, int kernel, int stride, int pad,
                int[] w, long[] b, int shift, QSkip skip, int groups) implements QLayer {
        /** A dense conv ({@code groups = 1}). */
        public Conv(String name, int input, int inC, int outC, int kernel, int stride, int pad,
                    int[] w, long[] b, int shift, QSkip skip) {
            this(name, input, inC, outC, kernel, stride, pad, w, b, shift, skip, 1);
        }

        /** Input channels each output channel reads: {@code inC / groups}, the weights' second dimension. */
        public int groupInC() {
            return inC / groups;
        }

        /** First input channel output channel {@code o} reads: {@code (o / (outC / groups)) * groupInC()}. */
        public int firstInput(int o) {
            return o / (outC / groups) * groupInC();
        }
    }

    /**
     * Max over the window; padding reads the input tensor's minimum, the value neutral for the max: 0 for a
     * uint8 tensor. (A max pool with padding over the signed input is refused at load: see ModelChecks.)
     */
    record MaxPool(String name, int input, int kernel, int stride, int pad) implements QLayer { }

    /**
     * Global average pool and Linear folded into one integer map:
     * {@code logit[j] = b[j] + sum_c w[j,c] * sum_{y,x} a[c,y,x]}; float logit = {@code logitScale * logit[j]}.
     */
    record Head(String name, int input, int inC, int classes, int[] w, long[] b, double logitScale) implements QLayer { }

    /** Residual terms inside the conv accumulator. */
    sealed interface QSkip permits QSkip.None, QSkip.Identity, QSkip.Projection, QSkip.OptionA {
        record None() implements QSkip { }

        /** {@code + alpha * a[tensor][o, y, x]}. */
        record Identity(int tensor, long alpha) implements QSkip { }

        /** {@code + sum w[o,i,ky,kx] * a[tensor][i, y*s+ky-p, x*s+kx-p]}; its bias is merged into the conv's {@code b}. */
        record Projection(int tensor, int inC, int kernel, int stride, int pad, int[] w) implements QSkip { }

        /** {@code + alpha * a[tensor][o - padBefore, y*stride, x*stride]} for {@code 0 <= o - padBefore < inC}, else 0. */
        record OptionA(int tensor, int inC, int stride, int padBefore, long alpha) implements QSkip { }
    }
}
