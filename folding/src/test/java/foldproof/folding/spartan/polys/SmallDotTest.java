package foldproof.folding.spartan.polys;

import foldproof.bn254.fr.Fr;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@link SmallDot} against BigInteger, with extreme weights and field elements near r. */
class SmallDotTest {
    @Test
    void matchesBigInteger() {
        long seed = 20261207L;
        System.out.println("seed " + seed);
        Random rnd = new Random(seed);
        SmallDot dot = new SmallDot();
        long[] out = new long[4];
        for (int trial = 0; trial < 300; trial++) {
            int n = 1 + rnd.nextInt(trial < 10 ? 5000 : 200);
            long[] x = new long[4 * n];
            int[] w = new int[n];
            BigInteger expect = BigInteger.ZERO;
            dot.clear();
            for (int i = 0; i < n; i++) {
                BigInteger xi = switch (rnd.nextInt(4)) {
                    case 0 -> Fr.MODULUS.subtract(BigInteger.ONE);
                    case 1 -> BigInteger.valueOf(rnd.nextInt(3));
                    default -> new BigInteger(254, rnd).mod(Fr.MODULUS);
                };
                Fr.fromBigInteger(xi, x, 4 * i);
                w[i] = switch (rnd.nextInt(5)) {
                    case 0 -> Integer.MIN_VALUE + 1;
                    case 1 -> Integer.MAX_VALUE;
                    default -> rnd.nextInt(8193) - 4096;
                };
                expect = expect.add(xi.multiply(BigInteger.valueOf(w[i])));
                dot.add(w[i], x, 4 * i);
            }
            dot.result(out, 0);
            assertEquals(expect.mod(Fr.MODULUS), Fr.toBigInteger(out, 0), "trial " + trial + ", " + n + " terms");
        }
    }
}
