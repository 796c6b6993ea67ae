package foldproof.folding.ipa;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import foldproof.bn254.fr.Fr;
import foldproof.bn254.g1.G1Point;
import foldproof.folding.VerificationException;
import foldproof.folding.commit.PedersenKey;
import foldproof.folding.spartan.polys.EqPoly;
import foldproof.folding.spartan.polys.Mle;
import foldproof.folding.spartan.polys.PolysTest;
import foldproof.folding.transcript.Transcript;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** IPA openings of Pedersen commitments at eq-table vectors: completeness for every size, soundness spot checks. */
class InnerProductArgumentTest {
    private static final long SEED = 4242L;

    @Test
    void opensCommitmentsOfEverySize() throws Exception {
        System.out.println("InnerProductArgumentTest seed " + SEED);
        Random rnd = new Random(SEED);
        PedersenKey key = PedersenKey.setup("foldproof/test/ipa", 32);
        for (int kk = 0; kk <= 5; kk++) {
            final int k = kk;
            int n = 1 << k;
            long[] a = PolysTest.randomVec(rnd, n);
            long[] q = PolysTest.randomVec(rnd, Math.max(1, k));
            long[] rho = PolysTest.randomVec(rnd, 1);
            long[] y = new long[4];
            Mle.evaluate(a, n, k, q, 0, y, 0);
            G1Point c = key.commit(a, n, rho);
            IpaProof p = InnerProductArgument.prove(key, a.clone(), EqPoly.table(q, 0, k), k, rho, y, new Transcript("ipa"));
            G1Point[] comm = {c};
            InnerProductArgument.verify(key, comm, Fr.ONE.clone(), rho, y, q, 0, k, p, new Transcript("ipa"), "ipa");
            // wrong value, wrong blinding, wrong commitment, wrong point
            long[] y2 = y.clone();
            Fr.add(y2, 0, Fr.ONE, 0, y2, 0);
            assertRejects(() -> InnerProductArgument.verify(key, comm, Fr.ONE.clone(), rho, y2, q, 0, k, p,
                    new Transcript("ipa"), "ipa"));
            long[] rho2 = rho.clone();
            Fr.add(rho2, 0, Fr.ONE, 0, rho2, 0);
            assertRejects(() -> InnerProductArgument.verify(key, comm, Fr.ONE.clone(), rho2, y, q, 0, k, p,
                    new Transcript("ipa"), "ipa"));
            G1Point[] comm2 = {c.add(key.generator(n - 1))};
            assertRejects(() -> InnerProductArgument.verify(key, comm2, Fr.ONE.clone(), rho, y, q, 0, k, p,
                    new Transcript("ipa"), "ipa"));
            if (k > 0) {
                long[] q2 = q.clone();
                Fr.add(q2, 0, Fr.ONE, 0, q2, 0);
                assertRejects(() -> InnerProductArgument.verify(key, comm, Fr.ONE.clone(), rho, y, q2, 0, k, p,
                        new Transcript("ipa"), "ipa"));
            }
        }
    }

    @Test
    void componentPastTheOpeningLengthIsRejected() {
        // a commitment with a component on G_n cannot be opened as a length-n vector (binding)
        Random rnd = new Random(SEED + 1);
        PedersenKey key = PedersenKey.setup("foldproof/test/ipa", 32);
        int k = 3;
        int n = 1 << k;
        long[] a = PolysTest.randomVec(rnd, n);
        long[] q = PolysTest.randomVec(rnd, k);
        long[] rho = PolysTest.randomVec(rnd, 1);
        long[] y = new long[4];
        Mle.evaluate(a, n, k, q, 0, y, 0);
        G1Point c = key.commit(a, n, rho).add(key.generator(n));
        IpaProof p = InnerProductArgument.prove(key, a.clone(), EqPoly.table(q, 0, k), k, rho, y, new Transcript("ipa"));
        assertRejects(() -> InnerProductArgument.verify(key, new G1Point[] {c}, Fr.ONE.clone(), rho, y, q, 0, k, p,
                new Transcript("ipa"), "ipa"));
    }

    private static void assertRejects(org.junit.jupiter.api.function.Executable e) {
        VerificationException v = assertThrows(VerificationException.class, e);
        assertTrue(v.reason().startsWith("ipa"), v.reason());
    }
}
