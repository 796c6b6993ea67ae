package foldproof.circuits.r1cs;

import foldproof.bn254.fr.Fr;

/**
 * Sparse matrix times vector kernels over CSR.
 *
 * <p>{@link #mulLong} is for fresh witnesses: every entry of {@code z} is a small integer (bits, bytes,
 * quotients), so {@code A z} is computed exactly in {@code long}; a row whose sum would overflow is
 * flagged instead of wrapping (cost: the JIT's overflow-flag branch, about free).
 *
 * <p>{@link #mulFr} is for folded witnesses: {@code z} is a flat Fr vector (4 limbs per element,
 * Montgomery form, as {@link Fr}); coefficients are converted per entry ({@code +-1} skip the multiply).
 * Cost: about two Montgomery multiplications per nonzero.
 */
public final class MatVec {
    private MatVec() { }

    /**
     * {@code out[i] = sum_e coeff[e] * z[col[e]]} for each row, exactly. Rows that overflow a long get
     * {@code out[i] = 0} and {@code overflow[i] = true} (when {@code overflow} is non-null; otherwise an
     * {@link ArithmeticException} is thrown).
     */
    public static void mulLong(SparseMatrix m, long[] z, long[] out, boolean[] overflow) {
        int[] rs = m.rowStart();
        int[] col = m.col();
        long[] co = m.coeff();
        int rows = m.rows();
        for (int i = 0; i < rows; i++) {
            long s = 0;
            int end = rs[i + 1];
            try {
                for (int e = rs[i]; e < end; e++) {
                    s = Math.addExact(s, Math.multiplyExact(co[e], z[col[e]]));
                }
            } catch (ArithmeticException ex) {
                if (overflow == null) {
                    throw ex;
                }
                overflow[i] = true;
                s = 0;
            }
            out[i] = s;
        }
    }

    /** {@code a * b == c} over the integers, exactly (128-bit product). */
    public static boolean productEquals(long a, long b, long c) {
        long lo = a * b;
        long hi = Math.multiplyHigh(a, b);
        return lo == c && hi == (c >> 63);
    }

    /**
     * {@code out = M z} over Fr: {@code zFr} holds {@code m.cols()} elements (4 limbs each, Montgomery),
     * {@code out} receives {@code m.rows()} elements.
     */
    public static void mulFr(SparseMatrix m, long[] zFr, long[] out) {
        mulFr(m, zFr, out, 0, m.rows());
    }

    /** {@link #mulFr(SparseMatrix, long[], long[])} for rows {@code [from, to)} only (parallel callers split the rows). */
    public static void mulFr(SparseMatrix m, long[] zFr, long[] out, int from, int to) {
        int[] rs = m.rowStart();
        int[] col = m.col();
        long[] co = m.coeff();
        long[] acc = new long[4];
        long[] t = new long[8];
        for (int i = from; i < to; i++) {
            acc[0] = 0;
            acc[1] = 0;
            acc[2] = 0;
            acc[3] = 0;
            for (int e = rs[i], end = rs[i + 1]; e < end; e++) {
                long c = co[e];
                int zo = col[e] * 4;
                if (c == 1) {
                    Fr.add(acc, 0, zFr, zo, acc, 0);
                } else if (c == -1) {
                    Fr.sub(acc, 0, zFr, zo, acc, 0);
                } else {
                    Fr.fromLong(c, t, 0);
                    Fr.mul(t, 0, zFr, zo, t, 4);
                    Fr.add(acc, 0, t, 4, acc, 0);
                }
            }
            System.arraycopy(acc, 0, out, i * 4, 4);
        }
    }
}
