package foldproof.bn254.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import foldproof.bn254.Lanes;
import foldproof.bn254.fq.Fq;
import java.math.BigInteger;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The vector-lane kernels ({@link foldproof.bn254.fq.FqLanes}, {@link foldproof.bn254.fr.FrLanes}) against BigInteger: multiplication (Montgomery,
 * R = 2^256, the same values as {@link Fq#mul} and {@code Fr.mul}) and subtraction on seeded random and edge
 * values (0, 1, p-1, p-2, values near 2^k), with aliased outputs, and the limb re-cutting of {@code load}
 * and {@code store}. The build's tests run with jdk.incubator.vector, so the lanes must be on.
 */
class LanesTest {
    static final KernelSelfCheck.LaneField[] KINDS = {KernelSelfCheck.FQ_LANES, KernelSelfCheck.FR_LANES};
    static final BigInteger[] MODULI = {Fq.MODULUS, foldproof.bn254.fr.Fr.MODULUS};

    static BigInteger[] values(SplittableRandom rnd, int n, BigInteger P) {
        BigInteger[] edge = {BigInteger.ZERO, BigInteger.ONE, P.subtract(BigInteger.ONE), P.subtract(BigInteger.TWO),
            BigInteger.ONE.shiftLeft(51), BigInteger.ONE.shiftLeft(51).subtract(BigInteger.ONE), BigInteger.ONE.shiftLeft(253),
            BigInteger.ONE.shiftLeft(204).subtract(BigInteger.ONE), P.shiftRight(1), P.shiftRight(1).add(BigInteger.ONE)};
        BigInteger[] v = new BigInteger[n];
        for (int i = 0; i < n; i++) {
            if (i < edge.length) v[i] = edge[i];
            else {
                byte[] b = new byte[40];
                rnd.nextBytes(b);
                v[i] = new BigInteger(1, b).mod(P);
            }
        }
        return v;
    }

    /** Raw (non-Montgomery) 4-limb words of x. */
    static long[] words(BigInteger x) {
        long[] w = new long[4];
        for (int i = 0; i < 4; i++) w[i] = x.shiftRight(64 * i).longValue();
        return w;
    }

    static BigInteger value(long[] a, int ao) {
        BigInteger v = BigInteger.ZERO;
        for (int i = 3; i >= 0; i--) v = v.shiftLeft(64).add(new BigInteger(Long.toUnsignedString(a[ao + i])));
        return v;
    }

    /** Packs {@link LaneLimbs#LANES} values per group in lane form; returns the groups. */
    static long[] pack(KernelSelfCheck.LaneField f, BigInteger[] v) {
        long[] g = new long[(v.length / LaneLimbs.LANES) * LaneLimbs.GROUP];
        for (int i = 0; i < v.length; i++) LaneLimbs.load(words(v[i]), 0, g, (i / LaneLimbs.LANES) * LaneLimbs.GROUP, i % LaneLimbs.LANES);
        return g;
    }

    static BigInteger unpack(KernelSelfCheck.LaneField f, long[] g, int i) {
        long[] w = new long[4];
        LaneLimbs.store(g, (i / LaneLimbs.LANES) * LaneLimbs.GROUP, i % LaneLimbs.LANES, w, 0);
        return value(w, 0);
    }

    @Test
    void lanesAreOnInTheBuild() {
        assertTrue(Lanes.ENABLED, Lanes.describe());
    }

    @Test
    void loadStoreRoundTrip() {
        for (int k = 0; k < KINDS.length; k++) {
            BigInteger[] v = values(new SplittableRandom(1), 800, MODULI[k]);
            long[] g = pack(KINDS[k], v);
            for (int i = 0; i < v.length; i++) assertEquals(v[i], unpack(KINDS[k], g, i), "value " + i);
            for (long limb : g) assertTrue(limb >= 0 && limb < (1L << 51), "limb out of range");
        }
    }

    @Test
    void mulMatchesBigInteger() {
        for (int k = 0; k < KINDS.length; k++) {
            KernelSelfCheck.LaneField f = KINDS[k];
            BigInteger P = MODULI[k], rinv = BigInteger.ONE.shiftLeft(256).modInverse(P);
            SplittableRandom rnd = new SplittableRandom(2);
            BigInteger[] a = values(rnd, 4000, P), b = values(rnd, 4000, P);
            // pair every edge value with every other edge value too
            for (int i = 0; i < 100; i++) b[i] = a[(i / 10)];
            for (int i = 0; i < 100; i++) a[i] = a[i % 10];
            long[] ga = pack(f, a), gb = pack(f, b), go = new long[ga.length], t = new long[LaneLimbs.SCRATCH];
            for (int off = 0; off < ga.length; off += LaneLimbs.GROUP) f.mul(ga, off, gb, off, go, off, t);
            for (int i = 0; i < a.length; i++) {
                BigInteger want = a[i].multiply(b[i]).multiply(rinv).mod(P);
                assertEquals(want, unpack(f, go, i), "mul " + a[i].toString(16) + " * " + b[i].toString(16));
            }
            // aliasing: o = a, then o = b
            long[] ca = ga.clone(), cb = gb.clone();
            for (int off = 0; off < ga.length; off += LaneLimbs.GROUP) {
                f.mul(ca, off, gb, off, ca, off, t);
                f.mul(ga, off, cb, off, cb, off, t);
            }
            assertArrayEquals(go, ca);
            assertArrayEquals(go, cb);
        }
    }

    @Test
    void subMatchesBigInteger() {
        for (int k = 0; k < KINDS.length; k++) {
            KernelSelfCheck.LaneField f = KINDS[k];
            BigInteger P = MODULI[k];
            SplittableRandom rnd = new SplittableRandom(3);
            BigInteger[] a = values(rnd, 2000, P), b = values(rnd, 2000, P);
            for (int i = 0; i < 100; i++) {
                b[i] = a[i / 10];
                a[i] = a[i % 10];
            }
            long[] ga = pack(f, a), gb = pack(f, b), go = new long[ga.length];
            for (int off = 0; off < ga.length; off += LaneLimbs.GROUP) f.sub(ga, off, gb, off, go, off);
            for (int i = 0; i < a.length; i++) assertEquals(a[i].subtract(b[i]).mod(P), unpack(f, go, i), "sub " + i);
            for (int off = 0; off < ga.length; off += LaneLimbs.GROUP) f.sub(ga, off, gb, off, gb, off);
            assertArrayEquals(go, gb);
        }
    }
}
