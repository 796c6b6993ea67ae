package foldproof.bn254.msm;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.IntStream;

/**
 * Bucket (Pippenger) multi-scalar multiplication over canonical scalars with signed window digits.
 *
 * <p><b>Cost model.</b> A scalar of {@code b} bits is cut into {@code w = ceil((b+1)/c)} windows of
 * {@code c} bits. Each window costs {@code n} mixed additions (every point into one bucket) plus
 * about {@code 2^c} full additions (running-sum reduction of its {@code 2^(c-1)} buckets), so the total
 * is {@code ~ b/c * (n + 2^c)} additions; {@link #chooseWindow} minimises it (full additions weighted
 * 1.5x a mixed addition, or 4x when the reduction is Jacobian running sums). <b>Signed digits</b> halve
 * the buckets: digit {@code d_j = raw_j + bit(jc-1) - 2^c bit(jc+c-1)} lies in {@code [-2^(c-1), 2^(c-1)]}, is computed locally per window (no digit
 * array), and a negative digit adds the negated base ({@code y -> -y}, free). The extra window needed by
 * the final carry is why {@code w} counts {@code b+1} bits.
 *
 * <p><b>Parallelism.</b> Windows are independent tasks (each with its own buckets while it runs; a finished task
 * hands its cleared {@link BucketSums} to the next, so an MSM makes one per task running at a time) run on the common
 * fork-join pool plus the caller; when there are fewer windows than cores the points are also split
 * into chunks. Results are combined by Horner's rule ({@code c} doublings per window).
 */
final class Pippenger {
    /** Largest window: 2^15 Jacobian buckets = 3 MiB per task, still within a core's L2 on the target box. */
    static final int MAX_WINDOW = 16;

    private Pippenger() {}

    /**
     * Weight per 2^c of the reduction when it is Jacobian running sums (under
     * {@link BucketSums#BATCHED_REDUCTION_MIN} buckets), in batched affine additions: two Jacobian additions
     * per bucket against vector-lane affine additions that cost about a quarter as much. 4 instead of
     * 1.5 picks smaller windows for small MSMs: 2^14 full scalars 106 -> 62-80 ms, 2^12 37 -> 31 ms,
     * 2^10 within noise (bench msm, 31 runs; -Dfoldproof.msm.jacobianWeight to measure).
     */
    static final double JACOBIAN_REDUCTION_WEIGHT = Double.parseDouble(System.getProperty("foldproof.msm.jacobianWeight", "4"));

    /**
     * Window size minimising {@code ceil((bits+1)/c) * (n + weight * 2^c)}, weight 1.5 for the batched
     * reduction and {@link #JACOBIAN_REDUCTION_WEIGHT} below it.
     */
    static int chooseWindow(int n, int bits) {
        int best = 1;
        double bestCost = Double.MAX_VALUE;
        for (int c = 1; c <= MAX_WINDOW; c++) {
            int w = (bits + 1 + c - 1) / c;
            double weight = (1 << (c - 1)) < BucketSums.BATCHED_REDUCTION_MIN ? JACOBIAN_REDUCTION_WEIGHT : 1.5;
            double cost = (double) w * (n + weight * (1L << c));
            if (cost < bestCost) {
                bestCost = cost;
                best = c;
            }
        }
        return best;
    }

    /**
     * {@code out (Jacobian, 12 longs) = sum_i (neg_i ? -1 : 1) * k_i * B_i}.
     *
     * @param bases affine bases, 8 longs each; base {@code i} at {@code (bOff + i) * 8}
     * @param k canonical scalars, 4 little-endian limbs each, at {@code i * 4}; every scalar {@code < 2^bits}
     * @param neg optional per-point sign flags (null: all positive)
     * @param c window size (see {@link #chooseWindow})
     */
    static void run(long[] bases, int bOff, long[] k, byte[] neg, int n, int bits, int c, long[] out, int oo) {
        int w = (bits + 1 + c - 1) / c;
        int cores = Runtime.getRuntime().availableProcessors();
        int chunks = Math.max(1, Math.min((2 * cores + w - 1) / w, n / 4096 + 1));
        long[] partial = new long[w * chunks * Jacobian.SIZE];
        int per = (n + chunks - 1) / chunks;
        // the tasks share their bucket scratch: one set per task running at a time, not one per window
        // (a window's buckets and block scratch are megabytes; new ones per window were most of an MSM's garbage)
        Queue<BucketSums> spare = new ConcurrentLinkedQueue<>();
        int blockCap = Math.min(BucketSums.BLOCK, per);
        IntStream.range(0, w * chunks).parallel().forEach(t -> {
            int j = t / chunks, ch = t % chunks;
            int from = ch * per, to = Math.min(n, from + per);
            window(bases, bOff, k, neg, from, to, j, c, partial, t * Jacobian.SIZE, spare, blockCap);
        });
        long[] s = new long[Jacobian.SCRATCH];
        Jacobian.setIdentity(out, oo);
        for (int j = w - 1; j >= 0; j--) {
            if (j != w - 1) {
                for (int d = 0; d < c; d++) Jacobian.double_(out, oo, out, oo, s);
            }
            for (int ch = 0; ch < chunks; ch++) Jacobian.add(out, oo, partial, (j * chunks + ch) * Jacobian.SIZE, s);
        }
    }

