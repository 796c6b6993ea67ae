package foldproof.bn254.msm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import foldproof.bn254.fq.Fq;
import foldproof.bn254.fr.Fr;
import java.math.BigInteger;
import java.util.Random;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;

/** MSM against Bouncy Castle's generic curve arithmetic (naive sum of scalar multiples). */
class MsmTest {
    /**
     * The MSMs below run as in {@code foldproof prove}: with the vector lanes warmed up, batches of 32 or
     * more additions go to {@code FqLanes} (BucketSumsTest covers the scalar path with the lanes forced off).
     */
    @org.junit.jupiter.api.BeforeAll
    static void warmLanes() {
        foldproof.bn254.Lanes.awaitWarm(120_000);
        assertEquals(foldproof.bn254.Lanes.ENABLED, foldproof.bn254.Lanes.fqReady(), "lanes warmed up");
    }

    static final BigInteger P = new BigInteger("21888242871839275222246405745257275088696311157297823662689037894645226208583");
    static final BigInteger R = new BigInteger("21888242871839275222246405745257275088548364400416034343698204186575808495617");
    static final ECCurve CURVE = new ECCurve.Fp(P, BigInteger.ZERO, BigInteger.valueOf(3), R, BigInteger.ONE);
    static final ECPoint G = CURVE.createPoint(BigInteger.ONE, BigInteger.TWO);

    static long seed() {
        long s = System.nanoTime();
        System.out.println("MsmTest seed " + s);
        return s;
    }

    /** n random points; some identities and repeats when adversarial. */
    static ECPoint[] points(Random rnd, int n, boolean adversarial) {
        ECPoint[] ps = new ECPoint[n];
        for (int i = 0; i < n; i++) {
            if (adversarial && i > 0 && rnd.nextInt(4) == 0) ps[i] = ps[rnd.nextInt(i)];
            else if (adversarial && rnd.nextInt(8) == 0) ps[i] = CURVE.getInfinity();
            else ps[i] = G.multiply(new BigInteger(250, rnd)).normalize();
        }
        return ps;
    }

    static long[] flat(ECPoint[] ps) {
        long[] a = new long[ps.length * 8];
        for (int i = 0; i < ps.length; i++) {
            if (ps[i].isInfinity()) continue;
            Fq.fromBigInteger(ps[i].getAffineXCoord().toBigInteger(), a, i * 8);
            Fq.fromBigInteger(ps[i].getAffineYCoord().toBigInteger(), a, i * 8 + 4);
        }
        return a;
    }

    static BigInteger[] scalars(Random rnd, int n, boolean adversarial) {
        BigInteger[] k = new BigInteger[n];
        for (int i = 0; i < n; i++) {
            int kind = adversarial ? rnd.nextInt(5) : 4;
            k[i] = switch (kind) {
                case 0 -> BigInteger.ZERO;
                case 1 -> R.subtract(BigInteger.ONE);
                case 2 -> BigInteger.valueOf(rnd.nextInt(3));
                case 3 -> BigInteger.ONE.shiftLeft(253).add(BigInteger.valueOf(rnd.nextInt(1000)));
                default -> new BigInteger(254, rnd).mod(R);
            };
        }
        return k;
    }

    static ECPoint naive(ECPoint[] ps, BigInteger[] k, int n) {
        ECPoint acc = CURVE.getInfinity();
        for (int i = 0; i < n; i++) acc = acc.add(ps[i].multiply(k[i].mod(R)));
        return acc.normalize();
    }

    static void assertSame(ECPoint expected, long[] jac) {
        long[] a = new long[8];
        Jacobian.toAffine(jac, 0, a, 0);
        if (expected.isInfinity()) {
            assertTrue(Jacobian.isAffineIdentity(a, 0), "expected identity");
        } else {
            assertEquals(expected.getAffineXCoord().toBigInteger(), Fq.toBigInteger(a, 0), "x");
            assertEquals(expected.getAffineYCoord().toBigInteger(), Fq.toBigInteger(a, 4), "y");
        }
    }

    static long[] canonical(BigInteger[] k) {
        long[] c = new long[k.length * 4];
        for (int i = 0; i < k.length; i++) for (int l = 0; l < 4; l++) c[i * 4 + l] = k[i].shiftRight(64 * l).longValue();
        return c;
    }

    static long[] montgomery(BigInteger[] k) {
        long[] m = new long[k.length * 4];
        for (int i = 0; i < k.length; i++) Fr.fromBigInteger(k[i], m, i * 4);
        return m;
    }

