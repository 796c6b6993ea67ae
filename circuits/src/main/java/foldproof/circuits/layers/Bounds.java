package foldproof.circuits.layers;

import foldproof.circuits.gadgets.Requant;
import foldproof.quantizer.model.QLayer;
import foldproof.quantizer.model.QLayer.QSkip;

/**
 * Static accumulator bounds, per output channel, from the model alone: every input is a byte {@code [0,255]}
 * (int8 {@code [-128,127]} for the network input), so {@code acc in [b + sum_w min(w*lo, w*hi), b + sum_w max(w*lo, w*hi)]}
 * (positive and negative weights bound the two ends separately, which is about one bit tighter than
 * {@code |b| + 255 sum |w|}). Skip terms add theirs. {@link Requant#bits} turns the interval into a bit count.
 */
final class Bounds {
    private Bounds() { }

    static int[] requantBits(QLayer.Conv c, boolean inputSigned, boolean skipSigned) {
        int kk = c.kernel() * c.kernel();
        int per = c.inC() * kk;
        long lo8 = inputSigned ? -128 : 0;
        long hi8 = inputSigned ? 127 : 255;
        long sLo = skipSigned ? -128 : 0;
        long sHi = skipSigned ? 127 : 255;
        int[] n = new int[c.outC()];
        for (int o = 0; o < c.outC(); o++) {
            long lo = c.b()[o];
            long hi = c.b()[o];
            for (int e = o * per; e < (o + 1) * per; e++) {
                long w = c.w()[e];
                lo += Math.min(w * lo8, w * hi8);
                hi += Math.max(w * lo8, w * hi8);
            }
            QSkip sk = c.skip();
            if (sk instanceof QSkip.Identity id) {
                lo += Math.min(id.alpha() * sLo, id.alpha() * sHi);
                hi += Math.max(id.alpha() * sLo, id.alpha() * sHi);
            } else if (sk instanceof QSkip.OptionA a) {
                int ci = o - a.padBefore();
                if (ci >= 0 && ci < a.inC()) {
                    lo += Math.min(a.alpha() * sLo, a.alpha() * sHi);
                    hi += Math.max(a.alpha() * sLo, a.alpha() * sHi);
                }
            } else if (sk instanceof QSkip.Projection p) {
                int pp = p.inC() * p.kernel() * p.kernel();
                for (int e = o * pp; e < (o + 1) * pp; e++) {
                    long w = p.w()[e];
                    lo += Math.min(w * sLo, w * sHi);
                    hi += Math.max(w * sLo, w * sHi);
                }
            }
            n[o] = Requant.bits(lo, hi, c.shift());
        }
        return n;
    }
}
