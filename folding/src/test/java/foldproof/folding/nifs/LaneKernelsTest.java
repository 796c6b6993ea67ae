package foldproof.folding.nifs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import foldproof.bn254.Lanes;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The lane versions of {@link Scalars#axpy} and {@link Nifs#crossTerm} give exactly the scalar results, on
 * lengths that are and are not multiples of the 16-lane group, with both chunked (parallel) and inline
 * ranges, and with u = 1 (a fresh instance) as well as random u.
 */
class LaneKernelsTest {
    static long[] vec(Random rnd, int n) {
        long[] v = new long[4 * n];
        for (int i = 0; i < n; i++) Scalars.random(rnd, v, 4 * i);
        return v;
    }

    @Test
    void lanesMatchScalar() {
        assertTrue(Lanes.ENABLED, Lanes.describe());
        Random rnd = new Random(11);
        for (int n : new int[] {1, 15, 16, 17, 100, 1000, 3 * Chunks.MIN + 5}) {
            long[] a = vec(rnd, 1), x = vec(rnd, n), y = vec(rnd, n);
            long[] y1 = y.clone(), y2 = y.clone();
            Scalars.axpy(a, x, y1, n, true);
            Scalars.axpy(a, x, y2, n, false);
            assertArrayEquals(y2, y1, "axpy n=" + n);

            long[] az1 = vec(rnd, n), bz1 = vec(rnd, n), cz1 = vec(rnd, n), az2 = vec(rnd, n), bz2 = vec(rnd, n), cz2 = vec(rnd, n);
            for (long[] u1 : new long[][] {foldproof.bn254.fr.Fr.ONE, vec(rnd, 1)}) {
                long[] u2 = vec(rnd, 1), t1 = new long[4 * n], t2 = new long[4 * n];
                Nifs.crossTerm(n, az1, bz1, cz1, u1, az2, bz2, cz2, u2, t1, true);
                Nifs.crossTerm(n, az1, bz1, cz1, u1, az2, bz2, cz2, u2, t2, false);
                assertArrayEquals(t2, t1, "crossTerm n=" + n);
            }
        }
    }
}
