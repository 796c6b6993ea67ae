package foldproof.folding.nifs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import foldproof.circuits.r1cs.SparseMatrix;
import foldproof.folding.spartan.polys.PolysTest;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The row kernel of {@link MatVec#timesFr} (unreduced small-by-field sums) against the per-term multiplications of the circuits module. */
class MatVecTest {
    @Test
    void unreducedRowSumsMatchPerTermMultiplication() {
        Random rnd = new Random(909);
        for (int[] dims : new int[][] {{1, 1, 1}, {37, 53, 4}, {300, 900, 12}, {5000, 3000, 3}}) {
            SparseMatrix m = PolysTest.randomMatrix(rnd, dims[0], dims[1], dims[2]);   // +-1, 20-bit and 64-bit coefficients
            long[] z = PolysTest.randomVec(rnd, dims[1]);
            long[] expect = new long[4 * dims[0]];
            foldproof.circuits.r1cs.MatVec.mulFr(m, z, expect);
            long[] got = new long[4 * dims[0]];
            MatVec.timesFr(m, z, got);
            assertArrayEquals(expect, got, dims[0] + " x " + dims[1]);
        }
    }
}
