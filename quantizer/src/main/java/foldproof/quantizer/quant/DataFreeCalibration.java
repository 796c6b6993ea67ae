package foldproof.quantizer.quant;

import foldproof.quantizer.QuantizerException;
import foldproof.quantizer.model.FloatLayer;
import foldproof.quantizer.model.FloatNet;
import foldproof.quantizer.model.Preprocess;

/**
 * Data-free calibration: every activation tensor's clip (the value that becomes 255) from the BatchNorm
 * statistics the importers keep ({@link FloatLayer.BnStats}), without running a single image. Same output
 * as image calibration (one clip per post-ReLU tensor), so the rest of the {@link Quantizer} is unchanged.
 *
 * <p>Per tensor and channel {@code c} it tracks the mean {@code M_c} and standard deviation {@code S_c}
 * of the activation, treating every pre-activation as Gaussian:
 * <ul>
 *   <li><b>conv + BN</b>: the BN output has mean {@code beta_c} and spread {@code |gamma_c|};</li>
 *   <li><b>residual add</b> (before the ReLU): means add, variances add, i.e. the block's second BN and the
 *       skip tensor are taken as independent: {@code mu = beta_c + M_skip,c},
 *       {@code sigma = sqrt(gamma_c^2 + S_skip,c^2)}. An option-A skip contributes nothing on its zero
 *       channels; a projection skip contributes its own BN ({@code beta_p}, {@code |gamma_p|});</li>
 *   <li><b>ReLU</b>: the channel's range is {@code max(0, mu + m * sigma)}; the tensor's clip is the
 *       largest over its channels (per-tensor scales, like image calibration at a percentile near 1).
 *       The moments passed on to later skips are those of the rectified Gaussian,
 *       {@code M = mu Phi(a) + sigma phi(a)}, {@code E[x^2] = (mu^2 + sigma^2) Phi(a) + mu sigma phi(a)},
 *       {@code a = mu / sigma};</li>
 *   <li><b>ReLU6</b>: as ReLU (the quantizer caps the clip at 6); <b>no activation</b> (a linear bottleneck):
 *       the clip is the larger magnitude of {@code mu +- m sigma} and the moments pass unchanged;</li>
 *   <li><b>max pool</b> keeps the clip (the quantizer copies its input's scale) and the moments (a window of
 *       neighbouring values is strongly correlated, so its max is close to each of them); global average
 *       pooling only occurs inside the head, which is exact integer arithmetic and needs no range;</li>
 *   <li><b>input</b>: its scale is fixed by the preprocessing ({@link Quantizer#inputScale}); as a skip it
 *       would count as uniform on {@code [(0 - mean)/std, (1 - mean)/std]}.</li>
 * </ul>
 * The alternative residual rule, {@link Residual#ALIGNED} (the sum of the two branches' maxima, as if they
 * were perfectly correlated), is kept for the comparison in docs/quantizer.md; it over-estimates deep
 * residual streams (the range grows linearly with the number of blocks rather than as a square root), so
 * its best {@code m} falls with depth where the independent rule's rises.
 *
 * <p>The multiple {@code m} ({@link #DEFAULT_SPREAD}) was chosen by measurement on the real ResNet-20 and
 * ResNet-56 (docs/quantizer.md): the independent rule under-estimates long residual streams a little, so
 * deeper nets want a larger {@code m}. Models without BatchNorm statistics (e.g. an ONNX export with BN pre-folded) are
 * refused: they need image calibration.
 */
public final class DataFreeCalibration {
    /**
     * The multiple of the spread: the smallest m with which both real CIFAR ResNets meet the image-calibration
     * fidelity targets (agreement with float >= 97%, mean logit cosine >= 0.995) on the 1,000 dev images.
     * ResNet-20 alone reaches them from m = 5; ResNet-56, three times deeper, needs 6 (m = 5: cosine 0.9946).
     * m = 3..8 measured in docs/quantizer.md.
     */
    public static final double DEFAULT_SPREAD = 6.0;

