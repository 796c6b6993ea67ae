package foldproof.bn254.msm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Random;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;

/**
 * Conflict-free batched bucket sums ({@link BucketSums}, {@link BatchAdd}) on skewed digit distributions, against
 * a naive sum: every point in one bucket, a few hot buckets, doublings and cancellations inside one batch,
 * identity bases, several blocks, and the lockstep (segmented) reduction.
 */
class BucketSumsTest {
    /** {@code sum_j (|d_j|) * sign(d_j) * P_j}, i.e. what {@code sum_m (m+1) B_m} must equal. */
    static ECPoint expected(ECPoint[] ps, int[] d) {
        java.util.Map<ECPoint, BigInteger> coef = new java.util.IdentityHashMap<>();   // tiled points: few multiplications
        for (int j = 0; j < d.length; j++) coef.merge(ps[j], BigInteger.valueOf(d[j]), BigInteger::add);
        ECPoint acc = MsmTest.CURVE.getInfinity();
        for (var e : coef.entrySet()) acc = acc.add(e.getKey().multiply(e.getValue().mod(MsmTest.R)));
        return acc.normalize();
    }

    static void check(ECPoint[] ps, int[] d, int nb, int block) {
        check(ps, d, nb, block, true);
        check(ps, d, nb, block, false);
    }

    /** {@code lanes}: the vector-lane batch additions (when available) or the scalar ones. */
    static void check(ECPoint[] ps, int[] d, int nb, int block, boolean lanes) {
        check(ps, d, nb, block, lanes, BucketSums.segments(nb));
    }

    /** {@code segs}: reduction segments (0: Jacobian running sums). */
    static void check(ECPoint[] ps, int[] d, int nb, int block, boolean lanes, int segs) {
        long[] bases = MsmTest.flat(ps);
        BucketSums acc = new BucketSums(nb, block, segs);
        acc.lanes(lanes);
        for (int b0 = 0; b0 < d.length; b0 += acc.capacity()) {
            int len = Math.min(acc.capacity(), d.length - b0);
            System.arraycopy(d, b0, acc.digits, 0, len);
            acc.addBlock(bases, b0, len);
        }
        long[] out = new long[12];
        acc.reduce(out, 0);
        MsmTest.assertSame(expected(ps, d), out);
    }

    /** One instance reused across windows (Pippenger's spare queue): after {@code clear} it sums like a fresh one. */
    @Test
    void reusedAfterClearMatchesFresh() {
        Random rnd = new Random(MsmTest.seed());
        int n = 700;
        ECPoint[] ps = MsmTest.points(rnd, n, true);
        long[] bases = MsmTest.flat(ps);
        for (int nb : new int[] {3, 4096}) {
            BucketSums acc = new BucketSums(nb, 256);
            for (int round = 0; round < 3; round++) {
                int[] d = new int[n];
                for (int j = 0; j < n; j++) d[j] = rnd.nextInt(2 * nb + 1) - nb;
                for (int b0 = 0; b0 < n; b0 += acc.capacity()) {
                    int len = Math.min(acc.capacity(), n - b0);
                    System.arraycopy(d, b0, acc.digits, 0, len);
                    acc.addBlock(bases, b0, len);
                }
                long[] out = new long[12];
                acc.reduce(out, 0);
                MsmTest.assertSame(expected(ps, d), out);
                acc.clear();
            }
        }
    }

    @Test
    void skewedDistributions() {
        Random rnd = new Random(MsmTest.seed());
        int n = 3000;
        ECPoint[] few = MsmTest.points(rnd, 5, true);         // repeats and identities: doublings, cancellations
        ECPoint[] ps = new ECPoint[n];
        for (int j = 0; j < n; j++) ps[j] = few[rnd.nextInt(few.length)];
        for (int nb : new int[] {1, 3, 255, 4096}) {
            for (int kind = 0; kind < 4; kind++) {
                int[] d = new int[n];
                for (int j = 0; j < n; j++) {
                    int m = switch (kind) {
                        case 0 -> 1;                                            // all in bucket 0
                        case 1 -> nb;                                           // all in the top bucket
                        case 2 -> rnd.nextInt(4) == 0 ? 1 + rnd.nextInt(nb) : 1 + (j % Math.min(nb, 2));
                        default -> rnd.nextInt(nb + 1);                         // uniform, with zeros
                    };
                    d[j] = rnd.nextBoolean() ? m : -m;
                }
                for (int block : new int[] {64, 1000, 4096}) check(ps, d, nb, block);
            }
        }
    }