    @Test
    void everyWindowSizeMatchesNaiveSum() {
        Random rnd = new Random(seed());
        int n = 37;
        for (boolean adv : new boolean[] {false, true}) {
            ECPoint[] ps = points(rnd, n, adv);
            BigInteger[] k = scalars(rnd, n, adv);
            ECPoint expected = naive(ps, k, n);
            long[] bases = flat(ps), can = canonical(k);
            for (int mode = 0; mode <= 1; mode++) {
                Pippenger.forceBatchAffine = mode;
                try {
                    // batched-affine path on windows up to 12 (larger ones only cost reduction time here)
                    for (int c = 1; c <= (mode == 1 ? 12 : Pippenger.MAX_WINDOW); c++) {
                        long[] out = new long[12];
                        Pippenger.run(bases, 0, can, null, n, 254, c, out, 0);
                        assertSame(expected, out);
                    }
                } finally {
                    Pippenger.forceBatchAffine = -1;
                }
            }
        }
    }

    /**
     * The small-MSM path with every window in one bucket set ({@link Pippenger#runAllWindows}): every window size
     * 2..10 on random and adversarial inputs (zero scalars, r - 1, tiny values, repeated and opposite points, the
     * identity), n from 1 to 300, against the naive sum; and the window the cost model picks.
     */
    @Test
    void allWindowsPathMatchesNaiveSum() {
        Random rnd = new Random(seed());
        for (int n : new int[] {1, 2, 7, 38, 300}) {
            for (boolean adv : new boolean[] {false, true}) {
                ECPoint[] ps = points(rnd, n, adv);
                BigInteger[] k = scalars(rnd, n, adv);
                ECPoint expected = naive(ps, k, n);
                long[] bases = flat(ps), can = canonical(k);
                for (int c = 2; c <= 10; c++) {
                    long[] out = new long[12];
                    Pippenger.runAllWindows(bases, 0, can, n, 254, c, out, 0);
                    assertSame(expected, out);
                }
                long[] out = new long[12];
                Pippenger.runAllWindows(bases, 0, can, n, 254, Pippenger.chooseWindowAll(n, 254), out, 0);
                assertSame(expected, out);
            }
        }
    }

    /** The single-point table (the blinding generator's) against G1Point.mul on random and edge scalars. */
    @Test
    void fixedPointTableMatchesScalarMultiplication() {
        Random rnd = new Random(seed());
        ECPoint p = G.multiply(new BigInteger(250, rnd)).normalize();
        long[] pa = flat(new ECPoint[] {p});
        foldproof.bn254.g1.G1Point pt = foldproof.bn254.g1.G1Point.fromAffine(pa, 0);
        FixedPointTable table = new FixedPointTable(pt);
        java.util.List<BigInteger> ks = new java.util.ArrayList<>(java.util.List.of(BigInteger.ZERO, BigInteger.ONE,
                BigInteger.TWO, R.subtract(BigInteger.ONE), BigInteger.ONE.shiftLeft(253), BigInteger.valueOf(128),
                BigInteger.valueOf(129), BigInteger.ONE.shiftLeft(8).subtract(BigInteger.ONE)));
        for (int i = 0; i < 40; i++) {
            ks.add(new BigInteger(254, rnd).mod(R));
        }
        for (BigInteger k : ks) {
            long[] m = montgomery(new BigInteger[] {k});
            long[] out = new long[12];
            table.mul(m, 0).writeJacobian(out, 0);
            assertSame(p.multiply(k).normalize(), out);
        }
    }

