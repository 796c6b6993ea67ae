package foldproof.quantizer.quant;

import foldproof.quantizer.QuantizerException;
import foldproof.quantizer.model.FloatLayer;
import foldproof.quantizer.model.FloatNet;
import foldproof.quantizer.model.QLayer;
import foldproof.quantizer.model.QModel;
import foldproof.quantizer.model.Shape;

import java.util.ArrayList;
import java.util.List;

/**
 * Float network -> fixed-point {@link QModel} (DESIGN section 2).
 *
 * <ol>
 *   <li>Input scale {@code s_0}: the largest |value| the preprocessing can produce, over 127.</li>
 *   <li>Activation scales: a ReLU conv output is uint8 with {@code s_t = clip_t / 255}, where
 *       {@code clip_t} is a percentile of the tensor's positive values over the calibration inputs
 *       ({@link Calibration}), or, data-free, the range {@link DataFreeCalibration} derives from the
 *       BatchNorm statistics; a ReLU6 output the same with {@code clip_t} at most 6 (so with a clip of 6 the
 *       requantisation's clamp to 255 is the ReLU6 itself); a linear (no activation) output is signed, stored
 *       as uint8 with zero point 128: real value {@code s_t (q - 128)}, {@code s_t = clip_t / 127} with
 *       {@code clip_t} a percentile of the magnitudes, so the clamp to [0, 255] saturates at the int8 range.
 *       A max-pool output keeps its input's scale and zero point (max commutes with both). Every other tensor
 *       has zero point 0 (the input is int8 around 0).</li>
 *   <li>Conv layer with input scale {@code s_a}, output scale {@code s_o} and shift {@code k}:
 *       {@code w_q = round(w * s_a/s_o * 2^k)}, {@code b_q = round(b/s_o * 2^k)}; an identity or option-A
 *       skip adds {@code alpha = round(s_skip/s_o * 2^k)} times the skip tensor; a projection skip
 *       contributes {@code round(w_p * s_p/s_o * 2^k)} in the same accumulator and its bias joins {@code b_q}.
 *       {@code k} is the largest shift with every such multiplier at most {@code 2^weightBits}.
 *       Zero points go into the bias, so the integer network ({@link QLayer}) knows none: an output zero point
 *       {@code z_o} adds {@code z_o 2^k}; an input zero point {@code z_a} subtracts {@code z_a sum w_q[o]} over the
 *       taps of channel {@code o}, an identity or option-A skip's {@code z alpha}. A padded conv (or projection)
 *       reading a tensor with zero point 128 is refused: its padding would read 0, a real value of
 *       {@code -128 s}, not 0 (MobileNetV2 pads only ReLU6 tensors).</li>
 *   <li>Head: {@code logit = W mean(a) + b = W s_a/(HW) sum(a_q - z_a) + b}; with logit unit {@code s_l}
 *       chosen so max |w_q| is about {@code 2^headBits}: {@code w_q = round(W s_a/(HW s_l))},
 *       {@code b_q = round(b/s_l) - z_a HW sum_c w_q}, recorded as {@code logitScale = s_l}.</li>
 * </ol>
 */
public final class Quantizer {
    private Quantizer() { }

    public static QModel quantize(FloatNet net, List<float[]> calibInputs) {
        return quantize(net, calibInputs, Calibration.DEFAULT);
    }

    public static QModel quantize(FloatNet net, List<float[]> calibInputs, Calibration cal) {
        if (calibInputs.isEmpty()) {
            throw new QuantizerException("calibration needs at least one input image");
        }
        int n = net.layers().size();
        ActivationStats[] stats = new ActivationStats[n + 1];
        for (int t = 0; t <= n; t++) {
            stats[t] = new ActivationStats();
        }
        boolean[] signed = signedTensors(net);
        for (float[] x : calibInputs) {
            FloatTrace tr = FloatInference.trace(net, x);
            for (int t = 0; t <= n; t++) {
                if (t > 0 && signed[t]) {
                    stats[t].addMagnitudes(tr.tensor(t));
                } else {
                    stats[t].add(tr.tensor(t));
                }
            }
        }
        double[] clips = new double[n + 1];
        for (int i = 0; i < n; i++) {
            if (net.layers().get(i) instanceof FloatLayer.Conv) {
                clips[i + 1] = stats[i + 1].positivePercentile(cal.percentile());
            }
        }
        return build(net, inputScale(net, stats[0]), clips, cal,
                "fixed-point model quantized from " + net.name() + " (" + calibInputs.size() + " calibration inputs)");
    }

