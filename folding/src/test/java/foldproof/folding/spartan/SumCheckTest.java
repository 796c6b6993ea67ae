package foldproof.folding.spartan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import foldproof.bn254.fr.Fr;
import foldproof.folding.VerificationException;
import foldproof.folding.spartan.polys.EqPoly;
import foldproof.folding.spartan.polys.Mle;
import foldproof.folding.spartan.polys.PolysTest;
import foldproof.folding.transcript.Transcript;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Sum-check prover/verifier round trips, final-claim oracle by direct MLE evaluation, tampering. */
class SumCheckTest {
    private static final long SEED = 0xC0FFEEL;

    @Test
    void cubicRoundTrip() throws Exception {
        System.out.println("SumCheckTest seed " + SEED);
        Random rnd = new Random(SEED);
        for (int n = 0; n <= 6; n++) {
            int len = 1 << n;
            long[] tau = PolysTest.randomVec(rnd, Math.max(1, n));
            long[] eq = EqPoly.table(tau, 0, n);
            long[] a = PolysTest.randomVec(rnd, len);
            long[] b = PolysTest.randomVec(rnd, len);
            long[] f = PolysTest.randomVec(rnd, len);
            long[] claim = new long[4];
            long[] t = new long[4];
            for (int i = 0; i < len; i++) {
                Fr.mul(a, 4 * i, b, 4 * i, t, 0);
                Fr.sub(t, 0, f, 4 * i, t, 0);
                Fr.mul(t, 0, eq, 4 * i, t, 0);
                Fr.add(claim, 0, t, 0, claim, 0);
            }
            long[] a0 = a.clone();
            long[] b0 = b.clone();
            long[] f0 = f.clone();
            long[] rounds = new long[12 * n];
            long[] rp = new long[4 * n];
            SumCheck.proveCubic(n, eq, a, b, f, new Transcript("t"), rounds, rp);
            long[] rv = new long[4 * n];
            long[] fin = SumCheck.verify(n, 3, claim, rounds, new Transcript("t"), rv, "sc");
            assertArrayEquals(rp, rv);
            // oracle: eq(tau, r) (a(r) b(r) - f(r))
            long[] va = new long[4];
            long[] vb = new long[4];
            long[] vf = new long[4];
            long[] ve = new long[4];
            Mle.evaluate(a0, len, n, rv, 0, va, 0);
            Mle.evaluate(b0, len, n, rv, 0, vb, 0);
            Mle.evaluate(f0, len, n, rv, 0, vf, 0);
            EqPoly.evaluate(tau, 0, rv, 0, n, ve, 0);
            Fr.mul(va, 0, vb, 0, t, 0);
            Fr.sub(t, 0, vf, 0, t, 0);
            Fr.mul(t, 0, ve, 0, t, 0);
            assertArrayEquals(t, fin, "n=" + n);
            if (n > 0) {
                assertArrayEquals(va, new long[] {a[0], a[1], a[2], a[3]});
                int j = rnd.nextInt(n);
                long[] bad = rounds.clone();
                bad[12 * j + 4 * rnd.nextInt(3)] ^= 1;
                // a tampered round is caught in a later round, or changes the final claim
                try {
                    long[] f2 = SumCheck.verify(n, 3, claim, bad, new Transcript("t"), new long[4 * n], "sc");
                    assertTrue(!java.util.Arrays.equals(f2, fin), "tampered round " + j + " unnoticed");
                } catch (VerificationException e) {
                    assertTrue(e.reason().startsWith("sc round "), e.reason());
                }
            }
        }
    }

    @Test
    void quadraticRoundTrip() throws Exception {
        Random rnd = new Random(SEED + 1);
        for (int n = 1; n <= 6; n++) {
            int len = 1 << n;
            long[] m = PolysTest.randomVec(rnd, len);
            long[] z = PolysTest.randomVec(rnd, len);
            long[] claim = new long[4];
            Mle.innerProduct(m, 0, z, 0, len, claim, 0);
            long[] m0 = m.clone();
            long[] z0 = z.clone();
            long[] rounds = new long[8 * n];
            long[] rp = new long[4 * n];
            SumCheck.proveQuadratic(n, m, z, new Transcript("q"), rounds, rp);
            long[] rv = new long[4 * n];
            long[] fin = SumCheck.verify(n, 2, claim, rounds, new Transcript("q"), rv, "sc2");
            long[] vm = new long[4];
            long[] vz = new long[4];
            Mle.evaluate(m0, len, n, rv, 0, vm, 0);
            Mle.evaluate(z0, len, n, rv, 0, vz, 0);
            Fr.mul(vm, 0, vz, 0, vm, 0);
            assertArrayEquals(vm, fin);
            long[] wrong = claim.clone();
            Fr.add(wrong, 0, Fr.ONE, 0, wrong, 0);
            // p(1) is derived from the claim, so a wrong claim shows in the final value, which the caller
            // checks against the polynomial: it no longer matches the oracle m(r) z(r)
            long[] rw = new long[4 * n];
            long[] finWrong = SumCheck.verify(n, 2, wrong, rounds, new Transcript("q"), rw, "sc2");
            long[] om = new long[4];
            long[] oz = new long[4];
            Mle.evaluate(m0, len, n, rw, 0, om, 0);
            Mle.evaluate(z0, len, n, rw, 0, oz, 0);
            Fr.mul(om, 0, oz, 0, om, 0);
            assertTrue(!java.util.Arrays.equals(om, finWrong), "a wrong claim went unnoticed");
            int rounds1 = n;
            long[] claim1 = claim;
            assertThrows(VerificationException.class,   // too few scalars for n rounds
                    () -> SumCheck.verify(rounds1, 2, claim1, new long[8 * rounds1 - 4], new Transcript("q"), new long[4 * rounds1], "sc2"));
        }
    }
}