    /** The fixed-base table's MSM, grown in two steps, against the naive sum; bases are never the identity there. */
    @Test
    void fixedBaseTableMatchesNaiveSum() {
        Random rnd = new Random(seed());
        ECPoint[] ps = points(rnd, 700, false);
        long[] bases = flat(ps);
        FixedBaseTable table = new FixedBaseTable(bases, 0, 600);
        table.ensure(300);
        assertEquals(300, table.size());
        for (int n : new int[] {0, 1, 2, 37, 300, 600}) {
            if (n > table.size()) {
                int want = n;
                org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                        () -> table.msm(new long[4 * want], 0, want));
                table.ensure(2000);                       // capped at the limit
                assertEquals(600, table.size());
            }
            for (boolean adv : new boolean[] {false, true}) {
                BigInteger[] k = scalars(rnd, n, adv);
                long[] out = new long[12];
                foldproof.bn254.g1.G1Point got = table.msm(montgomery(k), 0, n);
                got.writeJacobian(out, 0);
                assertSame(naive(ps, k, n), out);
            }
        }
    }

    @Test
    void publicApiOnRandomAndAdversarialInputs() {
        Random rnd = new Random(seed());
        for (int n : new int[] {0, 1, 2, 5, 300}) {
            for (boolean adv : new boolean[] {false, true}) {
                ECPoint[] ps = points(rnd, n, adv);
                BigInteger[] k = scalars(rnd, n, adv);
                long[] out = new long[12];
                Msm.msmJacobian(flat(ps), 0, montgomery(k), 0, n, out);
                assertSame(naive(ps, k, n), out);
            }
        }
    }

    @Test
    void allZeroScalarsAndSamePointEverywhere() {
        Random rnd = new Random(seed());
        int n = 64;
        ECPoint[] ps = new ECPoint[n];
        java.util.Arrays.fill(ps, G.multiply(BigInteger.valueOf(7)).normalize());
        BigInteger[] k = scalars(rnd, n, false);
        long[] out = new long[12];
        Msm.msmJacobian(flat(ps), 0, montgomery(k), 0, n, out);
        assertSame(naive(ps, k, n), out);
        java.util.Arrays.fill(k, BigInteger.ZERO);
        Msm.msmJacobian(flat(ps), 0, montgomery(k), 0, n, out);
        assertTrue(Jacobian.isIdentity(out, 0));
        // P and -P cancel
        BigInteger[] one = new BigInteger[] {BigInteger.ONE, R.subtract(BigInteger.ONE)};
        Msm.msmJacobian(flat(new ECPoint[] {ps[0], ps[0]}), 0, montgomery(one), 0, 2, out);
        assertTrue(Jacobian.isIdentity(out, 0));
    }

    @Test
    void smallScalarsBitsBytesAndSigned() {
        Random rnd = new Random(seed());
        int n = 20000;   // 4 chunks of 5000: batched bits/bytes paths, Jacobian buckets for the 3000-bucket case
        ECPoint[] few = points(rnd, 50, true);
        ECPoint[] ps = new ECPoint[n];
        int[] which = new int[n];
        for (int i = 0; i < n; i++) ps[i] = few[which[i] = rnd.nextInt(few.length)];
        long[] bases = flat(ps);
        long[][] cases = new long[7][n];
        for (int i = 0; i < n; i++) {
            cases[0][i] = rnd.nextInt(2);
            cases[1][i] = rnd.nextInt(256);
            cases[2][i] = rnd.nextInt(256) - 128;
            cases[3][i] = rnd.nextInt(3) - 1;
            cases[4][i] = rnd.nextInt(1 << 20) - (1 << 19);       // Pippenger on magnitudes
            cases[6][i] = rnd.nextInt(3000);
            cases[5][i] = i == 7 ? Long.MAX_VALUE : (i == 9 ? -Long.MAX_VALUE : rnd.nextLong() >> 3);
        }
        for (long[] v : cases) {
            BigInteger[] k = new BigInteger[n];
            for (int i = 0; i < n; i++) k[i] = BigInteger.valueOf(v[i]);
            BigInteger[] perPoint = new BigInteger[few.length];
            java.util.Arrays.fill(perPoint, BigInteger.ZERO);
            for (int i = 0; i < n; i++) perPoint[which[i]] = perPoint[which[i]].add(k[i]);
            ECPoint expected = naive(few, perPoint, few.length);
            long[] out = new long[12];
            SmallMsm.run(bases, 0, v, 0, n, out, 0);
            assertSame(expected, out);
            // the same values lifted to Fr take the detected small path (or full path for negatives)
            Msm.msmJacobian(bases, 0, montgomery(k), 0, n, out);
            assertSame(expected, out);
        }
        long[] out = new long[12];
        SmallMsm.run(bases, 0, new long[n], 0, n, out, 0);
        assertTrue(Jacobian.isIdentity(out, 0));
    }

    @Test
    void batchAffineWithManyConflictsAndSpecialCases() {
        Random rnd = new Random(seed());
        int n = 3000;
        ECPoint[] few = points(rnd, 6, true);
        ECPoint[] ps = new ECPoint[n];
        int[] which = new int[n];
        for (int i = 0; i < n; i++) ps[i] = few[which[i] = rnd.nextInt(few.length)];
        BigInteger[] k = new BigInteger[n];
        for (int i = 0; i < n; i++) k[i] = rnd.nextInt(3) == 0 ? BigInteger.valueOf(rnd.nextInt(40)) : R.subtract(BigInteger.valueOf(rnd.nextInt(40)));
        BigInteger[] perPoint = new BigInteger[few.length];
        java.util.Arrays.fill(perPoint, BigInteger.ZERO);
        for (int i = 0; i < n; i++) perPoint[which[i]] = perPoint[which[i]].add(k[i]);
        ECPoint expected = naive(few, perPoint, few.length);
        long[] bases = flat(ps), can = canonical(k);
        Pippenger.forceBatchAffine = 1;
        try {
            for (int c : new int[] {5, 7, 9, 12}) {
                long[] out = new long[12];
                Pippenger.run(bases, 0, can, null, n, 254, c, out, 0);
                assertSame(expected, out);
            }
        } finally {
            Pippenger.forceBatchAffine = -1;
        }
    }

    /**
     * {@code sum v_i few[which_i]} by SmallMsm (the uint8 batched-bucket path for 255 buckets) with every reduction
     * (Jacobian running sums, lockstep with 16, 32 or 64 segments, the default), and through {@code msmSmall}.
     */
    static void checkSmall(ECPoint[] few, int[] which, long[] v) {
        int n = v.length;
        BigInteger[] perPoint = new BigInteger[few.length];
        java.util.Arrays.fill(perPoint, BigInteger.ZERO);
        for (int i = 0; i < n; i++) perPoint[which[i]] = perPoint[which[i]].add(BigInteger.valueOf(v[i]));
        ECPoint expected = naive(few, perPoint, few.length);
        ECPoint[] ps = new ECPoint[n];
        for (int i = 0; i < n; i++) ps[i] = few[which[i]];
        long[] bases = flat(ps);
        try {
            for (int segs : new int[] {0, 16, 32, 64, -1}) {
                SmallMsm.reductionSegments = segs;
                long[] out = new long[12];
                SmallMsm.run(bases, 0, v, 0, n, out, 0);
                assertSame(expected, out);
            }
        } finally {
            SmallMsm.reductionSegments = -1;
        }
        long[] padded = new long[n + 3];                   // through the public API, at offsets
        System.arraycopy(v, 0, padded, 3, n);
        long[] aff = new long[(n + 1) * 8];
        System.arraycopy(bases, 0, aff, 8, n * 8);
        long[] jac = new long[12];
        Msm.msmSmall(aff, 1, padded, 3, n).writeJacobian(jac, 0);
        assertSame(expected, jac);
    }

    @Test
    void uint8PathEdgeCases() {
        Random rnd = new Random(seed());
        ECPoint p = points(rnd, 1, false)[0];
        ECPoint[] few = {p, p.negate().normalize(), CURVE.getInfinity(), points(rnd, 1, false)[0], G};
        // duplicates of one point in one bucket (P + P: doublings at every tree level), n not a power of two
        for (int n : new int[] {300, 4097, 9001}) {
            int[] which = new int[n];
            long[] v = new long[n];
            java.util.Arrays.fill(v, 200);
            v[n / 2] = 255;                                  // the top bucket too
            checkSmall(few, which, v);
            // P and -P in the same bucket: cancellations; identity bases among them
            for (int i = 0; i < n; i++) which[i] = i % 7 == 6 ? 2 : i % 2;
            checkSmall(few, which, v);
            // odd count of P against -P, digits spread over every bucket
            for (int i = 0; i < n; i++) {
                which[i] = rnd.nextInt(3);
                v[i] = rnd.nextInt(256);
            }
            checkSmall(few, which, v);
        }
        // a single point per bucket (every digit 1..255 once, plus zeros), distinct points: no tree rounds
        int n = 300;
        ECPoint[] many = points(rnd, n, false);
        int[] id = new int[n];
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            id[i] = i;
            v[i] = i < 255 ? i + 1 : 0;
        }
        checkSmall(many, id, v);
        // identity bases only, and all-zero digits except one point (one chunk of several empty)
        int[] zeroWhich = new int[5000];
        java.util.Arrays.fill(zeroWhich, 2);
        long[] vals = new long[5000];
        for (int i = 0; i < vals.length; i++) vals[i] = 1 + rnd.nextInt(255);
        checkSmall(few, zeroWhich, vals);
        long[] one = new long[20000];
        one[19999] = 255;
        checkSmall(few, new int[20000], one);
        checkSmall(few, new int[20000], new long[20000]);
        // only the largest digit, duplicates of a few points in 4 chunks: 2^14 + 3 points
        int m = (1 << 14) + 3;
        int[] w = new int[m];
        long[] top = new long[m];
        for (int i = 0; i < m; i++) {
            w[i] = rnd.nextInt(few.length);
            top[i] = rnd.nextInt(4) == 0 ? 255 : 254;
        }
        checkSmall(few, w, top);
    }

    @Test
    void offsetsSelectTheRightSlices() {
        Random rnd = new Random(seed());
        ECPoint[] ps = points(rnd, 20, false);
        BigInteger[] k = scalars(rnd, 20, false);
        long[] out = new long[12];
        Msm.msmJacobian(flat(ps), 5, montgomery(k), 3, 10, out);
        ECPoint acc = CURVE.getInfinity();
        for (int i = 0; i < 10; i++) acc = acc.add(ps[5 + i].multiply(k[3 + i]));
        assertSame(acc.normalize(), out);
    }
}
