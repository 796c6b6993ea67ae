package foldproof.quantizer.importers;

import foldproof.quantizer.QuantizerException;
import foldproof.quantizer.model.FloatLayer;
import foldproof.quantizer.model.FloatLayer.Skip;
import foldproof.quantizer.model.FloatNet;
import foldproof.quantizer.model.Preprocess;
import foldproof.quantizer.model.Shape;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Graph-driven ONNX import: walks the nodes in file order (ONNX requires topological order) and keeps,
 * for every value name, what it is in terms of the IR: a materialised activation tensor, a conv output
 * still waiting for its BatchNorm / residual Add / Relu, a pooled feature vector, or the logits.
 *
 * <p>Supported: Conv (any {@code group} dividing the channels, square kernel, symmetric pads), BatchNormalization
 * (folded into the conv before it), Add (residual: identity, or a projection shortcut conv; the shortcut is the
 * branch whose conv reads the earlier tensor, i.e. the block input), Relu and Clip with min 0 and max 6 (ReLU6)
 * (each materialises a {@link FloatLayer.Conv}; a conv output read by anything else is materialised without
 * activation: MobileNetV2's linear bottlenecks), MaxPool,
 * GlobalAveragePool, Flatten / Reshape / Squeeze after the pool or on a 1x1 map, Gemm (transB 0 or 1, alpha,
 * beta) or MatMul as the classifier, and as a chain of dense layers with Relu (torchvision's VGG classifier: Flatten
 * of the 7x7 map, Gemm, Relu, Gemm, Relu, Gemm; each Gemm with Relu becomes a conv, {@link VggImporter#dense}), Mul / Add by a constant that is one value or one per channel (folded into the conv or the head before them),
 * plus Identity, Dropout, a 1x1 AveragePool (identities) and Constant. Anything else, or a supported op in a position the IR cannot express,
 * gives a {@link QuantizerException} naming the node.
 */
final class OnnxImporter {
    private OnnxImporter() { }

    /** What a refusal of an unknown op lists. */
    static final String SUPPORTED = "Conv (any group), BatchNormalization, Relu, Clip (min 0, max 6: ReLU6), Add, Mul and Add by a per-channel constant (folded),"
            + " MaxPool, AveragePool (1x1), GlobalAveragePool, Flatten, Reshape, Squeeze, Gemm or MatMul (the classifier, or a chain of them with Relu), Identity,"
            + " Dropout, Constant";

    private sealed interface Val permits Act, Pre, Pooled, Flat, Logits { }

    /**
     * A materialised tensor of the IR (the input or the output of a layer) and what bounds it: the last activation
     * applied (NONE for the graph input, a max pool keeps its input's), so a Relu or Clip can be dropped only where
     * it changes nothing.
     */
    private record Act(int tensor, Shape shape, FloatLayer.Activation act) implements Val { }

    /** A conv output not yet passed through Relu: BN may still fold in, a residual may still be added. */
    private record Pre(String name, int input, int inC, int outC, int k, int stride, int pad,
                       float[] w, float[] b, Skip skip, Shape shape, FloatLayer.BnStats bn, int groups) implements Val { }

    private record Pooled(int tensor, int channels) implements Val { }

    /** A CxHxW map (H, W > 1) flattened for a Gemm / MatMul over all its values (torchvision's VGG classifier). */
    private record Flat(int tensor, Shape shape) implements Val { }

    /** The output of the head, layer {@code layer}. */
    private record Logits(int classes, int layer) implements Val { }

    static FloatNet importGraph(OnnxGraph g, String name, ModelConfig cfg) {
        return new Walk(g).run(name, cfg);
    }

    private static final class Walk {
        final OnnxGraph g;
        final Map<String, Val> vals = new HashMap<>();
        final Map<String, OnnxGraph.Tensor> consts;
        final List<FloatLayer> layers = new ArrayList<>();
        final List<Shape> shapes = new ArrayList<>();

        Walk(OnnxGraph g) {
            this.g = g;
            this.consts = new HashMap<>(g.initializers());
        }

        FloatNet run(String name, ModelConfig cfg) {
            OnnxGraph.ValueInfo in = graphInput();
            long[] d = in.dims();
            if (d.length != 4 || d[1] <= 0 || d[2] <= 0 || d[3] <= 0 || (d[0] != 1 && d[0] != -1)) {
                throw new QuantizerException("ONNX input '" + in.name() + "' must be [1, C, H, W] with fixed C, H, W; got "
                        + java.util.Arrays.toString(d));
            }
            Shape inShape = new Shape((int) d[1], (int) d[2], (int) d[3]);
            shapes.add(inShape);
            vals.put(in.name(), new Act(0, inShape, FloatLayer.Activation.NONE));
            for (OnnxGraph.Node n : g.nodes()) {
                step(n);
            }
            if (g.outputs().size() != 1) {
                throw new QuantizerException("ONNX graph must have exactly one output (the logits), has " + g.outputs().size());
            }
            Val out = vals.get(g.outputs().get(0).name());
            if (!(out instanceof Logits logits)) {
                throw new QuantizerException("ONNX graph output '" + g.outputs().get(0).name()
                        + "' is not produced by a final Gemm after GlobalAveragePool");
            }
            Preprocess pre = cfg.preprocess() != null ? cfg.preprocess()
                    : inShape.h() <= 64 ? Preprocess.cifar(inShape.h()) : Preprocess.imagenet(inShape.h());
            String[] labels = cfg.labels(logits.classes(), inShape.h());
            return new FloatNet(name, pre, inShape, layers, labels);
        }

        private OnnxGraph.ValueInfo graphInput() {
            OnnxGraph.ValueInfo found = null;
            for (OnnxGraph.ValueInfo v : g.inputs()) {
                if (consts.containsKey(v.name())) {
                    continue;
                }
                if (found != null) {
                    throw new QuantizerException("ONNX graph has more than one data input ('" + found.name() + "', '" + v.name() + "')");
                }
                found = v;
            }
            if (found == null) {
                throw new QuantizerException("ONNX graph has no data input");
            }
            return found;
        }

        private void step(OnnxGraph.Node n) {
            switch (n.opType()) {
                case "Constant" -> {
                    OnnxGraph.Attr v = n.attrs().get("value");
                    if (v == null || v.t() == null) {
                        throw unsupported(n, "only tensor-valued Constant nodes are supported");
                    }
                    consts.put(out(n), v.t());
                }
                case "Identity", "Dropout" -> put(n, val(n, 0));
                case "Conv" -> put(n, conv(n));
                case "BatchNormalization" -> put(n, batchNorm(n));
                case "Add" -> put(n, consts.containsKey(n.inputs().get(0)) || consts.containsKey(input(n, 1)) ? affine(n) : add(n));
                case "Mul" -> put(n, affine(n));
                case "Relu" -> put(n, activation(n, FloatLayer.Activation.RELU));
                case "Clip" -> put(n, activation(n, clipIsRelu6(n)));
                case "MaxPool" -> put(n, maxPool(n));
                case "GlobalAveragePool" -> {
                    Act a = act(n, 0);
                    put(n, new Pooled(a.tensor(), a.shape().c()));
                }
                case "AveragePool" -> put(n, unitAveragePool(n));
                case "Flatten", "Reshape", "Squeeze" -> put(n, flatten(n));
                case "Gemm", "MatMul" -> put(n, gemm(n)); // MatMul(x, W[C, classes]) is Gemm without bias, transB 0
                default -> throw unsupported(n, "op " + n.opType() + " is not supported (supported: " + SUPPORTED + ")");
            }
        }

        private Val conv(OnnxGraph.Node n) {
            Act x = act(n, 0);
            OnnxGraph.Tensor w = floatConst(n, 1);
            if (w.dims().length != 4) {
                throw unsupported(n, "conv weight must be 4-D, is " + java.util.Arrays.toString(w.dims()));
            }
            int outC = (int) w.dims()[0];
            int inC = x.shape().c();
            int k = (int) w.dims()[2];
            if (w.dims()[3] != k) {
                throw unsupported(n, "only square kernels are supported, got " + k + "x" + w.dims()[3]);
            }
            long group = n.attrInt("group", 1);
            if (group < 1 || inC % group != 0 || outC % group != 0) {
                throw unsupported(n, "group=" + group + " does not divide the " + inC + " input and " + outC + " output channels");
            }
            if (w.dims()[1] * group != inC) {
                throw unsupported(n, "weight expects " + w.dims()[1] + " input channels per group (group=" + group + "), input has " + inC);
            }
            requireAll(n, "dilations", n.attrInts("dilations"), 1);
            String autoPad = n.attrs().containsKey("auto_pad") ? n.attrs().get("auto_pad").s() : null;
            if (autoPad != null && !autoPad.equals("NOTSET")) {
                throw unsupported(n, "auto_pad=" + autoPad + " is not supported; export with explicit pads");
            }
            long[] ks = n.attrInts("kernel_shape");
            if (ks != null && ks.length > 0) {
                requireAll(n, "kernel_shape", ks, k);
            }
            int stride = uniform(n, "strides", n.attrInts("strides"), 1);
            int pad = uniform(n, "pads", n.attrInts("pads"), 0);
            float[] b = n.inputs().size() > 2 && !n.inputs().get(2).isEmpty() ? floatConst(n, 2).floats() : new float[outC];
            if (b.length != outC) {
                throw unsupported(n, "bias has " + b.length + " values for " + outC + " output channels");
            }
            Shape s = outShape(n, outC, x.shape(), k, stride, pad);
            return new Pre(n.name().isEmpty() ? out(n) : n.name(), x.tensor(), inC, outC, k, stride, pad, w.floats(), b,
                    new Skip.None(), s, null, (int) group);
        }

        private Val batchNorm(OnnxGraph.Node n) {
            if (!(val(n, 0) instanceof Pre p) || !(p.skip() instanceof Skip.None)) {
                throw unsupported(n, "BatchNormalization must directly follow a Conv (it is folded into it)");
            }
            if (p.bn() != null) {
                throw unsupported(n, "a second BatchNormalization on the same Conv output");
            }
            float[] gamma = floatConst(n, 1).floats();
            float[] beta = floatConst(n, 2).floats();
            float[][] f = BatchNorm.fold(n.label(), p.w(), p.b(), p.outC(), gamma, beta,
                    floatConst(n, 3).floats(), floatConst(n, 4).floats(), n.attrFloat("epsilon", 1e-5f));
            return new Pre(p.name(), p.input(), p.inC(), p.outC(), p.k(), p.stride(), p.pad(), f[0], f[1], p.skip(), p.shape(),
                    new FloatLayer.BnStats(gamma, beta), p.groups());
        }

        private Val add(OnnxGraph.Node n) {
            Val a = val(n, 0);
            Val b = val(n, 1);
            if (a instanceof Act && b instanceof Pre) {
                Val t = a;
                a = b;
                b = t;
            }
            if (a instanceof Pre p && p.skip() instanceof Skip.None && b instanceof Act s) {
                sameShape(n, p.shape(), s.shape());
                return with(p, new Skip.Identity(s.tensor()));
            }
            if (a instanceof Pre p && b instanceof Pre q && p.skip() instanceof Skip.None && q.skip() instanceof Skip.None) {
                if (p.input() == q.input()) {
                    throw unsupported(n, "both Add branches read the same tensor; cannot tell the shortcut from the main branch");
                }
                Pre main = p.input() > q.input() ? p : q;
                Pre sc = main == p ? q : p;
                sameShape(n, main.shape(), sc.shape());
                if (sc.groups() != 1) {
                    throw unsupported(n, "a grouped shortcut conv is not supported");
                }
                return with(main, new Skip.Projection(sc.input(), sc.inC(), sc.k(), sc.stride(), sc.pad(), sc.w(), sc.b(), sc.bn()));
            }
            throw unsupported(n, "only residual adds (conv output + block input, or conv output + shortcut conv) are supported");
        }

        /**
         * {@code Mul} or {@code Add} of a Conv output (before its Relu) or of the logits by a constant that is one
         * value or one per channel ({@code [C]}, {@code [C,1,1]}, {@code [1,C,1,1]}): folded into the conv's weights
         * and bias (or the head's), as BatchNormalization is. A Mul after a residual Add would scale the shortcut
         * too and is refused.
         */
        private Val affine(OnnxGraph.Node n) {
            boolean constFirst = consts.containsKey(n.inputs().get(0));
            Val v = val(n, constFirst ? 1 : 0);
            OnnxGraph.Tensor t = floatConst(n, constFirst ? 0 : 1);
            boolean mul = n.opType().equals("Mul");
            if (v instanceof Pre p) {
                if (mul && !(p.skip() instanceof Skip.None)) {
                    throw unsupported(n, "Mul after a residual Add would scale the shortcut too; only a Mul of a Conv output folds");
                }
                float[] c = perChannel(n, t, p.outC());
                int per = p.w().length / p.outC();
                float[] w = p.w().clone();
                float[] b = p.b().clone();
                FloatLayer.BnStats bn = p.bn();
                for (int o = 0; o < p.outC(); o++) {
                    if (mul) {
                        for (int i = o * per; i < (o + 1) * per; i++) {
                            w[i] *= c[o];
                        }
                        b[o] *= c[o];
                    } else {
                        b[o] += c[o];
                    }
                }
                if (bn != null) { // the output's mean and spread move with it (data-free calibration reads them)
                    float[] g = bn.gamma().clone();
                    float[] be = bn.beta().clone();
                    for (int o = 0; o < p.outC(); o++) {
                        g[o] = mul ? g[o] * c[o] : g[o];
                        be[o] = mul ? be[o] * c[o] : be[o] + c[o];
                    }
                    bn = new FloatLayer.BnStats(g, be);
                }
                return new Pre(p.name(), p.input(), p.inC(), p.outC(), p.k(), p.stride(), p.pad(), w, b, p.skip(), p.shape(), bn, p.groups());
            }
            if (v instanceof Logits l && layers.get(layers.size() - 1) instanceof FloatLayer.Head h) {
                float[] c = perChannel(n, t, l.classes());
                float[] w = h.weight().clone();
                float[] b = h.bias().clone();
                for (int j = 0; j < l.classes(); j++) {
                    if (mul) {
                        for (int i = j * h.inC(); i < (j + 1) * h.inC(); i++) {
                            w[i] *= c[j];
                        }
                        b[j] *= c[j];
                    } else {
                        b[j] += c[j];
                    }
                }
                layers.set(layers.size() - 1, new FloatLayer.Head(h.name(), h.input(), h.inC(), h.classes(), w, b));
                return l;
            }
            throw unsupported(n, n.opType() + " by a constant folds only into a Conv output (before its Relu) or the logits");
        }

        /** A constant as one value per channel: a scalar is broadcast; [C], [C,1,1] and [1,C,1,1] (or [1,C] for logits) are taken as they are. */
        private float[] perChannel(OnnxGraph.Node n, OnnxGraph.Tensor t, int channels) {
            float[] f = t.floats();
            if (f.length == 1) {
                float[] r = new float[channels];
                java.util.Arrays.fill(r, f[0]);
                return r;
            }
            int nonUnit = 0;
            for (long d : t.dims()) {
                nonUnit += d != 1 ? 1 : 0;
            }
            long[] d = t.dims();
            boolean channelAxis = d.length <= 4 && f.length == channels && nonUnit == 1
                    && (d.length == 1 || d.length == 2 && d[1] == channels || d.length == 3 && d[0] == channels || d.length == 4 && d[1] == channels);
            if (!channelAxis) {
                throw unsupported(n, "constant of shape " + java.util.Arrays.toString(d) + " is neither one value nor one per channel ("
                        + channels + ")");
            }
            return f;
        }

        /**
         * Relu or ReLU6 (a Clip to [0, 6]) of a conv output: emits the conv with that activation. Of a tensor already
         * through the same activation (or a Relu of a ReLU6 output) it changes nothing; of any other tensor (the
         * signed input, a linear bottleneck) it would, and is refused.
         */
        private Val activation(OnnxGraph.Node n, FloatLayer.Activation act) {
            Val v = val(n, 0);
            if (v instanceof Act a) {
                if (a.act() == act || a.act() == FloatLayer.Activation.RELU6 && act == FloatLayer.Activation.RELU) {
                    return v; // relu(relu(x)) = relu(x), relu(relu6(x)) = relu6(x)
                }
                throw unsupported(n, n.opType() + " of '" + n.inputs().get(0) + "', " + (a.tensor() == 0 ? "the signed graph input" : "a tensor already read without it")
                        + ", is not supported: it must directly follow its Conv (or residual Add)");
            }
            if (v instanceof Logits l && act == FloatLayer.Activation.RELU) {
                return denseRelu(n, l);
            }
            if (!(v instanceof Pre p)) {
                throw unsupported(n, n.opType() + " must follow a Conv (or a residual Add, or a Gemm / MatMul for Relu)");
            }
            return emit(n.inputs().get(0), p, act);
        }

        /**
         * Relu of a Gemm / MatMul that read a 1x1 map: that Gemm is a dense layer of a chain (VGG's fc6 / fc7), not the
         * classifier, so the head it was taken for becomes the 1x1 conv with the same weights ({@code [out][in]} is
         * {@code [out][in][1][1]}), followed by Relu.
         */
        private Act denseRelu(OnnxGraph.Node n, Logits l) {
            if (l.layer() != layers.size() - 1) {
                throw unsupported(n, "Relu of a Gemm / MatMul that is not the last layer read so far");
            }
            FloatLayer.Head h = (FloatLayer.Head) layers.get(l.layer());
            Shape map = shapes.get(h.input());
            if (map.h() != 1 || map.w() != 1) {
                throw unsupported(n, "Relu of a Gemm over the average of a " + map + " map is not supported (a dense layer with Relu reads a"
                        + " flattened map or a 1x1 one)");
            }
            layers.set(layers.size() - 1, new FloatLayer.Conv(h.name(), h.input(), h.inC(), h.classes(), 1, 1, 0, h.weight(), h.bias(),
                    new Skip.None()));
            Act a = new Act(shapes.size() - 1, shapes.get(shapes.size() - 1), FloatLayer.Activation.RELU);
            vals.put(n.inputs().get(0), a);
            return a;
        }

        /** Clip(x, 0, 6) (bounds as attributes, opset < 11, or as constant inputs) is ReLU6; any other Clip is refused. */
        private FloatLayer.Activation clipIsRelu6(OnnxGraph.Node n) {
            float lo = n.attrFloat("min", Float.NEGATIVE_INFINITY);
            float hi = n.attrFloat("max", Float.POSITIVE_INFINITY);
            if (!input(n, 1).isEmpty()) {
                lo = scalar(n, 1);
            }
            if (!input(n, 2).isEmpty()) {
                hi = scalar(n, 2);
            }
            if (lo != 0f || hi != 6f) {
                throw unsupported(n, "Clip to [" + lo + ", " + hi + "] is not supported; only Clip(min 0, max 6), ReLU6");
            }
            return FloatLayer.Activation.RELU6;
        }

        private float scalar(OnnxGraph.Node n, int i) {
            float[] f = floatConst(n, i).floats();
            if (f.length != 1) {
                throw unsupported(n, "input #" + i + " must be one value, has " + f.length);
            }
            return f[0];
        }

        /** Emits conv output {@code p} (the value {@code name}) as a layer with {@code act}; the value becomes that tensor. */
        private Act emit(String name, Pre p, FloatLayer.Activation act) {
            layers.add(new FloatLayer.Conv(p.name(), p.input(), p.inC(), p.outC(), p.k(), p.stride(), p.pad(), p.w(), p.b(), p.skip(), p.bn(),
                    p.groups(), act));
            Act a = materialise(p.shape(), act);
            vals.put(name, a);
            return a;
        }

        private Val maxPool(OnnxGraph.Node n) {
            Act x = act(n, 0);
            long[] ks = n.attrInts("kernel_shape");
            if (ks == null || ks.length != 2 || ks[0] != ks[1]) {
                throw unsupported(n, "MaxPool needs a square 2-D kernel_shape");
            }
            if (n.attrInt("ceil_mode", 0) != 0) {
                throw unsupported(n, "ceil_mode=1 is not supported");
            }
            requireAll(n, "dilations", n.attrInts("dilations"), 1);
            int k = (int) ks[0];
            int stride = uniform(n, "strides", n.attrInts("strides"), 1);
            int pad = uniform(n, "pads", n.attrInts("pads"), 0);
            Shape s = outShape(n, x.shape().c(), x.shape(), k, stride, pad);
            layers.add(new FloatLayer.MaxPool(n.name().isEmpty() ? out(n) : n.name(), x.tensor(), k, stride, pad));
            return materialise(s, x.act());
        }

        /** A 1x1 stride-1 AveragePool (pytorch-cifar's VGG ends with one) is the identity; any other is refused. */
        private Val unitAveragePool(OnnxGraph.Node n) {
            Act x = act(n, 0);
            long[] ks = n.attrInts("kernel_shape");
            if (ks == null || ks.length != 2 || ks[0] != 1 || ks[1] != 1) {
                throw unsupported(n, "only a 1x1 AveragePool (the identity) is supported, kernel_shape "
                        + (ks == null ? "absent" : java.util.Arrays.toString(ks)) + "; for a global average use GlobalAveragePool");
            }
            requireAll(n, "strides", n.attrInts("strides"), 1);
            requireAll(n, "pads", n.attrInts("pads"), 0);
            return x;
        }

        private Val flatten(OnnxGraph.Node n) {
            Val v = val(n, 0);
            if (v instanceof Pre pre && pre.shape().h() == 1 && pre.shape().w() == 1) {
                v = emit(n.inputs().get(0), pre, FloatLayer.Activation.NONE);
            }
            if (v instanceof Act a && a.shape().h() == 1 && a.shape().w() == 1) {
                v = new Pooled(a.tensor(), a.shape().c()); // flattening a 1x1 map is averaging over its one position
            }
            if (v instanceof Act a && !n.opType().equals("Squeeze")) {
                v = new Flat(a.tensor(), a.shape()); // the whole map, for a dense layer (torchvision's VGG classifier)
            }
            if (!(v instanceof Pooled) && !(v instanceof Flat)) {
                throw unsupported(n, n.opType() + " is only supported after GlobalAveragePool, on a 1x1 map, or (Flatten, Reshape) of a"
                        + " ReLU'd map for a Gemm");
            }
            int features = v instanceof Pooled p ? p.channels() : ((Flat) v).shape().size();
            if (n.opType().equals("Flatten") && n.attrInt("axis", 1) != 1) {
                throw unsupported(n, "Flatten axis must be 1");
            }
            if (n.opType().equals("Reshape")) {
                OnnxGraph.Tensor t = constant(n, 1);
                long[] s = t.ints();
                if (s == null || s.length != 2 || !(s[0] == 1 || s[0] == -1 || s[0] == 0) || !(s[1] == -1 || s[1] == features)) {
                    throw unsupported(n, "Reshape target " + (s == null ? "?" : java.util.Arrays.toString(s)) + " is not [1, " + features + "]");
                }
            }
            return v;
        }

        private Val gemm(OnnxGraph.Node n) {
            Val in = val(n, 0);
            if (in instanceof Logits) {
                throw unsupported(n, n.opType() + " directly after another Gemm / MatMul is not supported: the layers of a dense chain"
                        + " must be separated by Relu");
            }
            if (in instanceof Act a && a.shape().h() == 1 && a.shape().w() == 1) {
                in = new Pooled(a.tensor(), a.shape().c()); // the ReLU'd output of a dense layer (no Flatten needed)
            }
            if (!(in instanceof Pooled) && !(in instanceof Flat)) {
                throw unsupported(n, n.opType() + " is only supported on the pooled features (GlobalAveragePool, Flatten), a flattened"
                        + " map, or the Relu of a dense layer");
            }
            int features = in instanceof Pooled p ? p.channels() : ((Flat) in).shape().size();
            if (n.attrInt("transA", 0) != 0) {
                throw unsupported(n, "transA=1 is not supported");
            }
            OnnxGraph.Tensor w = floatConst(n, 1);
            boolean transB = n.attrInt("transB", 0) != 0;
            if (w.dims().length != 2 || w.dims()[transB ? 1 : 0] != features) {
                throw unsupported(n, "weight " + java.util.Arrays.toString(w.dims()) + " does not take " + features + " features");
            }
            int classes = (int) w.dims()[transB ? 0 : 1];
            float alpha = n.attrFloat("alpha", 1f);
            float beta = n.attrFloat("beta", 1f);
            float[] weight = new float[classes * features];
            for (int j = 0; j < classes; j++) {
                for (int c = 0; c < features; c++) {
                    weight[j * features + c] = alpha * w.floats()[transB ? j * features + c : c * classes + j];
                }
            }
            float[] bias = new float[classes];
            if (n.inputs().size() > 2 && !n.inputs().get(2).isEmpty()) {
                float[] c = floatConst(n, 2).floats();
                if (c.length != classes && c.length != 1) {
                    throw unsupported(n, "bias has " + c.length + " values for " + classes + " classes");
                }
                for (int j = 0; j < classes; j++) {
                    bias[j] = beta * c[c.length == 1 ? 0 : j];
                }
            }
            String name = n.name().isEmpty() ? out(n) : n.name();
            if (in instanceof Flat f) {
                // a dense layer over the whole map: the conv with the map as its kernel (VggImporter.dense); a Relu must emit it
                FloatLayer.Conv c;
                try {
                    c = VggImporter.dense(name, f.tensor(), f.shape(), classes, weight, bias);
                } catch (QuantizerException e) {
                    throw unsupported(n, e.getMessage());
                }
                return new Pre(c.name(), c.input(), c.inC(), c.outC(), c.kernel(), 1, 0, c.weight(), c.bias(), new Skip.None(),
                        new Shape(classes, 1, 1), null, 1);
            }
            layers.add(new FloatLayer.Head(name, ((Pooled) in).tensor(), features, classes, weight, bias));
            shapes.add(new Shape(classes, 1, 1));
            return new Logits(classes, layers.size() - 1);
        }

        private Act materialise(Shape s, FloatLayer.Activation act) {
            shapes.add(s);
            return new Act(shapes.size() - 1, s, act);
        }

        private static Pre with(Pre p, Skip skip) {
            return new Pre(p.name(), p.input(), p.inC(), p.outC(), p.k(), p.stride(), p.pad(), p.w(), p.b(), skip, p.shape(), p.bn(), p.groups());
        }

        private Shape outShape(OnnxGraph.Node n, int c, Shape in, int k, int stride, int pad) {
            try {
                return new Shape(c, Shape.outExtent(in.h(), k, stride, pad), Shape.outExtent(in.w(), k, stride, pad));
            } catch (IllegalArgumentException e) {
                throw unsupported(n, e.getMessage() + " (input " + in + ")");
            }
        }

        private void sameShape(OnnxGraph.Node n, Shape a, Shape b) {
            if (!a.equals(b)) {
                throw unsupported(n, "Add of tensors with different shapes " + a + " and " + b);
            }
        }

        private void put(OnnxGraph.Node n, Val v) {
            vals.put(out(n), v);
        }

        private static String input(OnnxGraph.Node n, int i) {
            return n.inputs().size() > i ? n.inputs().get(i) : "";
        }

        private String out(OnnxGraph.Node n) {
            if (n.outputs().isEmpty()) {
                throw unsupported(n, "node has no output");
            }
            return n.outputs().get(0);
        }

        private Val val(OnnxGraph.Node n, int i) {
            if (n.inputs().size() <= i) {
                throw unsupported(n, "missing input #" + i);
            }
            Val v = vals.get(n.inputs().get(i));
            if (v == null) {
                String what = consts.containsKey(n.inputs().get(i)) ? "a constant" : "not produced by any earlier node";
                throw unsupported(n, "input '" + n.inputs().get(i) + "' is " + what);
            }
            return v;
        }

        /**
         * Input {@code i} as a tensor of the IR. A conv output (or residual sum) read here without a Relu or Clip is a
         * linear bottleneck: emitted without activation (MobileNetV2's projections), and later readers see that tensor.
         */
        private Act act(OnnxGraph.Node n, int i) {
            Val v = val(n, i);
            if (v instanceof Act a) {
                return a;
            }
            if (v instanceof Pre p) {
                return emit(n.inputs().get(i), p, FloatLayer.Activation.NONE);
            }
            throw unsupported(n, "input '" + n.inputs().get(i) + "' must be an activation (the graph input, a Conv, Relu, Clip or MaxPool output);"
                    + " got " + v.getClass().getSimpleName());
        }

        private OnnxGraph.Tensor constant(OnnxGraph.Node n, int i) {
            if (n.inputs().size() <= i || !consts.containsKey(n.inputs().get(i))) {
                throw unsupported(n, "input #" + i + " must be an initializer or Constant");
            }
            return consts.get(n.inputs().get(i));
        }

        private OnnxGraph.Tensor floatConst(OnnxGraph.Node n, int i) {
            OnnxGraph.Tensor t = constant(n, i);
            if (t.floats() == null) {
                throw unsupported(n, "tensor '" + t.name() + "' has data type " + t.dataType() + "; only float32 weights are supported");
            }
            return t;
        }

        private static void requireAll(OnnxGraph.Node n, String attr, long[] v, long want) {
            if (v == null) {
                return;
            }
            for (long x : v) {
                if (x != want) {
                    throw unsupported(n, attr + "=" + java.util.Arrays.toString(v) + " is not supported (need all " + want + ")");
                }
            }
        }

        private static int uniform(OnnxGraph.Node n, String attr, long[] v, int dflt) {
            if (v == null || v.length == 0) {
                return dflt;
            }
            for (long x : v) {
                if (x != v[0]) {
                    throw unsupported(n, "asymmetric " + attr + "=" + java.util.Arrays.toString(v) + " is not supported");
                }
            }
            if (v[0] < 0 || v[0] > 64 || (attr.equals("strides") && v[0] == 0)) {
                throw unsupported(n, attr + "=" + v[0] + " is out of range");
            }
            return (int) v[0];
        }

        private static QuantizerException unsupported(OnnxGraph.Node n, String why) {
            return new QuantizerException("ONNX " + n.label() + ": " + why);
        }
    }
}
