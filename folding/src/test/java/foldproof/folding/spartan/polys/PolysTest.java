package foldproof.folding.spartan.polys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import foldproof.bn254.fr.Fr;
import foldproof.circuits.r1cs.SparseMatrix;
import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** MLE, eq tables and sparse matrix MLEs against direct (BigInteger / naive) computations. */
public class PolysTest {
    private static final long SEED = 0x5EEDL;

    public static long[] randomVec(Random rnd, int n) {
        long[] v = new long[4 * n];
        for (int i = 0; i < n; i++) {
            Fr.fromBigInteger(new BigInteger(256, rnd).mod(Fr.MODULUS), v, 4 * i);
        }
        return v;
    }

    /** Naive MLE: sum_i v_i prod_k (bit ? r_k : 1 - r_k), with BigInteger arithmetic. */
    static BigInteger naiveMle(long[] v, int n, long[] r) {
        BigInteger p = Fr.MODULUS;
        BigInteger acc = BigInteger.ZERO;
        for (int i = 0; i < (1 << n); i++) {
            BigInteger term = Fr.toBigInteger(v, 4 * i);
            for (int k = 0; k < n; k++) {
                BigInteger rk = Fr.toBigInteger(r, 4 * k);
                boolean bit = ((i >>> (n - 1 - k)) & 1) != 0;
                term = term.multiply(bit ? rk : BigInteger.ONE.subtract(rk)).mod(p);
            }
            acc = acc.add(term).mod(p);
        }
        return acc;
    }

    @Test
    void mleMatchesNaiveAndEqTable() {
        System.out.println("PolysTest seed " + SEED);
        Random rnd = new Random(SEED);
        for (int n = 0; n <= 6; n++) {
            long[] v = randomVec(rnd, 1 << n);
            long[] r = randomVec(rnd, Math.max(1, n));
            long[] out = new long[4];
            Mle.evaluate(v, 1 << n, n, r, 0, out, 0);
            assertEquals(naiveMle(v, n, r), Fr.toBigInteger(out, 0), "n=" + n);
            long[] eq = EqPoly.table(r, 0, n);
            long[] ip = new long[4];
            Mle.innerProduct(v, 0, eq, 0, 1 << n, ip, 0);
            assertArrayEquals(out, ip);
            for (int i = 0; i < (1 << n); i++) {
                long[] e = new long[4];
                EqPoly.evaluateAtIndex(i, r, 0, n, e, 0);
                assertEquals(Fr.toBigInteger(eq, 4 * i), Fr.toBigInteger(e, 0));
            }
            // zero extension past `available`
            if (n > 0) {
                int avail = rnd.nextInt(1 << n);
                long[] padded = v.clone();
                java.util.Arrays.fill(padded, 4 * avail, padded.length, 0L);
                Mle.evaluate(v, avail, n, r, 0, out, 0);
                assertEquals(naiveMle(padded, n, r), Fr.toBigInteger(out, 0));
            }
        }
    }

    @Test
    void eqOfTwoPointsMatchesTable() {
        Random rnd = new Random(SEED + 1);
        int n = 5;
        long[] a = randomVec(rnd, n);
        long[] b = randomVec(rnd, n);
        long[] e = new long[4];
        EqPoly.evaluate(a, 0, b, 0, n, e, 0);
        long[] ta = EqPoly.table(a, 0, n);
        // eq(a, b) = MLE of eq(a, .) at b
        long[] m = new long[4];
        Mle.evaluate(ta, 1 << n, n, b, 0, m, 0);
        assertArrayEquals(m, e);
    }

    public static SparseMatrix randomMatrix(Random rnd, int rows, int cols, int maxPerRow) {
        int[] rs = new int[rows + 1];
        java.util.List<int[]> ents = new java.util.ArrayList<>();
        java.util.List<Long> cs = new java.util.ArrayList<>();
        for (int i = 0; i < rows; i++) {
            int k = rnd.nextInt(maxPerRow + 1);
            for (int j = 0; j < k; j++) {
                ents.add(new int[] {rnd.nextInt(cols)});
                int kind = rnd.nextInt(4);
                cs.add(kind == 0 ? 1L : kind == 1 ? -1L : kind == 2 ? (long) rnd.nextInt(1 << 20) - (1 << 19)
                        : rnd.nextLong());
            }
            rs[i + 1] = ents.size();
        }
        int[] col = new int[ents.size()];
        long[] coeff = new long[ents.size()];
        for (int e = 0; e < col.length; e++) {
            col[e] = ents.get(e)[0];
            coeff[e] = cs.get(e);
        }
        return new SparseMatrix(rows, cols, rs, col, coeff);
    }

    @Test
    void sparseEvaluationAgreesWithProducts() {
        Random rnd = new Random(SEED + 2);
        int s = 4;
        int m = 5;
        SparseMatrix a = randomMatrix(rnd, 13, 29, 4);
        long[] rx = randomVec(rnd, s);
        long[] ry = randomVec(rnd, m);
        long[] eqx = EqPoly.table(rx, 0, s);
        long[] eqy = EqPoly.table(ry, 0, m);
        long[] direct = new long[4];
        SparseMle.evaluate(a, eqx, eqy, direct, 0);
        // A(rx, ry) = <eqx, A eqy>
        long[] aEqy = new long[4 << s];
        SparseMle.multiply(a, eqy, aEqy);
        long[] viaMul = new long[4];
        Mle.innerProduct(eqx, 0, aEqy, 0, 1 << s, viaMul, 0);
        assertArrayEquals(viaMul, direct);
        // = <eqx^T A, eqy>
        long[] row = new long[4 << m];
        SparseMle.accumulateRowCombination(a, eqx, row);
        long[] viaRow = new long[4];
        Mle.innerProduct(row, 0, eqy, 0, 1 << m, viaRow, 0);
        assertArrayEquals(viaRow, direct);
        // coefficient conversion against BigInteger for one entry
        long[] z = randomVec(rnd, 1 << m);
        long[] az = new long[4 << s];
        SparseMle.multiply(a, z, az);
        BigInteger p = Fr.MODULUS;
        for (int i = 0; i < a.rows(); i++) {
            BigInteger acc = BigInteger.ZERO;
            for (int e = a.rowStart()[i]; e < a.rowStart()[i + 1]; e++) {
                acc = acc.add(BigInteger.valueOf(a.coeff()[e]).multiply(Fr.toBigInteger(z, 4 * a.col()[e])));
            }
            assertEquals(acc.mod(p), Fr.toBigInteger(az, 4 * i));
        }
    }
}
