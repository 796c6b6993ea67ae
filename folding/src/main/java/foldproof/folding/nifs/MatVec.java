package foldproof.folding.nifs;

import foldproof.bn254.fr.Fr;
import foldproof.circuits.r1cs.SparseMatrix;

/**
 * Sparse matrix-vector products {@code M z} for one R1CS matrix, in the two regimes the NIFS meets.
 *
 * <p>Fresh tile witnesses are small integers (bits, bytes, quotients), so {@code A z} of a fresh tile is
 * computed in exact {@code long} arithmetic ({@link #timesSmall}) and only then mapped into the field.
 * Folded and random vectors are full field elements ({@link #timesFr}); there the cost is one field
 * multiplication per nonzero, except for the coefficients {@code +1} / {@code -1}, which are the majority
 * in the layer circuits and cost one addition.
 */
final class MatVec {
    private MatVec() { }

    /**
     * {@code out[i] = sum_e coeff[e] * z[col[e]]} in exact long arithmetic, for rows {@code 0 .. rows-1}.
     *
     * @throws ArithmeticException if an intermediate overflows 64 bits (never for well-formed tile witnesses)
     */
    static void timesSmall(SparseMatrix m, long[] z, long[] out) {
        int[] rs = m.rowStart();
        int[] col = m.col();
        long[] co = m.coeff();
        for (int i = 0; i < m.rows(); i++) {
            long acc = 0;
            for (int e = rs[i]; e < rs[i + 1]; e++) {
                acc = Math.addExact(acc, Math.multiplyExact(co[e], z[col[e]]));
            }
            out[i] = acc;
        }
    }

    /**
     * {@code out = M z} over Fr; {@code zFr} holds {@code zLength} field elements, {@code out} at least
     * {@code rows} (rows past {@code M.rows()} are left untouched; callers pass zeroed arrays).
     */
    static void timesFr(SparseMatrix m, long[] zFr, long[] out) {
        Chunks.run(m.rows(), (from, to) -> timesFr(m, zFr, out, from, to));
    }

    /**
     * Rows {@code [from, to)} of {@link #timesFr}: each row's small coefficients times field elements summed
     * unreduced ({@link foldproof.folding.spartan.polys.SmallDot}, one reduction per row instead of a Montgomery
     * multiplication per term); a coefficient beyond an {@code int} through a field multiplication.
     */
    static void timesFr(SparseMatrix m, long[] zFr, long[] out, int from, int to) {
        int[] rs = m.rowStart();
        int[] col = m.col();
        long[] co = m.coeff();
        foldproof.folding.spartan.polys.SmallDot dot = new foldproof.folding.spartan.polys.SmallDot();
        long[] t = new long[8];
        for (int i = from; i < to; i++) {
            dot.clear();
            boolean wide = false;
            for (int e = rs[i], end = rs[i + 1]; e < end; e++) {
                long c = co[e];
                if (c == (int) c && c != Integer.MIN_VALUE) {
                    dot.add((int) c, zFr, col[e] * 4);
                } else {
                    wide = true;
                }
            }
            dot.result(out, 4 * i);
            if (wide) {
                for (int e = rs[i], end = rs[i + 1]; e < end; e++) {
                    long c = co[e];
                    if (!(c == (int) c && c != Integer.MIN_VALUE)) {
                        Fr.fromLong(c, t, 0);
                        Fr.mul(t, 0, zFr, col[e] * 4, t, 4);
                        Fr.add(out, 4 * i, t, 4, out, 4 * i);
                    }
                }
            }
        }
    }

    /** Maps small integers into Fr: {@code out[4i..4i+3] = Fr(v[i])} for {@code i < n}. */
    static void toFr(long[] v, int n, long[] out) {
        Chunks.run(n, (from, to) -> {
            for (int i = from; i < to; i++) {
                Fr.fromLong(v[i], out, 4 * i);
            }
        });
    }

}
