package foldproof.quantizer.quant;

import foldproof.quantizer.model.QLayer;
import foldproof.quantizer.model.QModel;

/**
 * Static bounds the circuits use to size range checks. Every tensor value is bounded by
 * {@link #maxValue(QModel, int)} (127/128 for the int8 input, 255 otherwise), so a conv layer's
 * accumulator obeys {@code |acc| <= max_o (|b[o]| + sum |w[o,..]| * max(in) + skip terms)}.
 */
public final class QuantStats {
    private QuantStats() { }

    /** Bound on |value| of tensor {@code id}: 128 for the int8 input, 255 for uint8 activations. */
    public static int maxValue(QModel m, int id) {
        return id == 0 ? 128 : 255;
    }

    /** Static bound on |acc| of conv layer {@code layer} over all output channels and positions. */
    public static long accumulatorBound(QModel m, int layer) {
        if (!(m.layers().get(layer) instanceof QLayer.Conv c)) {
            throw new IllegalArgumentException("layer " + layer + " is not a conv layer");
        }
        int taps = c.inC() * c.kernel() * c.kernel();
        long inMax = maxValue(m, c.input());
        long best = 0;
        for (int o = 0; o < c.outC(); o++) {
            long s = Math.abs(c.b()[o]) + sumAbs(c.w(), o * taps, taps) * inMax;
            QLayer.QSkip skip = c.skip();
            if (skip instanceof QLayer.QSkip.Identity id) {
                s += Math.abs(id.alpha()) * maxValue(m, id.tensor());
            } else if (skip instanceof QLayer.QSkip.OptionA oa) {
                s += Math.abs(oa.alpha()) * maxValue(m, oa.tensor());
            } else if (skip instanceof QLayer.QSkip.Projection pr) {
                int pt = pr.inC() * pr.kernel() * pr.kernel();
                s += sumAbs(pr.w(), o * pt, pt) * maxValue(m, pr.tensor());
            }
            best = Math.max(best, s);
        }
        return best;
    }

    /** Static bound on |(acc + 2^(k-1)) >> k| of conv layer {@code layer}: the quotient range to check. */
    public static long quotientBound(QModel m, int layer) {
        QLayer.Conv c = (QLayer.Conv) m.layers().get(layer);
        long half = c.shift() > 0 ? 1L << (c.shift() - 1) : 0;
        return ((accumulatorBound(m, layer) + half) >> c.shift()) + 1;
    }

    private static long sumAbs(int[] w, int off, int n) {
        long s = 0;
        for (int j = off; j < off + n; j++) {
            s += Math.abs((long) w[j]);
        }
        return s;
    }
}
