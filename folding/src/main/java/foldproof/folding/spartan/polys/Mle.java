package foldproof.folding.spartan.polys;

import foldproof.bn254.fr.Fr;

/**
 * Dense multilinear extensions given by their evaluations on the boolean hypercube, flat Fr arrays
 * (4 limbs per element, Montgomery form), big-endian variable order (see {@link EqPoly}).
 */
public final class Mle {
    private Mle() { }

    /**
     * Binds the first (most significant) variable to {@code r}: for {@code i < len/2},
     * {@code v[i] = v[i] + r (v[i + len/2] - v[i])}. The first {@code len/2} entries then hold the
     * bound polynomial. One multiplication per output entry, no allocation.
     *
     * @param v   evaluations, at least {@code 4*len} longs
     * @param len current number of evaluations (a power of two, at least 2)
     * @param t   scratch, at least 4 longs
     */
    public static void bindTop(long[] v, int len, long[] r, int ro, long[] t) {
        int half = len >>> 1;
        for (int i = 0; i < half; i++) {
            int lo = 4 * i;
            int hi = 4 * (i + half);
            Fr.sub(v, hi, v, lo, t, 0);
            Fr.mul(t, 0, r, 4 * ro, t, 0);
            Fr.add(v, lo, t, 0, v, lo);
        }
    }

    /**
     * Evaluates the MLE of {@code v[0..2^n)} at the point {@code r[ro .. ro+n)}; O(2^n) multiplications.
     * {@code v} is not modified; entries past {@code available} (element count) are treated as zero,
     * so an unpadded vector can be evaluated as its zero-padded extension.
     */
    public static void evaluate(long[] v, int available, int n, long[] r, int ro, long[] out, int oo) {
        if (n == 0) {
            if (available > 0) {
                Fr.copy(v, 0, out, oo);
            } else {
                Fr.copy(Fr.ZERO, 0, out, oo);
            }
            return;
        }
        int len = 1 << n;
        int half = len >>> 1;
        // First binding reads from v and writes to a half-size buffer (zero-extension past `available`).
        long[] w = new long[4 * half];
        long[] t = new long[4];
        int rk = 4 * ro;
        for (int i = 0; i < half; i++) {
            boolean hasLo = i < available;
            boolean hasHi = i + half < available;
            if (!hasLo && !hasHi) {
                break; // rest stays zero
            }
            if (hasHi) {
                if (hasLo) {
                    Fr.sub(v, 4 * (i + half), v, 4 * i, t, 0);
                } else {
                    Fr.copy(v, 4 * (i + half), t, 0);
                }
                Fr.mul(t, 0, r, rk, t, 0);
                if (hasLo) {
                    Fr.add(v, 4 * i, t, 0, w, 4 * i);
                } else {
                    Fr.copy(t, 0, w, 4 * i);
                }
            } else {
                // hi = 0: lo + r (0 - lo) = lo (1 - r)
                Fr.sub(Fr.ONE, 0, r, rk, t, 0);
                Fr.mul(v, 4 * i, t, 0, w, 4 * i);
            }
        }
        int cur = half;
        for (int k = 1; k < n; k++) {
            bindTop(w, cur, r, ro + k, t);
            cur >>>= 1;
        }
        Fr.copy(w, 0, out, oo);
    }

    /** {@code sum_i a[i] b[i]} over {@code n} elements. */
    public static void innerProduct(long[] a, int ao, long[] b, int bo, int n, long[] out, int oo) {
        long[] acc = new long[4];
        long[] t = new long[4];
        for (int i = 0; i < n; i++) {
            Fr.mul(a, 4 * (ao + i), b, 4 * (bo + i), t, 0);
            Fr.add(acc, 0, t, 0, acc, 0);
        }
        Fr.copy(acc, 0, out, oo);
    }
}
