package foldproof.quantizer.importers;

import foldproof.quantizer.QuantizerException;
import foldproof.quantizer.model.FloatLayer;
import foldproof.quantizer.model.FloatLayer.Activation;
import foldproof.quantizer.model.FloatLayer.Skip;
import foldproof.quantizer.model.FloatNet;
import foldproof.quantizer.model.Preprocess;
import foldproof.quantizer.model.Shape;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds a MobileNetV2 {@link FloatNet} from a torchvision state dict in safetensors, as
 * {@code torchvision/models/mobilenetv2.py} (pytorch/vision 0256d651009f1c17faec52bb3ad6b5e35d04beb3) names it:
 * <ul>
 *   <li>{@code features.0.0} conv 3x3 stride 2 (no bias), {@code features.0.1} BatchNorm, ReLU6;</li>
 *   <li>{@code features.1..17}: {@code InvertedResidual}s. With an expansion ({@code t != 1}): {@code conv.0.0} 1x1
 *       expand + {@code conv.0.1} BN + ReLU6, {@code conv.1.0} 3x3 depthwise ({@code groups} = its channels, the
 *       weight {@code [C, 1, 3, 3]}) + {@code conv.1.1} BN + ReLU6, {@code conv.2} 1x1 linear projection +
 *       {@code conv.3} BN. Without ({@code features.1}): {@code conv.0.0} depthwise + {@code conv.0.1}, {@code conv.1}
 *       projection + {@code conv.2} BN. The input is added when the stride is 1 and the channels stay;</li>
 *   <li>{@code features.18.0} conv 1x1 + {@code features.18.1} BN + ReLU6; adaptive average pool;
 *       {@code classifier.1} Linear (after a Dropout).</li>
 * </ul>
 * A state dict holds no strides: they are torchvision's {@code inverted_residual_setting} (17 blocks in stages of
 * 1, 2, 3, 4, 3, 3, 1, the first block of stages 2, 3, 4 and 6 with stride 2), so a dict with another number of
 * blocks, or whose channel count changes inside a stage, is refused. Any width multiplier fits this layout.
 */
final class MobileNetV2Importer {
    private MobileNetV2Importer() { }

    /** Blocks per stage and the stride of each stage's first block (torchvision's setting, n and s). */
    private static final int[] STAGE_BLOCKS = {1, 2, 3, 4, 3, 3, 1};
    private static final int[] STAGE_STRIDE = {1, 2, 2, 2, 1, 2, 1};

    static FloatNet build(Safetensors st, ModelConfig cfg) {
        int blocks = 0;
        while (st.has("features." + (blocks + 1) + ".conv.0.0.weight")) {
            blocks++;
        }
        int total = Arrays.stream(STAGE_BLOCKS).sum();
        if (blocks != total) {
            throw new QuantizerException("MobileNetV2: found " + blocks + " inverted residual blocks (features.1.. with conv.0.0.weight), "
                    + "torchvision's layout has " + total + " (the strides are not in a state dict, so only that layout is known)");
        }
        Preprocess pre = cfg.preprocess() != null ? cfg.preprocess() : Preprocess.imagenet(224);
        Shape in = new Shape(3, pre.crop(), pre.crop());
        List<FloatLayer> layers = new ArrayList<>();
        List<Shape> shapes = new ArrayList<>(List.of(in));
        int t = conv(st, layers, shapes, "features.0.0", "features.0.1", 0, 2, false, Activation.RELU6, null);
        int block = 1;
        for (int s = 0; s < STAGE_BLOCKS.length; s++) {
            int stageC = -1;
            for (int j = 0; j < STAGE_BLOCKS[s]; j++, block++) {
                t = invertedResidual(st, layers, shapes, "features." + block, t, j == 0 ? STAGE_STRIDE[s] : 1);
                int c = shapes.get(t).c();
                if (stageC >= 0 && c != stageC) {
                    throw new QuantizerException("MobileNetV2: features." + block + " has " + c + " output channels, the blocks before it in its stage "
                            + stageC + " (not torchvision's layout)");
                }
                stageC = c;
            }
        }
        String last = "features." + block;
        if (!st.has(last + ".0.weight")) {
            throw new QuantizerException("MobileNetV2: missing tensor '" + last + ".0.weight' (the last 1x1 conv)");
        }
        t = conv(st, layers, shapes, last + ".0", last + ".1", t, 1, false, Activation.RELU6, null);
        Shape feat = shapes.get(t);
        Safetensors.Entry we = st.entry("classifier.1.weight");
        if (we.shape().length != 2 || we.shape()[1] != feat.c()) {
            throw new QuantizerException("MobileNetV2: 'classifier.1.weight' must be [classes, " + feat.c() + "], is " + Arrays.toString(we.shape()));
        }
        int classes = (int) we.shape()[0];
        layers.add(new FloatLayer.Head("classifier.1", t, feat.c(), classes, st.floats("classifier.1.weight", classes, feat.c()),
                st.floats("classifier.1.bias", classes)));
        return new FloatNet("mobilenetv2", pre, in, layers, cfg.labels(classes, in.h()));
    }

