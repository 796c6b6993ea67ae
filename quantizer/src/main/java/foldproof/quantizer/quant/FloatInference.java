package foldproof.quantizer.quant;

import foldproof.quantizer.QuantizerException;
import foldproof.quantizer.model.FloatLayer;
import foldproof.quantizer.model.FloatNet;
import foldproof.quantizer.model.Shape;

import java.util.List;
import java.util.stream.IntStream;

/**
 * Float reference inference (the fidelity oracle): {@code act(conv + bias + skip)} per conv layer (ReLU, ReLU6 or none),
 * max pooling that ignores padded positions, global average pool + Linear head. Accumulates each
 * output channel in a private buffer, one channel per fork-join task (deterministic).
 */
public final class FloatInference {
    private FloatInference() { }

    /** Logits of {@code net} on a CHW float input. */
    public static float[] run(FloatNet net, float[] input) {
        return trace(net, input).logits();
    }

    /** Every tensor of the forward pass (activations for calibration). */
    public static FloatTrace trace(FloatNet net, float[] input) {
        Shape in = net.input();
        if (input.length != in.size()) {
            throw new QuantizerException("input has " + input.length + " values, model " + net.name() + " expects " + in + " = " + in.size());
        }
        List<Shape> shapes;
        try {
            shapes = net.shapes();
        } catch (IllegalArgumentException e) {
            throw new QuantizerException("model " + net.name() + ": " + e.getMessage(), e);
        }
        int n = net.layers().size();
        float[][] t = new float[n + 1][];
        t[0] = input;
        float[] logits = null;
        for (int li = 0; li < n; li++) {
            FloatLayer layer = net.layers().get(li);
            Shape src = shapes.get(layer.input());
            Shape dst = shapes.get(li + 1);
            if (layer instanceof FloatLayer.Conv c) {
                if (c.inC() != src.c()) {
                    throw new QuantizerException("layer " + c.name() + ": inC " + c.inC() + " but input is " + src);
                }
                t[li + 1] = conv(c, t, shapes, src, dst);
            } else if (layer instanceof FloatLayer.MaxPool p) {
                t[li + 1] = maxPool(t[p.input()], src, dst, p.kernel(), p.stride(), p.pad());
            } else {
                FloatLayer.Head h = (FloatLayer.Head) layer;
                logits = head(h, t[h.input()], src);
                t[li + 1] = logits;
            }
        }
        if (logits == null) {
            throw new QuantizerException("model " + net.name() + " has no head layer");
        }
        return new FloatTrace(t, logits);
    }

    private static float[] conv(FloatLayer.Conv c, float[][] t, List<Shape> shapes, Shape src, Shape dst) {
        int oh = dst.h();
        int ow = dst.w();
        int plane = oh * ow;
        float[] out = new float[dst.size()];
        float[] in = t[c.input()];
        int taps = c.groupInC() * c.kernel() * c.kernel();
        FloatLayer.Skip skip = c.skip();
        FloatLayer.Activation act = c.act();
        FloatKernels.Operand main = FloatKernels.Operand.of(in, src, c.weight(), c.kernel(), c.stride(), c.pad());
        FloatKernels.Operand proj = skip instanceof FloatLayer.Skip.Projection pr
                ? FloatKernels.Operand.of(t[pr.tensor()], shapes.get(pr.tensor()), pr.weight(), pr.kernel(), pr.stride(), pr.pad()) : null;
        IntStream.range(0, c.outC()).parallel().forEach(o -> {
            float[] acc = new float[plane];
            float bias = c.bias()[o];
            main.accumulate(o * taps, c.firstInput(o), c.groupInC(), acc, oh, ow);
            if (skip instanceof FloatLayer.Skip.Identity id) {
                float[] a = t[id.tensor()];
                for (int j = 0; j < plane; j++) {
                    acc[j] += a[o * plane + j];
                }
            } else if (skip instanceof FloatLayer.Skip.Projection pr) {
                float[] pacc = new float[plane];
                proj.accumulate(o * pr.inC() * pr.kernel() * pr.kernel(), 0, pr.inC(), pacc, oh, ow);
                float pb = pr.bias()[o];
                for (int j = 0; j < plane; j++) {
                    acc[j] += pacc[j] + pb;
                }
            } else if (skip instanceof FloatLayer.Skip.OptionA oa) {
                int ci = o - oa.padBefore();
                if (ci >= 0 && ci < oa.inC()) {
                    Shape s = shapes.get(oa.tensor());
                    float[] a = t[oa.tensor()];
                    for (int y = 0; y < oh; y++) {
                        int row = (ci * s.h() + y * oa.stride()) * s.w();
                        for (int x = 0; x < ow; x++) {
                            acc[y * ow + x] += a[row + x * oa.stride()];
                        }
                    }
                }
            }
            for (int j = 0; j < plane; j++) {
                out[o * plane + j] = act.apply(acc[j] + bias);
            }
        });
        return out;
    }

