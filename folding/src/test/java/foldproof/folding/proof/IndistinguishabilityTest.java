package foldproof.folding.proof;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The statistics of {@link Indistinguishability} against reference values (scipy.stats, exact sums with math.comb). */
class IndistinguishabilityTest {

    @Test
    void pValuesMatchReferenceValues() {
        assertEquals(0.05, Indistinguishability.chiSquareP(3.841458820694124, 1), 1e-12);
        assertEquals(0.01856613546304325, Indistinguishability.chiSquareP(10, 3), 1e-12);
        assertEquals(0.04999099030813729, Indistinguishability.chiSquareP(293.25, 255), 1e-10);
        assertEquals(1, Indistinguishability.chiSquareP(0, 255));
        assertEquals(Math.pow(2, -23), Indistinguishability.binomial(0, 24), 1e-20);
        assertEquals(Math.pow(2, -23), Indistinguishability.binomial(24, 24), 1e-20);
        assertEquals(1, Indistinguishability.binomial(12, 24));
        assertEquals(7.39602301050679e-07, Indistinguishability.fisher(12, 12, 0, 12), 1e-18);
        assertEquals(0.1788954079975752, Indistinguishability.fisher(3, 10, 7, 10), 1e-12);
        assertEquals(0.20634920634920634, Indistinguishability.fisher(1, 5, 4, 5), 1e-12);
    }

    /** Uniform random "proofs" pass (seeded); the same with one element fixed, or one bit tied to the group, fail. */
    @Test
    void uniformElementsPassAndALeakFails() {
        long seed = 314159;
        System.out.println("seed " + seed);
        Random rnd = new Random(seed);
        int header = 16;
        int elements = 400;
        List<byte[]> a = new ArrayList<>();
        List<byte[]> b = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            byte[] p = new byte[header + 32 * elements];
            for (int j = 0; j < elements; j++) {
                byte[] v = new byte[32];
                do {
                    rnd.nextBytes(v);
                    v[0] &= 0x3F;
                } while (new java.math.BigInteger(1, v).compareTo(Indistinguishability.R) >= 0);
                System.arraycopy(v, 0, p, header + 32 * j, 32);
            }
            (i < 12 ? a : b).add(p);
        }
        boolean[] scalars = new boolean[elements];
        byte[][] none = new byte[elements][];
        Indistinguishability.Report ok = Indistinguishability.test(a, b, header, scalars, none, 0.01);
        System.out.println(ok);
        assertTrue(ok.indistinguishable(), ok.toString());

        List<byte[]> fixed = new ArrayList<>();
        for (byte[] p : a) {
            byte[] q = p.clone();
            java.util.Arrays.fill(q, header + 32 * 7, header + 32 * 8, (byte) 0x11);
            fixed.add(q);
        }
        Indistinguishability.Report constant = Indistinguishability.test(fixed, b, header, scalars, none, 0.01);
        assertFalse(constant.indistinguishable());
        assertTrue(constant.failures().get(0).test().startsWith("repeats at scalar 7"), constant.toString());

        List<byte[]> odd = new ArrayList<>();
        List<byte[]> even = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            byte[] p = a.get(i).clone();
            byte[] q = b.get(i).clone();
            p[header + 32 * 9 + 31] |= 1;
            q[header + 32 * 9 + 31] &= ~1;
            odd.add(p);
            even.add(q);
        }
        Indistinguishability.Report bit = Indistinguishability.test(odd, even, header, scalars, none, 0.01);
        assertEquals(List.of("parity A vs B at scalar 9 (byte " + (header + 32 * 9) + ")"),
                bit.failures().stream().map(Indistinguishability.P::test).toList(), bit.toString());
    }
}