    @Test
    void pointAndItsNegationInOneBucketCancel() {
        Random rnd = new Random(MsmTest.seed());
        ECPoint p = MsmTest.points(rnd, 1, false)[0];
        ECPoint[] ps = {p, p, p, p, p, p.negate().normalize(), MsmTest.CURVE.getInfinity()};
        check(ps, new int[] {1, -1, 1, 1, 1, 1, 1}, 1, 16);     // 5P - P - P + 0 ... = 2P
        check(ps, new int[] {2, -2, 0, 0, 0, 0, 2}, 2, 16);     // identity
        long[] out = new long[12];
        BucketSums acc = new BucketSums(2, 16);
        System.arraycopy(new int[] {2, -2}, 0, acc.digits, 0, 2);
        acc.addBlock(MsmTest.flat(ps), 0, 2);
        acc.reduce(out, 0);
        assertTrue(Jacobian.isIdentity(out, 0));
    }

    @Test
    void batchedReductionMatchesJacobianRunningSums() {
        Random rnd = new Random(MsmTest.seed());
        int nb = 4096, n = 6000;
        assertTrue(BucketSums.segments(nb) > 1, "lockstep reduction is exercised");
        ECPoint[] few = MsmTest.points(rnd, 40, true);
        ECPoint[] ps = new ECPoint[n];
        for (int j = 0; j < n; j++) ps[j] = few[rnd.nextInt(few.length)];
        int[] d = new int[n];
        for (int j = 0; j < n; j++) d[j] = (rnd.nextBoolean() ? 1 : -1) * (1 + rnd.nextInt(nb));
        check(ps, d, nb, 2048);
        // only the top and bottom buckets filled: most segments empty
        for (int j = 0; j < n; j++) d[j] = j % 2 == 0 ? nb : -1;
        check(ps, d, nb, 2048);
    }

    @Test
    void lockstepReductionOfSmallBucketCounts() {
        Random rnd = new Random(MsmTest.seed());
        int n = 2000;
        ECPoint[] few = MsmTest.points(rnd, 7, true);
        ECPoint[] ps = new ECPoint[n];
        for (int j = 0; j < n; j++) ps[j] = few[rnd.nextInt(few.length)];
        for (int nb : new int[] {1, 64, 255, 300}) {
            int[] d = new int[n];
            for (int j = 0; j < n; j++) d[j] = (rnd.nextBoolean() ? 1 : -1) * rnd.nextInt(nb + 1);
            for (int segs : new int[] {1, 16, 32, 64, 256}) {
                check(ps, d, nb, 512, true, segs);
                check(ps, d, nb, 512, false, segs);
            }
        }
    }

    @Test
    void batchAddCountsOneInversionPerFlush() {
        Random rnd = new Random(MsmTest.seed());
        ECPoint[] ps = MsmTest.points(rnd, 8, false);
        long[] pts = MsmTest.flat(ps);
        BatchAdd add = new BatchAdd(1);
        add.add(pts, 0, 1);
        add.add(pts, 2, 3);
        add.add(pts, 4, 4 + 1);
        add.flush(pts);
        assertEquals(1, add.inversions);
        long[] e = MsmTest.flat(new ECPoint[] {ps[0].add(ps[1]).normalize(), ps[2].add(ps[3]).normalize(), ps[4].add(ps[5]).normalize()});
        for (int i = 0; i < 3; i++) {
            for (int l = 0; l < 8; l++) assertEquals(e[i * 8 + l], pts[2 * i * 8 + l], "point " + i);
        }
    }

    @Test
    void batchAddOneAndTwoPairBatches() {
        Random rnd = new Random(MsmTest.seed());
        ECPoint[] ps = MsmTest.points(rnd, 4, false);
        for (int pairs = 1; pairs <= 2; pairs++) {
            for (boolean doubling : new boolean[] {false, true}) {
                long[] pts = MsmTest.flat(doubling ? new ECPoint[] {ps[0], ps[0], ps[2], ps[2]} : ps);
                BatchAdd add = new BatchAdd(1);
                for (int k = 0; k < pairs; k++) add.add(pts, 2 * k, 2 * k + 1);
                add.flush(pts);
                assertEquals(1, add.inversions);
                for (int k = 0; k < pairs; k++) {
                    ECPoint want = doubling ? ps[2 * k].twice() : ps[2 * k].add(ps[2 * k + 1]);
                    long[] e = MsmTest.flat(new ECPoint[] {want.normalize()});
                    for (int l = 0; l < 8; l++) assertEquals(e[l], pts[2 * k * 8 + l], "pairs " + pairs + " pair " + k);
                }
            }
        }
    }
}