    /** How the ranges of a residual add's two branches combine. */
    enum Residual {
        /** Means and variances add (independent branches): the default. */
        INDEPENDENT,
        /** Maxima add (perfectly correlated branches): a conservative bound, for comparison. */
        ALIGNED
    }

    private static final double INV_SQRT_2PI = 1.0 / StrictMath.sqrt(2 * Math.PI);

    private DataFreeCalibration() { }

    /**
     * Clips of every tensor of {@code net} (index 0 = input, i+1 = output of layer i) from its BN
     * statistics, for {@link Quantizer#quantizeDataFree}: entry {@code i+1} is set for every conv layer
     * (its post-ReLU range), the input's entry is the largest |value| the preprocessing can produce, the
     * others are 0 (max pool and head scales follow from their inputs).
     *
     * @param spread the multiple {@code m} of the spread, e.g. {@link #DEFAULT_SPREAD}
     * @throws QuantizerException if a conv or projection shortcut has no BatchNorm statistics, or the model
     *                            has no preprocessing (the input range is unknown)
     */
    public static double[] clips(FloatNet net, double spread) {
        return clips(net, spread, Residual.INDEPENDENT);
    }

    static double[] clips(FloatNet net, double spread, Residual rule) {
        if (!(spread > 0) || !Double.isFinite(spread)) {
            throw new IllegalArgumentException("spread multiple must be positive, is " + spread);
        }
        requireBn(net);
        int n = net.layers().size();
        double[][] mean = new double[n + 1][];
        double[][] sd = new double[n + 1][];
        double[][] top = new double[n + 1][];
        double[] clips = new double[n + 1];
        Preprocess pre = net.preprocess();
        int c0 = net.input().c();
        mean[0] = new double[c0];
        sd[0] = new double[c0];
        top[0] = new double[c0];
        for (int c = 0; c < c0; c++) {
            int pc = Math.min(c, pre.mean().length - 1);
            double lo = (0.0 - pre.mean()[pc]) / pre.std()[pc];
            double hi = (1.0 - pre.mean()[pc]) / pre.std()[pc];
            mean[0][c] = (lo + hi) / 2;
            sd[0][c] = Math.abs(hi - lo) / StrictMath.sqrt(12);
            top[0][c] = Math.max(lo, hi);
            // in float, as Quantizer.inputScale, so both calibrations give the same input scale
            float fm = pre.mean()[pc];
            float fs = pre.std()[pc];
            clips[0] = Math.max(clips[0], Math.max(Math.abs((0f - fm) / fs), Math.abs((1f - fm) / fs)));
        }
        for (int i = 0; i < n; i++) {
            FloatLayer l = net.layers().get(i);
            if (l instanceof FloatLayer.MaxPool) {
                mean[i + 1] = mean[l.input()];
                sd[i + 1] = sd[l.input()];
                top[i + 1] = top[l.input()];
            } else if (l instanceof FloatLayer.Conv conv) {
                conv(conv, i + 1, spread, rule, mean, sd, top);
                double clip = 0;
                for (double t : top[i + 1]) {
                    clip = Math.max(clip, t);
                }
                clips[i + 1] = clip;
            }
        }
        return clips;
    }

