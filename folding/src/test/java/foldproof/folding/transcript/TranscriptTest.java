package foldproof.folding.transcript;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import foldproof.bn254.fr.Fr;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TranscriptTest {
    private static Transcript sample(String proto, String label, byte[] data, long v) {
        Transcript t = new Transcript(proto);
        t.absorb(label, data);
        t.absorbLong("n", v);
        long[] s = new long[8];
        Fr.fromLong(5, s, 0);
        Fr.fromLong(-7, s, 4);
        t.absorbScalars("vec", s, 2);
        return t;
    }

    @Test
    void deterministic() {
        long[] a = sample("p", "x", new byte[] {1, 2, 3}, 9).challengeScalar("c");
        long[] b = sample("p", "x", new byte[] {1, 2, 3}, 9).challengeScalar("c");
        assertArrayEquals(a, b);
        assertTrue(Fr.toBigInteger(a, 0).compareTo(Fr.MODULUS) < 0);
    }

    @Test
    void sensitiveToProtocolLabelsDataAndChallengeLabel() {
        long[] base = sample("p", "x", new byte[] {1, 2, 3}, 9).challengeScalar("c");
        assertFalse(Arrays.equals(base, sample("q", "x", new byte[] {1, 2, 3}, 9).challengeScalar("c")));
        assertFalse(Arrays.equals(base, sample("p", "y", new byte[] {1, 2, 3}, 9).challengeScalar("c")));
        assertFalse(Arrays.equals(base, sample("p", "x", new byte[] {1, 2, 4}, 9).challengeScalar("c")));
        assertFalse(Arrays.equals(base, sample("p", "x", new byte[] {1, 2, 3}, 10).challengeScalar("c")));
        assertFalse(Arrays.equals(base, sample("p", "x", new byte[] {1, 2, 3}, 9).challengeScalar("d")));
    }

    @Test
    void framingPreventsSplitAmbiguityAndOrderMatters() {
        Transcript t1 = new Transcript("p");
        t1.absorb("ab", new byte[] {1});
        Transcript t2 = new Transcript("p");
        t2.absorb("a", new byte[] {'b', 1});
        assertFalse(Arrays.equals(t1.challengeScalar("c"), t2.challengeScalar("c")));
        Transcript t3 = new Transcript("p");
        t3.absorbLong("a", 1);
        t3.absorbLong("b", 2);
        Transcript t4 = new Transcript("p");
        t4.absorbLong("b", 2);
        t4.absorbLong("a", 1);
        assertFalse(Arrays.equals(t3.challengeScalar("c"), t4.challengeScalar("c")));
    }

    @Test
    void successiveChallengesDifferAndChain() {
        Transcript t = new Transcript("p");
        Set<BigInteger> seen = new HashSet<>();
        for (int i = 0; i < 100; i++) assertTrue(seen.add(Fr.toBigInteger(t.challengeScalar("c"), 0)));
        // a copy continues identically; diverging absorbs change later challenges
        Transcript a = t.copy(), b = t.copy();
        assertArrayEquals(a.copy().challengeScalar("z"), b.copy().challengeScalar("z"));
        a.absorbLong("x", 1);
        assertFalse(Arrays.equals(a.challengeScalar("z"), b.challengeScalar("z")));
    }

    @Test
    void scalarAbsorbUsesCanonicalValue() {
        long[] v = new long[4];
        Fr.fromLong(123, v, 0);
        Transcript a = new Transcript("p");
        a.absorbScalar("s", v, 0);
        Transcript b = new Transcript("p");
        b.absorbScalars("s", v, 1);
        assertArrayEquals(a.challengeScalar("c"), b.challengeScalar("c"));
    }
}