    /**
     * Data-free quantization: activation clips from the BatchNorm statistics ({@link DataFreeCalibration})
     * instead of calibration images; everything else as {@link #quantize(FloatNet, List, Calibration)}.
     *
     * @param spread the multiple of the BN spread, e.g. {@link DataFreeCalibration#DEFAULT_SPREAD}
     * @throws QuantizerException if the model has no BatchNorm statistics (then it needs calibration images)
     */
    public static QModel quantizeDataFree(FloatNet net, Calibration cal, double spread) {
        double[] clips = DataFreeCalibration.clips(net, spread);
        return build(net, Math.max(clips[0], 1e-6) / 127.0, clips, cal, "fixed-point model quantized from " + net.name()
                + " (data-free: activation ranges from BatchNorm statistics, mean + " + fmt(spread) + " x spread)");
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    /** Zero point of a linear (signed) conv output: the middle of uint8. */
    static final int SIGNED_ZERO_POINT = 128;

    /**
     * Which tensors are signed conv outputs (no activation; zero point {@link #SIGNED_ZERO_POINT}) or max pools of
     * one; entry 0 (the input, int8 with zero point 0) is false.
     */
    static boolean[] signedTensors(FloatNet net) {
        int n = net.layers().size();
        boolean[] s = new boolean[n + 1];
        for (int i = 0; i < n; i++) {
            FloatLayer l = net.layers().get(i);
            if (l instanceof FloatLayer.Conv c) {
                s[i + 1] = c.act() == FloatLayer.Activation.NONE;
            } else if (l instanceof FloatLayer.MaxPool) {
                s[i + 1] = s[l.input()];
            }
        }
        return s;
    }

    /**
     * The quantized model for input scale {@code s_0} and the clip of every conv output ({@code clips[i+1]},
     * the value that becomes 255, or for a linear output the magnitude that becomes 127; other entries ignored).
     */
    static QModel build(FloatNet net, double inputScale, double[] clips, Calibration cal, String desc) {
        int n = net.layers().size();
        List<Shape> shapes = net.shapes();
        double[] scales = new double[n + 1];
        int[] zero = new int[n + 1];
        scales[0] = inputScale;
        for (int i = 0; i < n; i++) {
            FloatLayer l = net.layers().get(i);
            if (l instanceof FloatLayer.Conv c) {
                double clip = Math.max(clips[i + 1], 1e-6);
                switch (c.act()) {
                    case RELU -> scales[i + 1] = clip / 255.0;
                    case RELU6 -> scales[i + 1] = Math.min(clip, 6.0) / 255.0;
                    case NONE -> {
                        scales[i + 1] = clip / 127.0;
                        zero[i + 1] = SIGNED_ZERO_POINT;
                    }
                }
            } else if (l instanceof FloatLayer.MaxPool) {
                scales[i + 1] = scales[l.input()];
                zero[i + 1] = zero[l.input()];
            }
        }
        List<QLayer> layers = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            FloatLayer l = net.layers().get(i);
            if (l instanceof FloatLayer.Conv c) {
                layers.add(conv(c, scales, zero, i + 1, cal.weightBits()));
            } else if (l instanceof FloatLayer.MaxPool p) {
                layers.add(new QLayer.MaxPool(p.name(), p.input(), p.kernel(), p.stride(), p.pad()));
            } else {
                FloatLayer.Head h = (FloatLayer.Head) l;
                Shape src = shapes.get(h.input());
                QLayer.Head qh = head(h, scales[h.input()], zero[h.input()], src.h() * src.w(), cal.headBits());
                scales[i + 1] = qh.logitScale();
                layers.add(qh);
            }
        }
        QModel m = new QModel(net.name(), desc, net.preprocess(), net.input(), scales[0], scales, layers, net.labels());
        ModelChecks.validate(m);
        return m;
    }

    /** Largest |value| the preprocessing can produce (or the calibration maximum without one), over 127. */
    static double inputScale(FloatNet net, ActivationStats inputStats) {
        double range;
        if (net.preprocess() != null) {
            range = 0;
            for (int c = 0; c < 3; c++) {
                float m = net.preprocess().mean()[c];
                float s = net.preprocess().std()[c];
                range = Math.max(range, Math.max(Math.abs((0f - m) / s), Math.abs((1f - m) / s)));
            }
        } else {
            range = inputStats.maxAbs();
        }
        return Math.max(range, 1e-6) / 127.0;
    }

