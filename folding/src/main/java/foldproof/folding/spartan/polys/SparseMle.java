package foldproof.folding.spartan.polys;

import foldproof.bn254.fr.Fr;
import foldproof.circuits.r1cs.SparseMatrix;

/**
 * Multilinear extensions of the constraint matrices, {@code A(r_x, r_y) = sum_{(i,j,v)} v eq(r_x,i) eq(r_y,j)},
 * and the matrix products the Spartan prover needs. Integer coefficients become Fr only where they meet
 * field elements ({@code Fr.fromLong}); all loops are single passes over the CSR arrays.
 */
public final class SparseMle {
    private SparseMle() { }

    /**
     * Verifier side: {@code sum_i eqRows[i] * sum_{e in row i} coeff_e * eqCols[col_e]}. The tables come
     * from the sum-check points, the matrix from the shape (never from the proof).
     */
    public static void evaluate(SparseMatrix m, long[] eqRows, long[] eqCols, long[] out, int oo) {
        int[] rs = m.rowStart();
        int[] col = m.col();
        long[] coeff = m.coeff();
        long[] acc = new long[4];
        long[] row = new long[4];
        long[] c = new long[4];
        long[] t = new long[4];
        for (int i = 0; i < m.rows(); i++) {
            int s = rs[i];
            int e = rs[i + 1];
            if (s == e) {
                continue;
            }
            Fr.copy(Fr.ZERO, 0, row, 0);
            for (int k = s; k < e; k++) {
                mulSmall(coeff[k], eqCols, 4 * col[k], c, t);
                Fr.add(row, 0, t, 0, row, 0);
            }
            Fr.mul(row, 0, eqRows, 4 * i, t, 0);
            Fr.add(acc, 0, t, 0, acc, 0);
        }
        Fr.copy(acc, 0, out, oo);
    }

    /**
     * Prover side: accumulates {@code out[j] += sum_i w[i] * M[i, j]} (one pass over the CSR), where
     * {@code w} is typically {@code r_M * eq(r_x, i)}. {@code out} has at least {@code 4 * cols} longs.
     */
    public static void accumulateRowCombination(SparseMatrix m, long[] w, long[] out) {
        int[] rs = m.rowStart();
        int[] col = m.col();
        long[] coeff = m.coeff();
        long[] c = new long[4];
        long[] t = new long[4];
        for (int i = 0; i < m.rows(); i++) {
            int wo = 4 * i;
            for (int k = rs[i]; k < rs[i + 1]; k++) {
                mulSmall(coeff[k], w, wo, c, t);
                int oo = 4 * col[k];
                Fr.add(out, oo, t, 0, out, oo);
            }
        }
    }

    /**
     * {@code out[i] = sum_{e in row i} coeff_e * z[col_e]} for {@code i < rows}; entries of {@code out}
     * from {@code rows} up to its length are zeroed (padding rows).
     */
    public static void multiply(SparseMatrix m, long[] z, long[] out) {
        int[] rs = m.rowStart();
        int[] col = m.col();
        long[] coeff = m.coeff();
        long[] c = new long[4];
        long[] t = new long[4];
        long[] acc = new long[4];
        for (int i = 0; i < m.rows(); i++) {
            acc[0] = 0; acc[1] = 0; acc[2] = 0; acc[3] = 0;
            for (int k = rs[i]; k < rs[i + 1]; k++) {
                mulSmall(coeff[k], z, 4 * col[k], c, t);
                Fr.add(acc, 0, t, 0, acc, 0);
            }
            Fr.copy(acc, 0, out, 4 * i);
        }
        java.util.Arrays.fill(out, 4 * m.rows(), out.length, 0L);
    }

    /**
     * {@code t = coeff * x[xo]}; coefficients 1 and -1 (the common case) cost no multiplication.
     * {@code c} is scratch for the coefficient as Fr.
     */
    static void mulSmall(long coeff, long[] x, int xo, long[] c, long[] t) {
        if (coeff == 1) {
            Fr.copy(x, xo, t, 0);
        } else if (coeff == -1) {
            Fr.neg(x, xo, t, 0);
        } else {
            Fr.fromLong(coeff, c, 0);
            Fr.mul(c, 0, x, xo, t, 0);
        }
    }
}
