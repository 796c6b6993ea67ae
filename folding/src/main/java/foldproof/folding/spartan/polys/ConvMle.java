package foldproof.folding.spartan.polys;

import foldproof.bn254.fr.Fr;
import foldproof.circuits.r1cs.ConvTerms;
import foldproof.circuits.r1cs.SegmentLayout;

/**
 * The multilinear extension of a convolution's weight terms ({@link ConvTerms}) at {@code (r_x, r_y)} in
 * closed form, the way GKR-style CNN provers evaluate a convolution's wiring. The terms are
 * {@code sign * w[o,i,ky,kx]} at row {@code rows[o, x]} and column
 * {@code offset(firstSlot + ky) + (g(o) + i) * inStride + x*stride + kx - pad}, {@code g(o)} the first input channel
 * of {@code o}'s group ({@link ConvTerms#firstInput}; 0 for a dense conv). With big-endian variables and
 * {@code inStride} a power of two, the column's equality weight factors as
 * <pre>
 *   eq(r_y, col) = (1 - r_y[0]) * S(ky) * eqC(i) * eqX(cx)
 * </pre>
 * ({@code S(ky)} the slot's weight in {@code W(r')}, {@code eqC} and {@code eqX} the eq tables over the
 * slot's channel and column coordinates), so
 * <pre>
 *   sum = sign (1 - r_y[0]) sum_{o,ky,kx} S(ky) Q(o,kx) sum_i w[o,i,ky,kx] eqC(g(o) + i),
 *   Q(o,kx) = sum_{x: 0 <= x*stride+kx-pad < inW} eq(r_x, rows[o,x]) eqX(x*stride+kx-pad)
 * </pre>
 * Cost: {@code outC * (inC / groups) * k^2} small-by-field products ({@link SmallDot}: unreduced, one reduction per
 * {@code (o, ky, kx)}) plus {@code outC * k * outW} field products, against {@code outC * inC * k^2 * outW}
 * for the listed terms.
 */
public final class ConvMle {
    private ConvMle() { }

    /**
     * Adds the terms' MLE at {@code (r_x, r_y)} to {@code out[oo..oo+3]}.
     *
     * @param eqRx the table {@code eq(r_x, i)} over the constraint rows
     * @param ry   the point {@code r_y} ({@code m} coordinates: {@code r_y[0]} selects W or the public part)
     */
    public static void accumulate(ConvTerms t, SegmentLayout layout, long[] eqRx, long[] ry, long[] out, int oo) {
        int k = t.k();
        SegmentLayout.Slot first = layout.slots().get(t.firstSlot());
        int slotVars = Integer.numberOfTrailingZeros(first.padded());
        int xVars = Integer.numberOfTrailingZeros(t.inStride());
        int m = Integer.numberOfTrailingZeros(layout.witnessLength()) + 1;
        int high = m - 1 - slotVars;             // coordinates of r' that pick the slot
        // eqC over the slot's channel coordinates, eqX over its column coordinates (r' = r_y[1..))
        long[] eqC = EqPoly.table(ry, 1 + high, slotVars - xVars);
        long[] eqX = EqPoly.table(ry, 1 + high + slotVars - xVars, xVars);
        long[] slotW = new long[4 * k];
        for (int ky = 0; ky < k; ky++) {
            SegmentLayout.Slot sl = layout.slots().get(t.firstSlot() + ky);
            if (sl.padded() != first.padded()) {
                throw new IllegalStateException("conv term slots of different lengths");
            }
            EqPoly.evaluateAtIndex(sl.offset() / sl.padded(), ry, 1, high, slotW, 4 * ky);
        }
        long[] q = new long[4 * k];
        long[] wc = new long[4];
        long[] c = new long[4];
        SmallDot dot = new SmallDot();
        long[] tmp = new long[4];
        long[] sumO = new long[4];
        long[] total = new long[4];
        for (int o = 0; o < t.outC(); o++) {
            columnWeights(t, o, eqRx, eqX, q, tmp);
            channelSums(t, o, eqC, q, slotW, dot, wc, tmp, sumO);
            Fr.add(total, 0, sumO, 0, total, 0);
        }
        // sign (1 - r_y[0])
        Fr.sub(Fr.ONE, 0, ry, 0, tmp, 0);
        Fr.mul(total, 0, tmp, 0, total, 0);
        Fr.fromLong(t.sign(), c, 0);
        Fr.mul(total, 0, c, 0, total, 0);
        Fr.add(out, oo, total, 0, out, oo);
    }

    // The two loops over one output channel are methods of their own: compiled apart, each C2 compilation
    // stays a few megabytes of compiler arena (one method holding both, every field multiplication
    // inlined, took 11-26 MB on the real ResNet-56, where the verifier runs long enough to compile it).

    /** {@code q[kx] = Q(o, kx) = sum_x eq(r_x, rows[o, x]) eqX(x*stride + kx - pad)} over the columns inside the input. */
    private static void columnWeights(ConvTerms t, int o, long[] eqRx, long[] eqX, long[] q, long[] tmp) {
        int k = t.k();
        int outW = t.outW();
        java.util.Arrays.fill(q, 0L);
        for (int x = 0; x < outW; x++) {
            int row = 4 * t.rows()[o * outW + x];
            for (int kx = 0; kx < k; kx++) {
                int cx = x * t.stride() + kx - t.pad();
                if (cx >= 0 && cx < t.inW()) {
                    Fr.mul(eqRx, row, eqX, 4 * cx, tmp, 0);
                    Fr.add(q, 4 * kx, tmp, 0, q, 4 * kx);
                }
            }
        }
    }

    /** {@code sumO = sum_{ky,kx} S(ky) Q(o,kx) sum_i w[o,i,ky,kx] eqC(g(o) + i)}. */
    private static void channelSums(ConvTerms t, int o, long[] eqC, long[] q, long[] slotW, SmallDot dot, long[] wc,
                                    long[] tmp, long[] sumO) {
        int k = t.k();
        int inC = t.groupInC();
        int c0 = t.firstInput(o);
        int[] w = t.w();
        java.util.Arrays.fill(sumO, 0L);
        for (int ky = 0; ky < k; ky++) {
            for (int kx = 0; kx < k; kx++) {
                if (Fr.isZero(q, 4 * kx)) {
                    continue;
                }
                dot.clear();
                int wb = o * inC * k * k + ky * k + kx;
                for (int i = 0; i < inC; i++) {
                    dot.add(w[wb + i * k * k], eqC, 4 * (c0 + i));
                }
                dot.result(wc, 0);
                Fr.mul(wc, 0, q, 4 * kx, tmp, 0);
                Fr.mul(tmp, 0, slotW, 4 * ky, tmp, 0);
                Fr.add(sumO, 0, tmp, 0, sumO, 0);
            }
        }
    }
}
