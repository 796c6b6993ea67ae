package foldproof.folding.spartan.polys;

import foldproof.bn254.fr.Fr;

/**
 * {@code sum_i w_i x_i} for small integers {@code w_i} (any {@code int}: |w| <= 2^31) and field elements {@code x_i},
 * with one reduction per sum instead of two Montgomery multiplications per term. The field elements are
 * added as raw 256-bit integers (their Montgomery limbs) times {@code |w_i|} into two unreduced 320-bit
 * accumulators, one per sign; since every limb vector stands for {@code x_i R mod r}, the reduced difference
 * is the Montgomery form of the sum. Allocation-free (the reduction is limb arithmetic, not BigInteger). Good for up to 2^31 terms. Not thread-safe: one instance per thread.
 */
public final class SmallDot {
    private final long[] pos = new long[5];
    private final long[] neg = new long[5];
    private final long[] scratch = new long[4];

    /** Clears both accumulators. */
    public void clear() {
        java.util.Arrays.fill(pos, 0L);
        java.util.Arrays.fill(neg, 0L);
    }

    /** Adds {@code w * x[xo..xo+3]} (any {@code int} w). */
    public void add(int w, long[] x, int xo) {
        if (w == 0) {
            return;
        }
        long a = w < 0 ? -(long) w : w;
        long[] acc = w < 0 ? neg : pos;
        long carry = 0;
        for (int j = 0; j < 4; j++) {
            long xj = x[xo + j];
            long lo = xj * a;
            long hi = Math.multiplyHigh(xj, a) + ((xj >> 63) & a);   // unsigned high half (a >= 0)
            // acc[j] += lo + carry; the carry into j+1 is hi plus the overflows
            long s = acc[j] + lo;
            long c1 = Long.compareUnsigned(s, lo) < 0 ? 1 : 0;
            long s2 = s + carry;
            long c2 = Long.compareUnsigned(s2, s) < 0 ? 1 : 0;
            acc[j] = s2;
            carry = hi + c1 + c2;
        }
        acc[4] += carry;
    }

    /**
     * Writes the reduced sum (Montgomery form, like the inputs) to {@code out[oo..oo+3]}: each accumulator
     * reduced mod r by {@link Fr#reduceWide} (no allocation), then their difference. Clobbers the
     * accumulators: {@link #clear} before the next sum.
     */
    public void result(long[] out, int oo) {
        Fr.reduceWide(pos, 0, out, oo);
        Fr.reduceWide(neg, 0, scratch, 0);
        Fr.sub(out, oo, scratch, 0, out, oo);
    }
}
