package foldproof.quantizer.importers;

import foldproof.quantizer.QuantizerException;
import foldproof.quantizer.model.FloatLayer;
import foldproof.quantizer.model.FloatLayer.Skip;
import foldproof.quantizer.model.FloatNet;
import foldproof.quantizer.model.Preprocess;
import foldproof.quantizer.model.Shape;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds a ResNet {@link FloatNet} (BasicBlock or Bottleneck) from a safetensors state dict in one of three
 * namings (HuggingFace, torchvision, CIFAR: akamaster or kuangliu pytorch-cifar). Structure comes from the
 * names and shapes: number of stages and blocks per stage (so ResNet-18, -34, -50, -101, -20, -56 ... all
 * work), the block kind (a third conv per block, {@code conv3} / {@code layer.2}, makes it a Bottleneck),
 * widths from the weight shapes, the stem from the first conv's kernel (7x7: stride 2, pad 3, then 3x3/2 max
 * pool; 3x3: stride 1, pad 1, no pool). The first block of every stage after the first has stride 2 (HF: also
 * the first stage if {@code downsample_in_first_stage}). A Bottleneck ({@code 1x1 -> 3x3 -> 1x1}, expansion
 * from the shapes) strides on its 3x3 as torchvision, pytorch-cifar and HF (default) do, or on its first 1x1
 * with HF's {@code downsample_in_bottleneck}. A block whose shape changes uses its projection shortcut weights
 * (any kernel, pad k/2) or, for akamaster, the weightless option-A shortcut with {@code planes/4} zero
 * channels before. Every conv's BatchNorm is folded (eps 1e-5). Layers are named torchvision-style
 * ({@code conv1}, {@code layer2.0.conv1}, ..., {@code fc}) whatever the source naming.
 *
 * <p>Upstream definitions followed: torchvision {@code torchvision/models/resnet.py} (pytorch/vision
 * f50e776b051ddf007b90d7bc8f70b0708c12d008), transformers {@code src/transformers/models/resnet/modeling_resnet.py}
 * (huggingface/transformers ae005ce12a086176742fbf6c8364782a27085c85), kuangliu/pytorch-cifar
 * {@code models/resnet.py} (0acfbc16e60efe8e4b6666196d4111206db29254).
 */
final class ResNetImporter {
    private ResNetImporter() { }

    /** Where a flavour keeps each tensor. {@code s} and {@code b} are 0-based stage and block. */
    private interface Naming {
        String stemConv();

        String stemBn();

        String conv(int s, int b, int i);

        String bn(int s, int b, int i);

        String shortcutConv(int s, int b);

        String shortcutBn(int s, int b);

        String head();
    }

    private static final Naming HF = new Naming() {
        public String stemConv() { return "resnet.embedder.embedder.convolution.weight"; }
        public String stemBn() { return "resnet.embedder.embedder.normalization."; }
        public String conv(int s, int b, int i) { return block(s, b) + "layer." + i + ".convolution.weight"; }
        public String bn(int s, int b, int i) { return block(s, b) + "layer." + i + ".normalization."; }
        public String shortcutConv(int s, int b) { return block(s, b) + "shortcut.convolution.weight"; }
        public String shortcutBn(int s, int b) { return block(s, b) + "shortcut.normalization."; }
        public String head() { return "classifier.1."; }

        private String block(int s, int b) {
            return "resnet.encoder.stages." + s + ".layers." + b + ".";
        }
    };

    private static Naming torch(String head, String shortcut) {
        return new Naming() {
            public String stemConv() { return "conv1.weight"; }
            public String stemBn() { return "bn1."; }
            public String conv(int s, int b, int i) { return "layer" + (s + 1) + "." + b + ".conv" + (i + 1) + ".weight"; }
            public String bn(int s, int b, int i) { return "layer" + (s + 1) + "." + b + ".bn" + (i + 1) + "."; }
            public String shortcutConv(int s, int b) { return "layer" + (s + 1) + "." + b + "." + shortcut + ".0.weight"; }
            public String shortcutBn(int s, int b) { return "layer" + (s + 1) + "." + b + "." + shortcut + ".1."; }
            public String head() { return head; }
        };
    }

