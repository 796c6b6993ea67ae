package foldproof.circuits.gadgets;

import foldproof.circuits.r1cs.ConstraintSystem;
import foldproof.circuits.r1cs.Lc;
import foldproof.circuits.r1cs.Vars;

/**
 * Public linear head: per channel c an AUX sum {@code S_c = sum_{y,x} a[c,y,x]} (IN slot y holds row y),
 * then {@code x_j = b_j + sum_c w[j,c] S_c} for the public inputs {@code x_j} (the logits).
 * <b>C + classes constraints, C AUX variables</b> (sums of at most {@code H*W} bytes).
 * Sound: every constraint is a linear equation with {@code B = 1}, so the logits equal the integer map of
 * the committed feature map exactly (values far below r: no wrap-around).
 */
public final class LinearHead {
    private LinearHead() { }

    /**
     * The soundness condition, checked when the shape is built: a logit's static interval (from
     * {@code ModelBounds}, pooled sums included) lies inside {@code (-2^62, 2^62)}, so a claimed 64-bit logit
     * equals the integer map mod r only if it equals it as an integer.
     */
    public static void requireSound(long lo, long hi, String where) {
        if (lo > hi || lo <= -(1L << 62) || hi >= (1L << 62)) {
            throw new foldproof.circuits.CircuitException(where + ": logit range [" + lo + ", " + hi + "] too wide for an exact head");
        }
    }

    /** @param stride distance between two channels in a row slot ({@code Shape.rowStride}) */
    public static void synthesize(ConstraintSystem cs, int channels, int h, int w, int stride, int classes, int[] weight, long[] bias) {
        int[] sums = new int[channels];
        for (int c = 0; c < channels; c++) {
            try (var ns = cs.push("gap", "c", c)) {
                int sv = cs.aux();
                sums[c] = sv;
                Lc sum = cs.scratch(0);
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        sum.add(Vars.of(y, c * stride + x), 1);
                    }
                }
                if (cs.witnessing()) {
                    cs.set(sv, cs.eval(sum));
                }
                cs.a().addScaled(sum, 1);
                cs.b().add(Vars.ONE, 1);
                cs.c().add(sv, 1);
                cs.enforce();
            }
        }
        for (int j = 0; j < classes; j++) {
            try (var ns = cs.push("logit", "j", j)) {
                Lc a = cs.a();
                a.constant(bias[j]);
                for (int c = 0; c < channels; c++) {
                    a.add(sums[c], weight[j * channels + c]);
                }
                cs.b().add(Vars.ONE, 1);
                cs.c().add(Vars.pub(j), 1);
                cs.enforce();
            }
        }
    }
}
