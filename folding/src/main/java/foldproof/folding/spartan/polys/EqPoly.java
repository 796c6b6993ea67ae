package foldproof.folding.spartan.polys;

import foldproof.bn254.fr.Fr;

/**
 * The multilinear equality polynomial {@code eq(r, x) = prod_k (r_k x_k + (1 - r_k)(1 - x_k))}.
 *
 * <p><b>Variable order (used everywhere in the compression):</b> big-endian. For a vector of length
 * {@code 2^n}, index {@code i} is the boolean point whose first coordinate {@code x_0} is the most
 * significant bit of {@code i}. Binding the first variable of an MLE therefore combines the low and the
 * high half of its evaluation vector ({@link Mle#bindTop}).
 *
 * <p>Points are flat Fr arrays: coordinate {@code k} at offset {@code 4*(ro + k)}, Montgomery form.
 */
public final class EqPoly {
    private EqPoly() { }

    /**
     * The table {@code eq(r, i)} for all {@code i < 2^n}, {@code 4 * 2^n} longs. One multiplication per
     * entry: each coordinate doubles the table, {@code t[2i+1] = t[i] r_k}, {@code t[2i] = t[i] - t[2i+1]}.
     */
    public static long[] table(long[] r, int ro, int n) {
        long[] t = new long[4 << n];
        tableInto(r, ro, n, t);
        return t;
    }

    /** As {@link #table}, writing into {@code out} (at least {@code 4 * 2^n} longs). */
    public static void tableInto(long[] r, int ro, int n, long[] out) {
        tableInto(r, ro, n, Fr.ONE, out);
    }

    /** {@code scale * eq(r, i)} for all {@code i < 2^n} into {@code out}: the scale costs nothing extra. */
    public static void tableInto(long[] r, int ro, int n, long[] scale, long[] out) {
        Fr.copy(scale, 0, out, 0);
        int size = 1;
        for (int k = 0; k < n; k++) {
            int rk = 4 * (ro + k);
            for (int i = size - 1; i >= 0; i--) {
                Fr.mul(out, 4 * i, r, rk, out, 4 * (2 * i + 1));
                Fr.sub(out, 4 * i, out, 4 * (2 * i + 1), out, 4 * (2 * i));
            }
            size <<= 1;
        }
    }

    /** {@code eq(a, b)} for two points of {@code n} coordinates each; O(n). */
    public static void evaluate(long[] a, int ao, long[] b, int bo, int n, long[] out, int oo) {
        long[] acc = Fr.ONE.clone();
        long[] t = new long[4];
        long[] s = new long[4];
        for (int k = 0; k < n; k++) {
            int ak = 4 * (ao + k);
            int bk = 4 * (bo + k);
            // a b + (1 - a)(1 - b) = 1 - a - b + 2ab
            Fr.mul(a, ak, b, bk, t, 0);
            Fr.add(t, 0, t, 0, t, 0);
            Fr.add(t, 0, Fr.ONE, 0, t, 0);
            Fr.add(a, ak, b, bk, s, 0);
            Fr.sub(t, 0, s, 0, t, 0);
            Fr.mul(acc, 0, t, 0, acc, 0);
        }
        Fr.copy(acc, 0, out, oo);
    }

    /**
     * {@code eq(bits(index), r)} where {@code index} is read as an {@code n}-bit big-endian boolean point:
     * {@code prod_k (bit_k ? r_k : 1 - r_k)}; O(n).
     */
    public static void evaluateAtIndex(long index, long[] r, int ro, int n, long[] out, int oo) {
        long[] acc = Fr.ONE.clone();
        long[] t = new long[4];
        for (int k = 0; k < n; k++) {
            int rk = 4 * (ro + k);
            if (((index >>> (n - 1 - k)) & 1) != 0) {
                Fr.mul(acc, 0, r, rk, acc, 0);
            } else {
                Fr.sub(Fr.ONE, 0, r, rk, t, 0);
                Fr.mul(acc, 0, t, 0, acc, 0);
            }
        }
        Fr.copy(acc, 0, out, oo);
    }
}
