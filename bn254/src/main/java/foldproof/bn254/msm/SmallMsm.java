package foldproof.bn254.msm;

import java.util.stream.IntStream;

/**
 * MSM for small signed integer scalars (bits, bytes, small quotients: the bulk of fresh witnesses).
 *
 * <p>Routing by {@code m = max |v_i|}: {@code m <= 1} sums the selected points (about n/2 mixed
 * additions, negated for -1); {@code 2^b <= max(n, 2^8)} with {@code b = bitlen(m)} uses one window
 * of {@code m} unsigned buckets ({@code n + 2m} additions, e.g. uint8 = 255 buckets); larger values
 * go to {@link Pippenger} over {@code b}-bit magnitudes with per-point signs. Negative values add the
 * negated base. Points are split into chunks, one per task, each with its own buckets.
 */
final class SmallMsm {
    /** Below twice this many points, one task (fork-join and per-chunk reduction overheads dominate). */
    static final int MIN_CHUNK = 2048;

    /** Lockstep reduction segments for the small-value buckets (0: Jacobian running sums); see {@link #segments}. */
    static int reductionSegments = Integer.getInteger("foldproof.msm.smallSegments", -1);

    private SmallMsm() {}

    /**
     * Chunks of points, each with its own buckets and reduction: one per core from {@code 2 MIN_CHUNK} points,
     * two per core (load balance on a shared machine) once a chunk has {@link #BALANCE_CHUNK} points, so
     * the per-chunk reduction stays small beside the chunk's additions.
     */
    static int chunks(int n, int cores) {
        if (n < 2 * MIN_CHUNK) return 1;
        return Math.max(1, Math.min(2 * cores, Math.max(Math.min(cores, n / MIN_CHUNK), n / BALANCE_CHUNK)));
    }

    /** Points per chunk from which there are two chunks per core. */
    static final int BALANCE_CHUNK = 16384;

    /**
     * Lockstep reduction segments {@code T} for {@code nb} small-value buckets: 32 from 64 buckets (uint8: 255
     * buckets in 32 segments of 8, 16 batches of 32 affine additions, 16 inversions, then 32 segment totals in
     * Jacobian), 0 below (Jacobian running sums). Measured on 2^11..2^17 uint8 values (CPU per MSM, one JVM,
     * alternated): T = 32 saves 30% at 2^11..2^13, 20% at 2^14, 10% at 2^17 over Jacobian running sums;
     * T = 16 and 64 are in between.
     */
    static int segments(int nb) {
        if (reductionSegments >= 0) return reductionSegments;
        return nb >= 64 ? 32 : 0;
    }

    static void run(long[] bases, int bOff, long[] v, int vOff, int n, long[] out, int oo) {
        long m = 0;
        for (int i = 0; i < n; i++) {
            long x = v[vOff + i];
            if (x == Long.MIN_VALUE) throw new IllegalArgumentException("small scalar out of range: " + x);
            m = Math.max(m, Math.abs(x));
        }
        if (m == 0) {
            Jacobian.setIdentity(out, oo);
            return;
        }
        int b = 64 - Long.numberOfLeadingZeros(m);
        if (m > 1 && (b >= 31 || (1L << b) > Math.max(n, 256))) {
            long[] k = new long[n * 4];
            byte[] neg = new byte[n];
            for (int i = 0; i < n; i++) {
                long x = v[vOff + i];
                k[i * 4] = Math.abs(x);
                neg[i] = (byte) (x < 0 ? 1 : 0);
            }
            Pippenger.run(bases, bOff, k, neg, n, b, Pippenger.chooseWindow(n, b), out, oo);
            return;
        }
        int nb = (int) m;
        int cores = Runtime.getRuntime().availableProcessors();
        int chunks = chunks(n, cores);
        int per = (n + chunks - 1) / chunks;
        long[] partial = new long[chunks * Jacobian.SIZE];
        IntStream.range(0, chunks).parallel().forEach(ch -> {
            int from = ch * per, to = Math.min(n, from + per);
            if (Pippenger.useBatchAffine(to - from, nb)) {
                BucketSums acc = new BucketSums(nb, Math.min(BucketSums.BLOCK, to - from), segments(nb));
                int[] dig = acc.digits;
                for (int b0 = from; b0 < to; b0 += acc.capacity()) {
                    int len = Math.min(acc.capacity(), to - b0);
                    for (int i = 0; i < len; i++) dig[i] = (int) v[vOff + b0 + i];
                    acc.addBlock(bases, bOff + b0, len);
                }
                acc.reduce(partial, ch * Jacobian.SIZE);
                return;
            }
            long[] s = new long[Jacobian.SCRATCH];
            long[] buckets = new long[nb * Jacobian.SIZE];
            for (int i = from; i < to; i++) {
                long x = v[vOff + i];
                if (x == 0) continue;
                int mag = (int) (x < 0 ? -x : x);
                Jacobian.addAffine(buckets, (mag - 1) * Jacobian.SIZE, bases, (bOff + i) * Jacobian.AFFINE, x < 0, s);
            }
            Pippenger.reduceBuckets(buckets, nb, partial, ch * Jacobian.SIZE, s);
        });
        long[] s = new long[Jacobian.SCRATCH];
        Jacobian.setIdentity(out, oo);
        for (int ch = 0; ch < chunks; ch++) Jacobian.add(out, oo, partial, ch * Jacobian.SIZE, s);
    }
}
