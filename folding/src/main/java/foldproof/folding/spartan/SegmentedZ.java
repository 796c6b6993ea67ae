package foldproof.folding.spartan;

import foldproof.bn254.fr.Fr;
import foldproof.circuits.r1cs.SegmentLayout;
import foldproof.folding.ProofException;
import foldproof.folding.spartan.polys.EqPoly;

/**
 * The vector {@code z = (W, u, x)} of a relaxed instance as Spartan sees it: zero-padded to
 * {@code 2 * witnessLength = 2^m} entries, so that with big-endian variables ({@link EqPoly})
 * <pre>
 *   z(r_y) = (1 - r_y[0]) * W(r') + r_y[0] * P(r'),    r' = r_y[1..m),   P = (u, x, 0, ..)
 * </pre>
 * {@code W} splits into its slots: slot {@code s} with {@code padded = 2^k} at {@code offset} (a multiple
 * of {@code padded}) occupies the indices whose high {@code m-1-k} bits spell {@code offset / padded}, so
 * <pre>
 *   W(r') = sum_s eq(offset_s / padded_s, r'[0 .. m-1-k_s)) * slot_s(r'[m-1-k_s .. m-1))
 * </pre>
 * (gaps between slots are zero). The verifier computes {@code P(r')} itself; each {@code slot_s} value is
 * claimed by the prover and proven by opening the slot commitment.
 */
public final class SegmentedZ {
    private SegmentedZ() { }

    /** {@code m = log2(2 * witnessLength)}; checks that u and x fit in the second half. */
    public static int numVars(SegmentLayout layout) {
        int w = layout.witnessLength();
        if (w <= 0 || Integer.bitCount(w) != 1) {
            throw new ProofException("witness length " + w + " is not a power of two");
        }
        if (1 + layout.numPublic() > w) {
            throw new ProofException("u and " + layout.numPublic() + " public inputs do not fit in "
                    + w + " padding columns");
        }
        return Integer.numberOfTrailingZeros(w) + 1;
    }

    /** Number of variables of slot {@code s}'s MLE ({@code log2(padded)}). */
    public static int slotVars(SegmentLayout.Slot s) {
        int p = s.padded();
        if (p <= 0 || Integer.bitCount(p) != 1 || s.offset() % p != 0) {
            throw new ProofException("slot " + s + " is not power-of-two sized and aligned");
        }
        return Integer.numberOfTrailingZeros(p);
    }

    /** The flat z vector ({@code 4 * 2^m} longs) from the witness slots, u and x. */
    public static long[] build(SegmentLayout layout, long[][] slots, long[] u, long[] x) {
        int m = numVars(layout);
        long[] z = new long[4 << m];
        for (int s = 0; s < slots.length; s++) {
            SegmentLayout.Slot slot = layout.slots().get(s);
            int n = Math.min(slots[s].length / 4, slot.padded());
            System.arraycopy(slots[s], 0, z, 4 * slot.offset(), 4 * n);
        }
        int w = layout.witnessLength();
        Fr.copy(u, 0, z, 4 * w);
        System.arraycopy(x, 0, z, 4 * (w + 1), 4 * layout.numPublic());
        return z;
    }

    /**
     * {@code eq(offset/padded, r'[0 .. m-1-k))}: the weight of slot {@code s} in {@code W(r')}.
     *
     * @param rPrime the point {@code r'} ({@code m-1} coordinates) starting at element {@code ro}
     */
    public static void slotWeight(SegmentLayout layout, SegmentLayout.Slot s, long[] rPrime, int ro,
                                  long[] out, int oo) {
        int wVars = numVars(layout) - 1;
        int high = wVars - slotVars(s);
        EqPoly.evaluateAtIndex(s.offset() / s.padded(), rPrime, ro, high, out, oo);
    }

    /** Element offset within {@code r'} where slot {@code s}'s own point starts. */
    public static int slotPointStart(SegmentLayout layout, SegmentLayout.Slot s) {
        return numVars(layout) - 1 - slotVars(s);
    }

    /** {@code P(r')} for {@code P = (u, x, 0, ..)} of length {@code witnessLength}; O(numPublic * m). */
    public static void publicEval(SegmentLayout layout, long[] u, long[] x, long[] rPrime, int ro,
                                  long[] out, int oo) {
        int wVars = numVars(layout) - 1;
        long[] acc = new long[4];
        long[] e = new long[4];
        EqPoly.evaluateAtIndex(0, rPrime, ro, wVars, e, 0);
        Fr.mul(e, 0, u, 0, acc, 0);
        for (int j = 0; j < layout.numPublic(); j++) {
            EqPoly.evaluateAtIndex(j + 1, rPrime, ro, wVars, e, 0);
            Fr.mul(e, 0, x, 4 * j, e, 0);
            Fr.add(acc, 0, e, 0, acc, 0);
        }
        Fr.copy(acc, 0, out, oo);
    }
}
