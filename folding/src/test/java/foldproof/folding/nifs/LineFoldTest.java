package foldproof.folding.nifs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import foldproof.bn254.fr.Fr;
import foldproof.folding.spartan.polys.Mle;
import foldproof.folding.spartan.polys.PolysTest;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link LineFold#linePoly}: the coefficients of {@code P(Y) = sum_i eq(t1 + Y (t2 - t1), i) v_i}, evaluated at random
 * {@code Y} by Horner's rule, equal the multilinear extension of {@code v} at the point {@code t1 + Y (t2 - t1)}; for
 * every size from one entry (s = 0) to past the kernel's parallel block (2^10), so both reduction stages run.
 */
class LineFoldTest {
    @Test
    void restrictionToALineMatchesTheMultilinearExtension() {
        Random rnd = new Random(4242);
        for (int s : new int[] {0, 1, 2, 5, 10, 11, 13}) {
            long[] v = PolysTest.randomVec(rnd, 1 << s);
            long[] t1 = PolysTest.randomVec(rnd, s);
            long[] t2 = PolysTest.randomVec(rnd, s);
            long[] c = new long[4 * (s + 1)];
            LineFold.linePoly(v, s, t1, t2, c);
            for (int trial = 0; trial < 3; trial++) {
                long[] y = PolysTest.randomVec(rnd, 1);
                long[] point = new long[4 * s];
                for (int k = 0; k < s; k++) {
                    Fr.sub(t2, 4 * k, t1, 4 * k, point, 4 * k);
                    Fr.mul(point, 4 * k, y, 0, point, 4 * k);
                    Fr.add(point, 4 * k, t1, 4 * k, point, 4 * k);
                }
                long[] expect = new long[4];
                Mle.evaluate(v, 1 << s, s, point, 0, expect, 0);
                long[] got = new long[4];
                for (int j = s; j >= 0; j--) {   // Horner
                    Fr.mul(got, 0, y, 0, got, 0);
                    Fr.add(got, 0, c, 4 * j, got, 0);
                }
                assertArrayEquals(expect, got, "s = " + s);
            }
        }
    }
}