    static FloatNet build(Safetensors st, Arch arch, ModelConfig cfg) {
        Naming nm = arch == Arch.HF ? HF : arch == Arch.AKAMASTER ? torch("linear.", "shortcut") : torch("fc.", "downsample");
        boolean bottleneck = st.has(nm.conv(0, 0, 2));
        if (arch == Arch.HF && cfg.layerType() != null) {
            if (!cfg.layerType().equals("basic") && !cfg.layerType().equals("bottleneck")) {
                throw new QuantizerException("config layer_type '" + cfg.layerType() + "' is not supported (basic or bottleneck)");
            }
            if (cfg.layerType().equals("bottleneck") != bottleneck) {
                throw new QuantizerException("config layer_type '" + cfg.layerType() + "' does not match the weights: "
                        + (bottleneck ? "they have a third conv per block ('" + nm.conv(0, 0, 2) + "'): bottleneck"
                                      : "they have two convs per block (no '" + nm.conv(0, 0, 2) + "'): basic"));
            }
        }
        List<FloatLayer> layers = new ArrayList<>();
        List<Shape> shapes = new ArrayList<>();

        // Stem.
        Safetensors.Entry stem = st.entry(nm.stemConv());
        if (stem.shape().length != 4 || stem.shape()[1] != 3 || stem.shape()[2] != stem.shape()[3]) {
            throw new QuantizerException("stem conv '" + nm.stemConv() + "' must be [C, 3, k, k], is " + java.util.Arrays.toString(stem.shape()));
        }
        int k0 = (int) stem.shape()[2];
        if (k0 != 7 && k0 != 3) {
            throw new QuantizerException("stem conv kernel " + k0 + "x" + k0 + " is not supported (7x7 ImageNet stem or 3x3 CIFAR stem)");
        }
        boolean imagenetStem = k0 == 7;
        Preprocess pre = cfg.preprocess() != null ? cfg.preprocess()
                : imagenetStem ? Preprocess.imagenet(224) : arch == Arch.AKAMASTER ? cifarPreprocess(st, nm, bottleneck) : Preprocess.cifar(32);
        Shape in = new Shape(3, pre.crop(), pre.crop());
        shapes.add(in);
        int c0 = (int) stem.shape()[0];
        if (cfg.embeddingSize() != null && cfg.embeddingSize() != c0) {
            throw new QuantizerException("config embedding_size " + cfg.embeddingSize() + " does not match the stem conv's " + c0 + " channels");
        }
        int cur = conv(st, layers, shapes, "conv1", 0, nm.stemConv(), nm.stemBn(), 3, c0, imagenetStem ? 2 : 1, -1, new Skip.None());
        if (imagenetStem) {
            layers.add(new FloatLayer.MaxPool("maxpool", cur, 3, 2, 1));
            Shape s = shapes.get(cur);
            shapes.add(new Shape(s.c(), Shape.outExtent(s.h(), 3, 2, 1), Shape.outExtent(s.w(), 3, 2, 1)));
            cur = shapes.size() - 1;
        }

        // Stages.
        List<Integer> depths = new ArrayList<>();
        for (int s = 0; st.has(nm.conv(s, 0, 0)); s++) {
            int b = 0;
            while (st.has(nm.conv(s, b, 0))) {
                b++;
            }
            depths.add(b);
        }
        if (depths.isEmpty()) {
            throw new QuantizerException("no residual blocks found (expected '" + nm.conv(0, 0, 0) + "')");
        }
        checkConfig(cfg, depths, st, nm, bottleneck);
        for (int s = 0; s < depths.size(); s++) {
            for (int b = 0; b < depths.get(s); b++) {
                int stride = b == 0 && (s > 0 || cfg.downsampleInFirstStage()) ? 2 : 1;
                String name = "layer" + (s + 1) + "." + b;
                if (bottleneck) {
                    cur = bottleneckBlock(st, nm, arch, layers, shapes, s, b, name, cur, stride, cfg.downsampleInBottleneck());
                    continue;
                }
                int inC = shapes.get(cur).c();
                int planes = (int) st.entry(nm.conv(s, b, 0)).shape()[0];
                int mid = conv(st, layers, shapes, name + ".conv1", cur, nm.conv(s, b, 0), nm.bn(s, b, 0), inC, planes, stride, -1, new Skip.None());
                Skip skip = shortcut(st, nm, arch, s, b, name, cur, inC, planes, stride);
                cur = conv(st, layers, shapes, name + ".conv2", mid, nm.conv(s, b, 1), nm.bn(s, b, 1), planes, planes, 1, -1, skip);
            }
        }

        // Head.
        int feat = shapes.get(cur).c();
        float[] w = st.floats(nm.head() + "weight");
        Safetensors.Entry we = st.entry(nm.head() + "weight");
        if (we.shape().length != 2 || we.shape()[1] != feat) {
            throw new QuantizerException("classifier '" + nm.head() + "weight' must be [classes, " + feat + "], is " + java.util.Arrays.toString(we.shape()));
        }
        int classes = (int) we.shape()[0];
        float[] bias = st.floats(nm.head() + "bias", classes);
        layers.add(new FloatLayer.Head("fc", cur, feat, classes, w, bias));

        int depth = 2;
        for (int d : depths) {
            depth += (bottleneck ? 3 : 2) * d;
        }
        String name = "resnet" + depth + (imagenetStem ? "-imagenet" : "-cifar");
        return new FloatNet(name, pre, in, layers, cfg.labels(classes, in.h()));
    }