    /** Moments and range of the post-ReLU output {@code out} of {@code conv}. */
    private static void conv(FloatLayer.Conv conv, int out, double m, Residual rule, double[][] mean, double[][] sd, double[][] top) {
        int outC = conv.outC();
        double[] mu = new double[outC];
        double[] var = new double[outC];
        double[] max = new double[outC];
        for (int c = 0; c < outC; c++) {
            double g = Math.abs(conv.bn().gamma()[c]);
            mu[c] = conv.bn().beta()[c];
            var[c] = g * g;
            max[c] = mu[c] + m * g;
        }
        FloatLayer.Skip skip = conv.skip();
        if (skip instanceof FloatLayer.Skip.Identity id) {
            for (int c = 0; c < outC; c++) {
                mu[c] += mean[id.tensor()][c];
                var[c] += sd[id.tensor()][c] * sd[id.tensor()][c];
                max[c] += top[id.tensor()][c];
            }
        } else if (skip instanceof FloatLayer.Skip.OptionA oa) {
            for (int c = 0; c < outC; c++) {
                int ci = c - oa.padBefore();
                if (ci >= 0 && ci < oa.inC()) {
                    mu[c] += mean[oa.tensor()][ci];
                    var[c] += sd[oa.tensor()][ci] * sd[oa.tensor()][ci];
                    max[c] += top[oa.tensor()][ci];
                }
            }
        } else if (skip instanceof FloatLayer.Skip.Projection pr) {
            for (int c = 0; c < outC; c++) {
                double g = Math.abs(pr.bn().gamma()[c]);
                mu[c] += pr.bn().beta()[c];
                var[c] += g * g;
                max[c] += pr.bn().beta()[c] + m * g;
            }
        }
        mean[out] = new double[outC];
        sd[out] = new double[outC];
        top[out] = new double[outC];
        for (int c = 0; c < outC; c++) {
            double s = Math.sqrt(var[c]);
            if (conv.act() == FloatLayer.Activation.NONE) {
                top[out][c] = Math.abs(mu[c]) + m * s;
                mean[out][c] = mu[c];
                sd[out][c] = s;
                continue;
            }
            double range = rule == Residual.INDEPENDENT ? mu[c] + m * s : max[c];
            top[out][c] = Math.max(0, range);
            double[] r = rectified(mu[c], s);
            mean[out][c] = r[0];
            sd[out][c] = r[1];
        }
    }

    /** Mean and standard deviation of {@code max(0, z)} for {@code z ~ N(mu, sigma^2)}. */
    static double[] rectified(double mu, double sigma) {
        if (!(sigma > 0)) {
            return new double[] {Math.max(0, mu), 0};
        }
        double a = mu / sigma;
        double cdf = phiCdf(a);
        double pdf = INV_SQRT_2PI * StrictMath.exp(-0.5 * a * a);
        double m1 = mu * cdf + sigma * pdf;
        double m2 = (mu * mu + sigma * sigma) * cdf + mu * sigma * pdf;
        return new double[] {m1, Math.sqrt(Math.max(0, m2 - m1 * m1))};
    }

    /** Standard normal CDF, {@code erfc(-x / sqrt 2) / 2}. */
    static double phiCdf(double x) {
        return 0.5 * erfc(-x / StrictMath.sqrt(2));
    }

    /**
     * Complementary error function, fractional error below 1.2e-7 everywhere (the Chebyshev fit of
     * Numerical Recipes, 2nd ed., section 6.2, {@code erfcc}); StrictMath, so identical on every JVM.
     */
    static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1.0 / (1.0 + 0.5 * z);
        double r = t * StrictMath.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2.0 - r;
    }

    /** Refuses a model that lacks the statistics: every conv and projection shortcut needs its BN. */
    private static void requireBn(FloatNet net) {
        for (FloatLayer l : net.layers()) {
            if (l instanceof FloatLayer.Conv c) {
                String what = null;
                if (c.bn() == null) {
                    what = "conv '" + c.name() + "'";
                } else if (c.skip() instanceof FloatLayer.Skip.Projection pr && pr.bn() == null) {
                    what = "the projection shortcut of '" + c.name() + "'";
                }
                if (what != null) {
                    throw new QuantizerException("model " + net.name() + " cannot be calibrated data-free: " + what
                            + " has no BatchNorm statistics (its BatchNorm was folded before export, as in many ONNX files, or it has none); "
                            + "calibrate with images instead: --calib DIR");
                }
            }
        }
        if (net.preprocess() == null) {
            throw new QuantizerException("model " + net.name() + " cannot be calibrated data-free: it has no preprocessing, "
                    + "so its input range is unknown; calibrate with images instead: --calib DIR");
        }
    }
}
