package foldproof.quantizer.importers;

import foldproof.quantizer.QuantizerException;
import foldproof.quantizer.model.FloatLayer;
import foldproof.quantizer.model.FloatLayer.Skip;
import foldproof.quantizer.model.FloatNet;
import foldproof.quantizer.model.Preprocess;
import foldproof.quantizer.model.Shape;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * Builds a VGG {@link FloatNet} from a safetensors state dict with {@code features.{i}} / {@code classifier}
 * names: torchvision's {@code make_layers} and kuangliu/pytorch-cifar's {@code _make_layers} number the modules
 * of one {@code nn.Sequential}, a conv 3x3 pad 1 (with bias) at {@code i}, then with BatchNorm {@code i+1} =
 * BN and {@code i+2} = ReLU, without BatchNorm {@code i+1} = ReLU; a max pool 2x2/2 takes one index. So the
 * gap between two convs' indices says whether a pool sits between them, and every VGG configuration (A, B, D, E)
 * ends with a pool after its last conv.
 *
 * <p>The classifier: the CIFAR variant (pytorch-cifar, the network zkCNN proves) is one {@code classifier}
 * Linear from the 512 channels of the final 1x1 map, which is the {@link FloatLayer.Head} (average pool over
 * one position, then Linear). torchvision's ImageNet classifier ({@code classifier.{0,3,6}}: Linear 25088 -> 4096,
 * ReLU, Dropout, Linear 4096 -> 4096, ReLU, Dropout, Linear 4096 -> classes) is a chain of dense layers with
 * ReLU, imported as convs ({@link #dense}): a Linear over the flattened CxHxW map is a conv with an HxW kernel, no
 * padding, giving a 1x1 map; a Linear over a 1x1 map is a 1x1 conv. So each is a {@link FloatLayer.Conv} with
 * ReLU (requantisation and clamp as every conv; Dropout is the identity at inference), and the last Linear is the
 * {@link FloatLayer.Head} (average pool over one position). torchvision's {@code AdaptiveAvgPool2d((7, 7))} before
 * the classifier is the identity on a 7x7 map (input 224) and replicates the single value 49 times on a 1x1 map
 * (input 32..63), where fc6 is exactly the 1x1 conv whose weights are fc6's summed over the 7x7 positions; other
 * map sizes are refused.
 *
 * <p>Upstream definitions followed: torchvision {@code torchvision/models/vgg.py} (pytorch/vision
 * 02196ff416e2ccfe1127d1c1a8745e47afa2fd93), kuangliu/pytorch-cifar {@code models/vgg.py}
 * (64fe317af0709823a23de5010c173c1912881965).
 */
final class VggImporter {
    private VggImporter() { }

    /** Convs per VGG configuration (A, B, D, E) and the depth its name counts (convs + 3 Linear). */
    private static final int[][] CONFIGS = {{8, 11}, {10, 13}, {13, 16}, {16, 19}};

    static FloatNet build(Safetensors st, ModelConfig cfg) {
        boolean imagenet = st.has("classifier.0.weight");
        TreeSet<Integer> convs = new TreeSet<>();
        for (String n : st.names()) {
            if (n.startsWith("features.") && n.endsWith(".weight")) {
                String idx = n.substring("features.".length(), n.length() - ".weight".length());
                try {
                    int i = Integer.parseInt(idx);
                    if (st.entry(n).shape().length == 4) {
                        convs.add(i);
                    }
                } catch (NumberFormatException e) {
                    throw new QuantizerException("unexpected VGG tensor name '" + n + "' (expected features.<index>.weight)");
                }
            }
        }
        if (convs.isEmpty() || convs.first() != 0) {
            throw new QuantizerException("no VGG convolution 'features.0.weight' found");
        }
        boolean bn = st.has("features.1.running_mean");
        int step = bn ? 3 : 2; // conv, [BN,] ReLU
        Preprocess pre = cfg.preprocess() != null ? cfg.preprocess() : imagenet ? Preprocess.imagenet(224) : Preprocess.cifarDatasetNorm(32);
        Shape in = new Shape(3, pre.crop(), pre.crop());
        List<FloatLayer> layers = new ArrayList<>();
        List<Shape> shapes = new ArrayList<>(List.of(in));
        int cur = 0;
        Integer prev = null;
        for (int i : convs) {
            if (prev != null) {
                int gap = i - prev;
                if (gap == step + 1) {
                    cur = pool(layers, shapes, "features." + (i - 1), cur);
                } else if (gap != step) {
                    throw new QuantizerException("VGG features." + prev + " -> features." + i + ": expected the next conv at index "
                            + (prev + step) + " or, after a max pool, " + (prev + step + 1) + (bn ? " (conv, BN, ReLU)" : " (conv, ReLU; no BatchNorm)"));
                }
            }
            cur = conv(st, layers, shapes, i, cur, bn);
            prev = i;
        }
        cur = pool(layers, shapes, "features." + (prev + step), cur);

        String name = "vgg";
        for (int[] c : CONFIGS) {
            name = c[0] == convs.size() ? "vgg" + c[1] : name;
        }
        name = (name.equals("vgg") ? "vgg-" + convs.size() + "conv" : name) + (bn ? "-bn" : "");
        String head = imagenet ? "classifier.6" : "classifier";
        if (imagenet) {
            for (String fc : new String[] {"classifier.0", "classifier.3"}) {
                Shape s = shapes.get(cur);
                Safetensors.Entry e = st.entry(fc + ".weight");
                if (e.shape().length != 2) {
                    throw new QuantizerException("'" + fc + ".weight' must be a matrix [out, in], is " + Arrays.toString(e.shape()));
                }
                int out = (int) e.shape()[0];
                int flat = (int) e.shape()[1];
                layers.add(dense(fc, cur, s, out, st.floats(fc + ".weight", out, flat), st.floats(fc + ".bias", out)));
                shapes.add(new Shape(out, 1, 1));
                cur = shapes.size() - 1;
            }
        }
        Shape last = shapes.get(cur);
        Safetensors.Entry we = st.entry(head + ".weight");
        if (we.shape().length != 2 || we.shape()[1] != last.c()) {
            throw new QuantizerException("classifier '" + head + ".weight' must be [classes, " + last.c() + "], is " + Arrays.toString(we.shape()));
        }
        if (last.h() != 1 || last.w() != 1) {
            throw new QuantizerException("the CIFAR VGG classifier reads a 1x1 map, but a " + in.h() + "x" + in.w() + " input gives "
                    + last + " after the convs (use a 32x32 input: preprocess crop 32)");
        }
        int classes = (int) we.shape()[0];
        layers.add(new FloatLayer.Head(head, cur, last.c(), classes, st.floats(head + ".weight", classes, last.c()),
                st.floats(head + ".bias", classes)));
        return new FloatNet(name + (imagenet ? "" : "-cifar"), pre, in, layers, cfg.labels(classes, in.h()));
    }

    /** The map side torchvision's VGG classifier reads ({@code AdaptiveAvgPool2d((7, 7))}). */
    static final int POOLED = 7;

    /**
     * A Linear with ReLU over the flattened map {@code s} (for fc6, after torchvision's {@code AdaptiveAvgPool2d((7, 7))})
     * as a conv giving a 1x1 map: the {@code flat} input
     * features of a 7x7 map are {@code c * 49 + y * 7 + x}, the layout of a conv weight {@code [out][c][7][7]}, so the
     * Linear is the 7x7 conv without padding; over a 1x1 map with {@code flat = c} it is the 1x1 conv; over a 1x1 map
     * with {@code flat = 49 c} the adaptive pool replicated each channel 49 times, so it is the 1x1 conv whose weights
     * are the sums over the 49 positions (exact). Any other map is refused naming its size.
     *
     * @param w row-major {@code [out][flat]}
     */
    static FloatLayer.Conv dense(String name, int input, Shape s, int out, float[] w, float[] b) {
        int flat = w.length / out;
        if (s.h() == s.w() && flat == s.c() * s.h() * s.w()) {
            return new FloatLayer.Conv(name, input, s.c(), out, s.h(), 1, 0, w, b, new Skip.None());
        }
        if (s.h() == 1 && s.w() == 1 && flat == s.c() * POOLED * POOLED) {
            float[] sum = new float[out * s.c()];
            for (int o = 0; o < out; o++) {
                for (int c = 0; c < s.c(); c++) {
                    double acc = 0;
                    for (int p = 0; p < POOLED * POOLED; p++) {
                        acc += w[(o * s.c() + c) * POOLED * POOLED + p];
                    }
                    sum[o * s.c() + c] = (float) acc;
                }
            }
            return new FloatLayer.Conv(name, input, s.c(), out, 1, 1, 0, sum, b, new Skip.None());
        }
        throw new QuantizerException(name + ": a Linear of " + flat + " inputs reads a " + s + " map; supported: the flattened map ("
                + s.c() * s.h() * s.w() + " inputs), or " + s.c() * POOLED * POOLED + " inputs after AdaptiveAvgPool2d((7, 7)) on a 7x7 or 1x1"
                + " map (input 224 or 32)");
    }

    private static int conv(Safetensors st, List<FloatLayer> layers, List<Shape> shapes, int i, int input, boolean bn) {
        String name = "features." + i;
        Shape s = shapes.get(input);
        Safetensors.Entry e = st.entry(name + ".weight");
        long[] d = e.shape();
        if (d[1] != s.c() || d[2] != d[3] || d[2] % 2 == 0) {
            throw new QuantizerException(name + ": '" + name + ".weight' must be [C, " + s.c() + ", k, k] with odd k, is " + Arrays.toString(d));
        }
        int outC = (int) d[0];
        int k = (int) d[2];
        float[] w = st.floats(name + ".weight", outC, s.c(), k, k);
        float[] b = st.has(name + ".bias") ? st.floats(name + ".bias", outC) : null;
        FloatLayer.BnStats stats = null;
        if (bn) {
            String p = "features." + (i + 1) + ".";
            float[] gamma = st.floats(p + "weight", outC);
            float[] beta = st.floats(p + "bias", outC);
            float[][] f = BatchNorm.fold(name, w, b, outC, gamma, beta, st.floats(p + "running_mean", outC),
                    st.floats(p + "running_var", outC), BatchNorm.DEFAULT_EPS);
            w = f[0];
            b = f[1];
            stats = new FloatLayer.BnStats(gamma, beta);
        } else if (b == null) {
            b = new float[outC];
        }
        layers.add(new FloatLayer.Conv(name, input, s.c(), outC, k, 1, k / 2, w, b, new Skip.None(), stats));
        shapes.add(new Shape(outC, s.h(), s.w()));
        return shapes.size() - 1;
    }

    private static int pool(List<FloatLayer> layers, List<Shape> shapes, String name, int input) {
        Shape s = shapes.get(input);
        try {
            shapes.add(new Shape(s.c(), Shape.outExtent(s.h(), 2, 2, 0), Shape.outExtent(s.w(), 2, 2, 0)));
        } catch (IllegalArgumentException e) {
            throw new QuantizerException(name + " (max pool 2x2/2): " + e.getMessage());
        }
        layers.add(new FloatLayer.MaxPool(name, input, 2, 2, 0));
        return shapes.size() - 1;
    }
}