    private static QLayer.Conv conv(FloatLayer.Conv c, double[] scales, int[] zero, int out, int bits) {
        if (c.pad() > 0 && zero[c.input()] != 0
                || c.skip() instanceof FloatLayer.Skip.Projection pr && pr.pad() > 0 && zero[pr.tensor()] != 0) {
            throw new QuantizerException("layer " + c.name() + ": a padded conv reads a signed linear (no activation) tensor, stored with zero point "
                    + SIGNED_ZERO_POINT + "; its padding would read -" + SIGNED_ZERO_POINT + " units instead of 0 (not supported: pad only "
                    + "ReLU / ReLU6 outputs, as MobileNetV2 does)");
        }
        double sa = scales[c.input()];
        double so = scales[out];
        double m = maxAbs(c.weight()) * sa / so;
        FloatLayer.Skip skip = c.skip();
        if (skip instanceof FloatLayer.Skip.Identity id) {
            m = Math.max(m, scales[id.tensor()] / so);
        } else if (skip instanceof FloatLayer.Skip.OptionA oa) {
            m = Math.max(m, scales[oa.tensor()] / so);
        } else if (skip instanceof FloatLayer.Skip.Projection pr) {
            m = Math.max(m, maxAbs(pr.weight()) * scales[pr.tensor()] / so);
        }
        int k = m > 0 ? (int) Math.floor(bits - StrictMath.log(m) / StrictMath.log(2)) : 0;
        k = Math.max(0, Math.min(ModelChecks.MAX_SHIFT, k));
        // guard the floor against log rounding: max |w_q| must not exceed 2^bits
        while (k > 0 && Math.round(m * Math.scalb(1.0, k)) > (1L << bits)) {
            k--;
        }
        double f = Math.scalb(1.0, k);
        int[] w = roundAll(c.weight(), sa / so * f);
        QLayer.QSkip qs;
        if (skip instanceof FloatLayer.Skip.Identity id) {
            qs = new QLayer.QSkip.Identity(id.tensor(), Math.round(scales[id.tensor()] / so * f));
        } else if (skip instanceof FloatLayer.Skip.OptionA oa) {
            qs = new QLayer.QSkip.OptionA(oa.tensor(), oa.inC(), oa.stride(), oa.padBefore(), Math.round(scales[oa.tensor()] / so * f));
        } else if (skip instanceof FloatLayer.Skip.Projection pr) {
            qs = new QLayer.QSkip.Projection(pr.tensor(), pr.inC(), pr.kernel(), pr.stride(), pr.pad(),
                    roundAll(pr.weight(), scales[pr.tensor()] / so * f));
        } else {
            qs = new QLayer.QSkip.None();
        }
        int taps = c.groupInC() * c.kernel() * c.kernel();
        long[] b = new long[c.outC()];
        for (int o = 0; o < c.outC(); o++) {
            double bias = c.bias()[o];
            if (skip instanceof FloatLayer.Skip.Projection pr) {
                bias += pr.bias()[o];
            }
            // zero points: the output's added, every input's taken out (a value a reads a - z)
            long v = Math.round(bias / so * f) + ((long) zero[out] << k) - zero[c.input()] * sum(w, o * taps, taps);
            if (qs instanceof QLayer.QSkip.Identity id) {
                v -= zero[id.tensor()] * id.alpha();
            } else if (qs instanceof QLayer.QSkip.OptionA oa && o - oa.padBefore() >= 0 && o - oa.padBefore() < oa.inC()) {
                v -= zero[oa.tensor()] * oa.alpha();
            } else if (qs instanceof QLayer.QSkip.Projection pr) {
                int pt = pr.inC() * pr.kernel() * pr.kernel();
                v -= zero[pr.tensor()] * sum(pr.w(), o * pt, pt);
            }
            b[o] = v;
        }
        return new QLayer.Conv(c.name(), c.input(), c.inC(), c.outC(), c.kernel(), c.stride(), c.pad(), w, b, k, qs, c.groups());
    }

    private static long sum(int[] w, int off, int len) {
        long s = 0;
        for (int j = off; j < off + len; j++) {
            s += w[j];
        }
        return s;
    }

    private static QLayer.Head head(FloatLayer.Head h, double sa, int za, int plane, int bits) {
        double m = maxAbs(h.weight()) * sa / plane;
        double sl = m > 0 ? m / Math.scalb(1.0, bits) : 1.0;
        int[] w = roundAll(h.weight(), sa / plane / sl);
        long[] b = new long[h.classes()];
        for (int j = 0; j < b.length; j++) {
            b[j] = Math.round(h.bias()[j] / sl) - (long) za * plane * sum(w, j * h.inC(), h.inC());
        }
        return new QLayer.Head(h.name(), h.input(), h.inC(), h.classes(), w, b, sl);
    }

    private static int[] roundAll(float[] w, double factor) {
        int[] q = new int[w.length];
        for (int j = 0; j < w.length; j++) {
            long v = Math.round(w[j] * factor);
            if (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) {
                throw new QuantizerException("quantized weight " + v + " does not fit in 32 bits (scale factor " + factor + ")");
            }
            q[j] = (int) v;
        }
        return q;
    }

    private static double maxAbs(float[] w) {
        double m = 0;
        for (float v : w) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }
}
