package foldproof.folding.ec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The vector-lane Fq kernels ({@link FqLanes}) against BigInteger: multiplication (Montgomery, R = 2^256,
 * the same values as {@link Fq#mul}) and subtraction on seeded random and edge values (0, 1, p-1, p-2,
 * values near 2^k), with aliased outputs, and the limb re-cutting of {@link FqLanes#load} and
 * {@link FqLanes#store}. The build's tests run with jdk.incubator.vector, so the lanes must be on.
 */
class FqLanesTest {
    static final BigInteger P = Fq.MODULUS;
    static final BigInteger RINV = BigInteger.ONE.shiftLeft(256).modInverse(P);

    static BigInteger[] values(SplittableRandom rnd, int n) {
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

    /** Packs {@link FqLanes#LANES} values per group in lane form; returns the groups. */
    static long[] pack(BigInteger[] v) {
        long[] g = new long[(v.length / FqLanes.LANES) * FqLanes.GROUP];
        for (int i = 0; i < v.length; i++) FqLanes.load(words(v[i]), 0, g, (i / FqLanes.LANES) * FqLanes.GROUP, i % FqLanes.LANES);
        return g;
    }

    static BigInteger unpack(long[] g, int i) {
        long[] w = new long[4];
        FqLanes.store(g, (i / FqLanes.LANES) * FqLanes.GROUP, i % FqLanes.LANES, w, 0);
        return value(w, 0);
    }

    @Test
    void lanesAreOnInTheBuild() {
        assertTrue(Lanes.ENABLED, Lanes.describe());
    }

    @Test
    void loadStoreRoundTrip() {
        BigInteger[] v = values(new SplittableRandom(1), 800);
        long[] g = pack(v);
        for (int i = 0; i < v.length; i++) assertEquals(v[i], unpack(g, i), "value " + i);
        for (long limb : g) assertTrue(limb >= 0 && limb < (1L << 51), "limb out of range");
    }

    @Test
    void mulMatchesBigInteger() {
        SplittableRandom rnd = new SplittableRandom(2);
        BigInteger[] a = values(rnd, 4000), b = values(rnd, 4000);
        // pair every edge value with every other edge value too
        for (int i = 0; i < 100; i++) b[i] = a[(i / 10)];
        for (int i = 0; i < 100; i++) a[i] = a[i % 10];
        long[] ga = pack(a), gb = pack(b), go = new long[ga.length], t = new long[FqLanes.SCRATCH];
        for (int off = 0; off < ga.length; off += FqLanes.GROUP) FqLanes.mul(ga, off, gb, off, go, off, t);
        long[] x = new long[4], y = new long[4], z = new long[4];
        for (int i = 0; i < a.length; i++) {
            BigInteger want = a[i].multiply(b[i]).multiply(RINV).mod(P);
            assertEquals(want, unpack(go, i), "mul " + a[i].toString(16) + " * " + b[i].toString(16));
            System.arraycopy(words(a[i]), 0, x, 0, 4);
            System.arraycopy(words(b[i]), 0, y, 0, 4);
            Fq.mul(x, 0, y, 0, z, 0);
            assertEquals(value(z, 0), want, "Fq.mul agrees");
        }
        // aliasing: o = a, then o = b
        long[] ca = ga.clone(), cb = gb.clone();
        for (int off = 0; off < ga.length; off += FqLanes.GROUP) {
            FqLanes.mul(ca, off, gb, off, ca, off, t);
            FqLanes.mul(ga, off, cb, off, cb, off, t);
        }
        assertArrayEquals(go, ca);
        assertArrayEquals(go, cb);
    }

    @Test
    void subMatchesBigInteger() {
        SplittableRandom rnd = new SplittableRandom(3);
        BigInteger[] a = values(rnd, 2000), b = values(rnd, 2000);
        for (int i = 0; i < 100; i++) {
            b[i] = a[i / 10];
            a[i] = a[i % 10];
        }
        long[] ga = pack(a), gb = pack(b), go = new long[ga.length];
        for (int off = 0; off < ga.length; off += FqLanes.GROUP) FqLanes.sub(ga, off, gb, off, go, off);
        for (int i = 0; i < a.length; i++) assertEquals(a[i].subtract(b[i]).mod(P), unpack(go, i), "sub " + i);
        for (int off = 0; off < ga.length; off += FqLanes.GROUP) FqLanes.sub(ga, off, gb, off, gb, off);
        assertArrayEquals(go, gb);
    }
}