    /** Below this many points {@link Msm} runs {@link #runAllWindows}. */
    static final int ALL_WINDOWS_MAX = Integer.getInteger("foldproof.msm.allWindowsMax", 768);

    /** An inversion in additions, for {@link #chooseWindowAll}'s cost model. */
    private static final int INVERSION_COST = 25;

    /**
     * Window size for {@link #runAllWindows}: minimises {@code w (n + 2 nb) + 2 nb * INVERSION_COST} (the
     * accumulation's additions, the lockstep reduction's additions and its {@code 2 nb} batches).
     */
    static int chooseWindowAll(int n, int bits) {
        int best = 1;
        double bestCost = Double.MAX_VALUE;
        for (int c = 2; c <= 10; c++) {
            int w = (bits + 1 + c - 1) / c;
            int nb = 1 << (c - 1);
            double cost = (double) w * (n + 2.0 * nb) + 2.0 * nb * INVERSION_COST;
            if (cost < bestCost) {
                bestCost = cost;
                best = c;
            }
        }
        return best;
    }

    /**
     * A small MSM with every window's buckets in one {@link BucketSums}: window {@code j}'s buckets are segment
     * {@code j}, so the accumulation of all {@code w n} (point, digit) pairs is one block (a few batches in all,
     * each sharing one inversion, instead of a few per window) and the reduction runs the {@code w} windows'
     * running sums in lockstep ({@link BucketSums#segmentSums}); Horner's rule combines the window sums. One
     * thread: for the few-hundred-point MSMs a tile's commitments make, which cost several times more as one
     * task per window (each with its own inversions).
     */
    static void runAllWindows(long[] bases, int bOff, long[] k, int n, int bits, int c, long[] out, int oo) {
        int w = (bits + 1 + c - 1) / c;
        // two halves of the windows on two cores once there is enough work for both (a fork-join task each)
        int parts = w * n >= ALL_WINDOWS_SPLIT && Runtime.getRuntime().availableProcessors() > 1 ? 2 : 1;
        int per = (w + parts - 1) / parts;
        long[][] sums = new long[parts][];
        IntStream.range(0, parts).parallel().forEach(p -> {
            int from = p * per, to = Math.min(w, from + per);
            sums[p] = windowSums(bases, bOff, k, n, c, from, to);
        });
        long[] s = new long[Jacobian.SCRATCH];
        Jacobian.setIdentity(out, oo);
        for (int j = w - 1; j >= 0; j--) {
            if (j != w - 1) {
                for (int d = 0; d < c; d++) Jacobian.double_(out, oo, out, oo, s);
            }
            Jacobian.addAffine(out, oo, sums[j / per], (j % per) * Jacobian.AFFINE, false, s);
        }
    }

    /** Below this many (point, window) pairs {@link #runAllWindows} runs on one thread. */
    static final int ALL_WINDOWS_SPLIT = 4096;

    /** The weighted bucket sums of windows {@code [from, to)} (affine, one per window), every window one segment. */
    private static long[] windowSums(long[] bases, int bOff, long[] k, int n, int c, int from, int to) {
        int w = to - from;
        int nb = 1 << (c - 1);
        long mask = (1L << c) - 1;
        int total = w * n;
        BucketSums acc = new BucketSums(w * nb, total, w);
        long[] gathered = new long[total * Jacobian.AFFINE];
        int[] dig = acc.digits;
        for (int j = 0; j < w; j++) {
            System.arraycopy(bases, bOff * Jacobian.AFFINE, gathered, j * n * Jacobian.AFFINE, n * Jacobian.AFFINE);
            int lo = (from + j) * c;
            for (int i = 0; i < n; i++) {
                int d = digit(k, i * 4, lo, c, mask);
                dig[j * n + i] = d == 0 ? 0 : d > 0 ? j * nb + d : -(j * nb - d);
            }
        }
        acc.addBlock(gathered, 0, total);
        return acc.segmentSums();
    }