    private static int invertedResidual(Safetensors st, List<FloatLayer> layers, List<Shape> shapes, String name, int in, int stride) {
        int inC = shapes.get(in).c();
        // with an expansion the depthwise conv is conv.1.0 (without, conv.1 is the projection)
        boolean expand = st.has(name + ".conv.1.0.weight");
        int t = in;
        int m = 0;
        if (expand) {
            t = conv(st, layers, shapes, name + ".conv.0.0", name + ".conv.0.1", t, 1, false, Activation.RELU6, null);
            m = 1;
        }
        t = conv(st, layers, shapes, name + ".conv." + m + ".0", name + ".conv." + m + ".1", t, stride, true, Activation.RELU6, null);
        int outC = (int) st.entry(name + ".conv." + (m + 1) + ".weight").shape()[0];
        Skip skip = stride == 1 && outC == inC ? new Skip.Identity(in) : new Skip.None();
        return conv(st, layers, shapes, name + ".conv." + (m + 1), name + ".conv." + (m + 2), t, 1, false, Activation.NONE, skip);
    }

    /**
     * Conv {@code conv} (weight {@code [C, inC, k, k]}, or {@code [C, 1, k, k]} with {@code depthwise}, C = inC) with
     * BatchNorm {@code bn} folded; pad {@code k / 2}.
     */
    private static int conv(Safetensors st, List<FloatLayer> layers, List<Shape> shapes, String conv, String bn, int input, int stride,
                            boolean depthwise, Activation act, Skip skip) {
        Shape s = shapes.get(input);
        Safetensors.Entry e = st.entry(conv + ".weight");
        long[] d = e.shape();
        long perGroup = depthwise ? 1 : s.c();
        if (d.length != 4 || d[1] != perGroup || d[2] != d[3] || d[2] % 2 == 0 || (depthwise && d[0] != s.c()) || d[0] < 1 || d[0] > 1 << 16) {
            throw new QuantizerException("MobileNetV2 " + conv + ": '" + conv + ".weight' must be [" + (depthwise ? s.c() : "C") + ", " + perGroup
                    + ", k, k] with odd k" + (depthwise ? " (depthwise)" : "") + ", is " + Arrays.toString(d));
        }
        int outC = (int) d[0];
        int k = (int) d[2];
        float[] w = st.floats(conv + ".weight", d);
        float[] b = st.has(conv + ".bias") ? st.floats(conv + ".bias", outC) : null;
        float[] gamma = st.floats(bn + ".weight", outC);
        float[] beta = st.floats(bn + ".bias", outC);
        float[][] f = BatchNorm.fold(conv, w, b, outC, gamma, beta, st.floats(bn + ".running_mean", outC),
                st.floats(bn + ".running_var", outC), BatchNorm.DEFAULT_EPS);
        Shape out;
        try {
            out = new Shape(outC, Shape.outExtent(s.h(), k, stride, k / 2), Shape.outExtent(s.w(), k, stride, k / 2));
        } catch (IllegalArgumentException ex) {
            throw new QuantizerException("MobileNetV2 " + conv + ": " + ex.getMessage());
        }
        layers.add(new FloatLayer.Conv(conv, input, s.c(), outC, k, stride, k / 2, f[0], f[1], skip == null ? new Skip.None() : skip,
                new FloatLayer.BnStats(gamma, beta), depthwise ? s.c() : 1, act));
        shapes.add(out);
        return shapes.size() - 1;
    }
}