    /**
     * Plain convolution without bias or activation: {@code out[o] = sum w[o,i,ky,kx] * in[i, y*s+ky-p, x*s+kx-p]}
     * (zero padding), one output channel per fork-join task. Used by model builders to measure
     * pre-activation statistics.
     */
    public static float[] convolve(float[] in, Shape src, int outC, float[] weight, int k, int s, int p) {
        return convolve(in, src, outC, weight, k, s, p, 1);
    }

    /** As {@link #convolve(float[], Shape, int, float[], int, int, int)}, grouped ({@link FloatLayer.Conv#groups()}). */
    public static float[] convolve(float[] in, Shape src, int outC, float[] weight, int k, int s, int p, int groups) {
        int oh = Shape.outExtent(src.h(), k, s, p);
        int ow = Shape.outExtent(src.w(), k, s, p);
        int plane = oh * ow;
        if (groups < 1 || src.c() % groups != 0 || outC % groups != 0) {
            throw new QuantizerException("convolve: groups " + groups + " must divide " + src.c() + " and " + outC);
        }
        int cg = src.c() / groups;
        int taps = cg * k * k;
        if (weight.length != (long) outC * taps || in.length != src.size()) {
            throw new QuantizerException("convolve: weight or input length does not match the shapes");
        }
        float[] out = new float[outC * plane];
        FloatKernels.Operand op = FloatKernels.Operand.of(in, src, weight, k, s, p);
        IntStream.range(0, outC).parallel().forEach(o -> {
            float[] acc = new float[plane];
            op.accumulate(o * taps, o / (outC / groups) * cg, cg, acc, oh, ow);
            System.arraycopy(acc, 0, out, o * plane, plane);
        });
        return out;
    }

    private static float[] maxPool(float[] in, Shape src, Shape dst, int k, int s, int p) {
        float[] out = new float[dst.size()];
        for (int c = 0; c < src.c(); c++) {
            for (int y = 0; y < dst.h(); y++) {
                for (int x = 0; x < dst.w(); x++) {
                    float m = Float.NEGATIVE_INFINITY;
                    for (int ky = 0; ky < k; ky++) {
                        int iy = y * s + ky - p;
                        for (int kx = 0; kx < k; kx++) {
                            int ix = x * s + kx - p;
                            if (iy >= 0 && iy < src.h() && ix >= 0 && ix < src.w()) {
                                m = Math.max(m, in[(c * src.h() + iy) * src.w() + ix]);
                            }
                        }
                    }
                    out[(c * dst.h() + y) * dst.w() + x] = m;
                }
            }
        }
        return out;
    }

    private static float[] head(FloatLayer.Head h, float[] a, Shape src) {
        if (h.inC() != src.c()) {
            throw new QuantizerException("head " + h.name() + ": inC " + h.inC() + " but input is " + src);
        }
        int plane = src.h() * src.w();
        double[] mean = new double[h.inC()];
        for (int c = 0; c < h.inC(); c++) {
            double s = 0;
            for (int j = 0; j < plane; j++) {
                s += a[c * plane + j];
            }
            mean[c] = s / plane;
        }
        float[] logits = new float[h.classes()];
        for (int j = 0; j < h.classes(); j++) {
            double v = h.bias()[j];
            for (int c = 0; c < h.inC(); c++) {
                v += (double) h.weight()[j * h.inC() + c] * mean[c];
            }
            logits[j] = (float) v;
        }
        return logits;
    }
}