    /**
     * One window over points {@code [from, to)}: bucket accumulation, then running-sum reduction. Batched
     * windows take their {@link BucketSums} (for {@code 2^(c-1)} buckets and blocks of {@code blockCap}
     * points) from {@code spare}, or make one, and return it cleared.
     */
    private static void window(long[] bases, int bOff, long[] k, byte[] neg, int from, int to, int j, int c,
                               long[] out, int oo, Queue<BucketSums> spare, int blockCap) {
        int nb = 1 << (c - 1);
        int lo = j * c;
        long mask = (1L << c) - 1;
        if (useBatchAffine(to - from, nb)) {
            BucketSums acc = spare.poll();
            if (acc == null) {
                acc = new BucketSums(nb, blockCap);
            }
            int[] dig = acc.digits;
            for (int b0 = from; b0 < to; b0 += acc.capacity()) {
                int len = Math.min(acc.capacity(), to - b0);
                for (int i = 0; i < len; i++) {
                    int d = digit(k, (b0 + i) * 4, lo, c, mask);
                    dig[i] = neg != null && neg[b0 + i] != 0 ? -d : d;
                }
                acc.addBlock(bases, bOff + b0, len);
            }
            acc.reduce(out, oo);
            acc.clear();
            spare.add(acc);
            return;
        }
        long[] s = new long[Jacobian.SCRATCH];
        long[] buckets = new long[nb * Jacobian.SIZE];
        for (int i = from; i < to; i++) {
            int d = digit(k, i * 4, lo, c, mask);
            if (d == 0) continue;
            boolean negate = d < 0;
            if (neg != null && neg[i] != 0) negate = !negate;
            int mag = d < 0 ? -d : d;
            Jacobian.addAffine(buckets, (mag - 1) * Jacobian.SIZE, bases, (bOff + i) * Jacobian.AFFINE, negate, s);
        }
        reduceBuckets(buckets, nb, out, oo, s);
    }

    /** -1: cost model decides; 0: never; 1: always (tests, or -Dfoldproof.msm.batchAffine=0/1 to measure). */
    static int forceBatchAffine = Integer.getInteger("foldproof.msm.batchAffine", -1);

    /**
     * Batched affine buckets ({@link BucketSums}, ~6 multiplications per addition instead of 11) pay off once the
     * per-round inversions are amortised over enough points.
     */
    static boolean useBatchAffine(int points, int nb) {
        if (forceBatchAffine >= 0) return forceBatchAffine == 1;
        return points >= 256;
    }

    /** {@code out = sum_{m=1..nb} m * bucket[m-1]} by running sums (2 nb full additions). */
    static void reduceBuckets(long[] buckets, int nb, long[] out, int oo, long[] s) {
        long[] run = new long[Jacobian.SIZE];
        Jacobian.setIdentity(out, oo);
        for (int m = nb - 1; m >= 0; m--) {
            Jacobian.add(run, 0, buckets, m * Jacobian.SIZE, s);
            Jacobian.add(out, oo, run, 0, s);
        }
    }

    /** Signed digit of window starting at bit {@code lo}: raw bits + carry-in bit(lo-1) - 2^c bit(lo+c-1). */
    static int digit(long[] k, int ko, int lo, int c, long mask) {
        long raw = bits(k, ko, lo, c, mask);
        long carry = lo == 0 ? 0 : bit(k, ko, lo - 1);
        long top = (raw >>> (c - 1)) & 1;
        return (int) (raw + carry - (top << c));
    }

    private static long bit(long[] k, int ko, int pos) {
        if (pos >= 256) return 0;
        return (k[ko + (pos >>> 6)] >>> (pos & 63)) & 1;
    }

    private static long bits(long[] k, int ko, int lo, int c, long mask) {
        if (lo >= 256) return 0;
        int limb = lo >>> 6, sh = lo & 63;
        long v = k[ko + limb] >>> sh;
        if (sh + c > 64 && limb < 3) v |= k[ko + limb + 1] << (64 - sh);
        return v & mask;
    }
}
