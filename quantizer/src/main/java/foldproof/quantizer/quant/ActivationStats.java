package foldproof.quantizer.quant;

/**
 * Running statistics of one activation tensor over the calibration set: the maximum and a histogram of
 * positive values on a log scale (64 bins per octave from 2^-24 to 2^24, so percentiles are located to
 * about 1% relative precision in one pass and fixed memory), plus the count of non-positive values.
 */
public final class ActivationStats {
    private static final int BINS_PER_OCTAVE = 64;
    private static final int MIN_EXP = -24;
    private static final int OCTAVES = 48;
    private final long[] bins = new long[BINS_PER_OCTAVE * OCTAVES];
    private long nonPositive;
    private long total;
    private double max;
    private double maxAbs;

    /** Adds every value of one tensor. */
    public void add(float[] values) {
        for (float v : values) {
            total++;
            double a = Math.abs(v);
            if (a > maxAbs) {
                maxAbs = a;
            }
            if (v > max) {
                max = v;
            }
            if (!(v > 0f)) {
                nonPositive++;
                continue;
            }
            bins[bin(v)]++;
        }
    }

    /** Adds the magnitude {@code |v|} of every value of one tensor (a signed tensor's clip is a percentile of them). */
    public void addMagnitudes(float[] values) {
        float[] a = new float[values.length];
        for (int j = 0; j < a.length; j++) {
            a[j] = Math.abs(values[j]);
        }
        add(a);
    }

    private static int bin(double v) {
        double e = (StrictMath.log(v) / StrictMath.log(2) - MIN_EXP) * BINS_PER_OCTAVE;
        int b = (int) Math.floor(e);
        return Math.max(0, Math.min(BINS_PER_OCTAVE * OCTAVES - 1, b));
    }

    private static double binTop(int b) {
        return StrictMath.pow(2, MIN_EXP + (b + 1) / (double) BINS_PER_OCTAVE);
    }

    public double max() {
        return max;
    }

    public double maxAbs() {
        return maxAbs;
    }

    public long count() {
        return total;
    }

    /**
     * The value below which a fraction {@code q} (e.g. 0.9999) of the positive values lie, capped at the
     * maximum; {@code q >= 1} gives the maximum.
     */
    public double positivePercentile(double q) {
        long positives = total - nonPositive;
        if (q >= 1.0 || positives == 0) {
            return max;
        }
        long above = (long) Math.floor((1.0 - q) * positives);
        long seen = 0;
        for (int b = bins.length - 1; b >= 0; b--) {
            seen += bins[b];
            if (seen > above) {
                return Math.min(max, binTop(b));
            }
        }
        return max;
    }
}