    /**
     * A Bottleneck: {@code conv1} 1x1 to the block's width, {@code conv2} 3x3 (carries the stride unless
     * {@code strideFirst}), {@code conv3} 1x1 to the block's output width plus the shortcut, then ReLU (every
     * conv output here is ReLU'd; conv3's after the residual add).
     */
    private static int bottleneckBlock(Safetensors st, Naming nm, Arch arch, List<FloatLayer> layers, List<Shape> shapes,
                                       int s, int b, String name, int blockIn, int stride, boolean strideFirst) {
        int inC = shapes.get(blockIn).c();
        int width = (int) st.entry(nm.conv(s, b, 0)).shape()[0];
        int out = (int) st.entry(nm.conv(s, b, 2)).shape()[0];
        int a = conv(st, layers, shapes, name + ".conv1", blockIn, nm.conv(s, b, 0), nm.bn(s, b, 0), inC, width,
                strideFirst ? stride : 1, 1, new Skip.None());
        int m = conv(st, layers, shapes, name + ".conv2", a, nm.conv(s, b, 1), nm.bn(s, b, 1), width, width,
                strideFirst ? 1 : stride, 3, new Skip.None());
        Skip skip = shortcut(st, nm, arch, s, b, name, blockIn, inC, out, stride);
        return conv(st, layers, shapes, name + ".conv3", m, nm.conv(s, b, 2), nm.bn(s, b, 2), width, out, 1, 1, skip);
    }

    /**
     * CIFAR naming: akamaster's ResNet-20/56 (option-A shortcuts, no weights) normalise with ImageNet mean/std;
     * kuangliu/pytorch-cifar's nets (shortcut convs, or Bottlenecks) with the CIFAR-10 training statistics.
     */
    private static Preprocess cifarPreprocess(Safetensors st, Naming nm, boolean bottleneck) {
        boolean shortcutWeights = false;
        for (int s = 0; st.has(nm.conv(s, 0, 0)) && !shortcutWeights; s++) {
            shortcutWeights = st.has(nm.shortcutConv(s, 0));
        }
        return bottleneck || shortcutWeights ? Preprocess.cifarDatasetNorm(32) : Preprocess.cifarImagenetNorm(32);
    }

    private static Skip shortcut(Safetensors st, Naming nm, Arch arch, int s, int b, String name, int blockIn,
                                 int inC, int planes, int stride) {
        if (st.has(nm.shortcutConv(s, b))) {
            Safetensors.Entry e = st.entry(nm.shortcutConv(s, b));
            int k = e.shape().length == 4 ? (int) e.shape()[2] : -1;
            if (e.shape().length != 4 || e.shape()[0] != planes || e.shape()[1] != inC || e.shape()[3] != k || k % 2 == 0) {
                throw new QuantizerException(name + ": shortcut conv '" + nm.shortcutConv(s, b) + "' must be [" + planes + ", " + inC
                        + ", k, k] with odd k, is " + java.util.Arrays.toString(e.shape()));
            }
            Folded f = folded(st, nm.shortcutConv(s, b), nm.shortcutBn(s, b), name + ".downsample", planes, inC, k);
            return new Skip.Projection(blockIn, inC, k, stride, k / 2, f.w(), f.b(), f.bn());
        }
        if (inC == planes && stride == 1) {
            return new Skip.Identity(blockIn);
        }
        if (arch == Arch.AKAMASTER) {
            int padBefore = planes / 4;
            if (inC + 2 * padBefore != planes) {
                throw new QuantizerException(name + ": option-A shortcut from " + inC + " to " + planes + " channels needs "
                        + "planes/4 zero channels on each side (in + planes/2 = planes)");
            }
            return new Skip.OptionA(blockIn, inC, stride, padBefore);
        }
        throw new QuantizerException(name + ": block changes shape (" + inC + " -> " + planes + " channels, stride " + stride
                + ") but has no shortcut weights '" + nm.shortcutConv(s, b) + "'");
    }

