package foldproof.quantizer.importers;

import foldproof.quantizer.QuantizerException;

/**
 * Folds an inference-mode BatchNorm into the conv before it (DESIGN section 2):
 * {@code w' = w * gamma / sqrt(var + eps)}, {@code b' = beta + (b - mean) * gamma / sqrt(var + eps)}
 * (with {@code b = 0} for a bias-free conv this is {@code beta - mean * gamma / sqrt(var + eps)}).
 * Computed in double, stored as float.
 */
public final class BatchNorm {
    /** PyTorch's default epsilon (torchvision, akamaster and HF ResNets all use it). */
    public static final double DEFAULT_EPS = 1e-5;

    private BatchNorm() { }

    /**
     * Returns {folded weight, folded bias}. {@code bias} may be null (no conv bias).
     *
     * @param what names the layer in error messages
     */
    public static float[][] fold(String what, float[] weight, float[] bias, int outC,
                                 float[] gamma, float[] beta, float[] mean, float[] var, double eps) {
        check(what, "weight (gamma)", gamma, outC);
        check(what, "bias (beta)", beta, outC);
        check(what, "running_mean", mean, outC);
        check(what, "running_var", var, outC);
        if (bias != null) {
            check(what, "conv bias", bias, outC);
        }
        if (weight.length % outC != 0) {
            throw new QuantizerException(what + ": conv weight length " + weight.length + " is not a multiple of " + outC + " channels");
        }
        int per = weight.length / outC;
        float[] w = new float[weight.length];
        float[] b = new float[outC];
        for (int o = 0; o < outC; o++) {
            double v = var[o] + eps;
            if (!(v > 0) || !Double.isFinite(v)) {
                throw new QuantizerException(what + ": running_var[" + o + "] + eps = " + v + " is not positive");
            }
            double f = gamma[o] / Math.sqrt(v);
            for (int i = 0; i < per; i++) {
                w[o * per + i] = (float) (weight[o * per + i] * f);
            }
            double b0 = bias == null ? 0 : bias[o];
            b[o] = (float) (beta[o] + (b0 - mean[o]) * f);
        }
        return new float[][] {w, b};
    }

    private static void check(String what, String name, float[] v, int n) {
        if (v == null) {
            throw new QuantizerException(what + ": missing BatchNorm " + name);
        }
        if (v.length != n) {
            throw new QuantizerException(what + ": BatchNorm " + name + " has " + v.length + " values, the conv has " + n + " output channels");
        }
    }
}