    /** A conv with its BatchNorm; {@code kernel}: the kernel it must have, or -1 for any odd kernel. */
    private static int conv(Safetensors st, List<FloatLayer> layers, List<Shape> shapes, String name, int input,
                            String wName, String bnPrefix, int inC, int outC, int stride, int kernel, Skip skip) {
        Safetensors.Entry e = st.entry(wName);
        if (e.shape().length != 4 || e.shape()[0] != outC || e.shape()[1] != inC || e.shape()[2] != e.shape()[3] || e.shape()[2] % 2 == 0
                || (kernel > 0 && e.shape()[2] != kernel)) {
            String k = kernel > 0 ? kernel + ", " + kernel : "k, k";
            throw new QuantizerException(name + ": '" + wName + "' must be [" + outC + ", " + inC + ", " + k + "]"
                    + (kernel > 0 ? "" : " with odd k") + ", is " + java.util.Arrays.toString(e.shape()));
        }
        int k = (int) e.shape()[2];
        Folded f = folded(st, wName, bnPrefix, name, outC, inC, k);
        layers.add(new FloatLayer.Conv(name, input, inC, outC, k, stride, k / 2, f.w(), f.b(), skip, f.bn()));
        Shape s = shapes.get(input);
        try {
            shapes.add(new Shape(outC, Shape.outExtent(s.h(), k, stride, k / 2), Shape.outExtent(s.w(), k, stride, k / 2)));
        } catch (IllegalArgumentException x) {
            throw new QuantizerException(name + ": " + x.getMessage());
        }
        return shapes.size() - 1;
    }

    /** A conv with its BatchNorm folded in, and the BatchNorm's affine parameters. */
    private record Folded(float[] w, float[] b, FloatLayer.BnStats bn) { }

    private static Folded folded(Safetensors st, String wName, String bn, String name, int outC, int inC, int k) {
        float[] w = st.floats(wName, outC, inC, k, k);
        float[] gamma = st.floats(bn + "weight", outC);
        float[] beta = st.floats(bn + "bias", outC);
        float[][] f = BatchNorm.fold(name, w, null, outC, gamma, beta,
                st.floats(bn + "running_mean", outC), st.floats(bn + "running_var", outC), BatchNorm.DEFAULT_EPS);
        return new Folded(f[0], f[1], new FloatLayer.BnStats(gamma, beta));
    }

    private static void checkConfig(ModelConfig cfg, List<Integer> depths, Safetensors st, Naming nm, boolean bottleneck) {
        if (cfg.depths() != null) {
            List<Integer> want = new ArrayList<>();
            for (int d : cfg.depths()) {
                want.add(d);
            }
            if (!want.equals(depths)) {
                throw new QuantizerException("config depths " + want + " do not match the weights' blocks per stage " + depths);
            }
        }
        if (cfg.hiddenSizes() != null) {
            if (cfg.hiddenSizes().length != depths.size()) {
                throw new QuantizerException("config hidden_sizes has " + cfg.hiddenSizes().length + " stages, weights have " + depths.size());
            }
            for (int s = 0; s < depths.size(); s++) {
                long c = st.entry(nm.conv(s, 0, bottleneck ? 2 : 0)).shape()[0]; // a stage's output width
                if (c != cfg.hiddenSizes()[s]) {
                    throw new QuantizerException("config hidden_sizes[" + s + "] = " + cfg.hiddenSizes()[s] + " but stage " + s + " has width " + c);
                }
            }
        }
    }
}
