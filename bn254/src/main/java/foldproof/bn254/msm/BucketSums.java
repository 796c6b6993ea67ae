package foldproof.bn254.msm;

import java.util.Arrays;

/**
 * Bucket accumulation of one MSM window (or of one chunk of it) with affine buckets and <b>conflict-free
 * batched additions</b>, then the weighted bucket reduction.
 *
 * <p><b>Accumulation.</b> Points arrive in blocks of up to {@link #capacity()} (the caller fills
 * {@link #digits}: {@code d > 0} adds base {@code from+j} to bucket {@code d-1}, {@code d < 0} adds its
 * negation to bucket {@code -d-1}, 0 skips). A block is counting-sorted by bucket and copied (signs
 * applied) into a scratch area; each bucket's points are then summed as a binary tree: round {@code s}
 * adds slot {@code j+s} into slot {@code j} for every bucket at once, so a round is one batch of
 * independent additions sharing one inversion ({@link BatchAdd}); a last batch adds each block sum into its
 * bucket. Every point costs exactly one affine addition (about 6 multiplications) whatever the digit
 * distribution: no conflicts, no queue, no partial batches, no Jacobian fallback; a block costs
 * {@code ceil(log2(max bucket count)) + 1} inversions.
 *
 * <p><b>Reduction</b> {@code sum_m (m+1) B_m}: the {@code nb} buckets are cut into {@code T} segments of
 * {@code L} buckets; the running sums of all segments advance in lockstep, so each step is two batches of
 * {@code T} affine additions ({@code run_t += B}, {@code sum_t += run_t}): about 12 multiplications per bucket
 * instead of 27 for Jacobian running sums. Then {@code total = sum_t sum_t + L * sum_t t run_t}, the last
 * sum by Jacobian running sums over the {@code T} segment totals. Small {@code nb}: Jacobian running sums.
 */
final class BucketSums {
    /** Default block size (points per counting sort). */
    static final int BLOCK = Integer.getInteger("foldproof.msm.block", 1 << 14);
    /** Buckets from which the batched (lockstep) reduction is used. */
    static final int BATCHED_REDUCTION_MIN = 2048;

    /** {@code T ~ sqrt(f nb)} balances the {@code 2 nb / T} inversions against the {@code ~27 T} Jacobian combine. */
    static final double SEGMENT_FACTOR = Double.parseDouble(System.getProperty("foldproof.msm.segments", "24"));

    private final int nb, cap, segs;
    /** Block digits, filled by the caller before {@link #addBlock}. */
    final int[] digits;
    private final long[] pts;          // [0, nb): buckets; [nb, nb + cap): block scratch
    private final int[] count, end, all, act;
    private final BatchAdd adder;

    BucketSums(int nb, int blockCap) {
        this(nb, blockCap, segments(nb));
    }

    /** {@code segs}: reduction segments {@code T} (0: Jacobian running sums), instead of {@link #segments}. */
    BucketSums(int nb, int blockCap, int segs) {
        this.nb = nb;
        this.segs = segs;
        this.cap = Math.max(blockCap, 2 * segs);
        digits = new int[cap];
        pts = new long[(nb + cap) * 8];
        count = new int[nb];
        end = new int[nb];
        all = new int[nb];
        act = new int[nb];
        // most pairs queued before a flush: a tree round half a block, the last batch one per used bucket,
        // a reduction step one per segment (cap >= 2 segs); BatchAdd grows past it if ever needed
        adder = new BatchAdd(Math.max(cap / 2, Math.min(nb, cap)));
    }

    int capacity() {
        return cap;
    }

    /** Forces the batched additions onto the vector lanes or off them (tests run both ways). */
    void lanes(boolean on) {
        adder.lanes = on && foldproof.bn254.Lanes.ENABLED ? 1 : 0;
    }

    long inversions() {
        return adder.inversions;
    }

    /** The buckets as affine points (8 longs each, identity = zeros): entries {@code [0, 8 nb)} (shared). */
    long[] buckets() {
        return pts;
    }

    /** Adds the {@code len} points {@code bases[(from + j) * 8]} per {@code digits[j]}. */
    void addBlock(long[] bases, int from, int len) {
        int[] count = this.count, end = this.end, digits = this.digits;
        Arrays.fill(count, 0);
        for (int j = 0; j < len; j++) {
            int d = digits[j];
            if (d != 0) count[(d < 0 ? -d : d) - 1]++;
        }
        int total = 0, nAll = 0, maxCount = 0;
        for (int b = 0; b < nb; b++) {
            int c = count[b];
            if (c == 0) continue;
            total += c;
            end[b] = total;
            all[nAll++] = b;
            if (c > maxCount) maxCount = c;
        }
        if (total == 0) return;
        long[] pts = this.pts;
        int scratch = nb * 8;
        for (int j = 0; j < len; j++) {
            int d = digits[j];
            if (d == 0) continue;
            int b = (d < 0 ? -d : d) - 1;
            int so = scratch + (--end[b]) * 8, po = (from + j) * 8;
            System.arraycopy(bases, po, pts, so, 4);
            if (d < 0) {
                if ((bases[po + 4] | bases[po + 5] | bases[po + 6] | bases[po + 7]) == 0) {
                    System.arraycopy(bases, po + 4, pts, so + 4, 4);
                } else {
                    foldproof.bn254.fq.Fq.neg(bases, po + 4, pts, so + 4);
                }
            } else {
                System.arraycopy(bases, po + 4, pts, so + 4, 4);
            }
        }
        // end[b] is now the first slot of bucket b; tree rounds within each bucket's slots
        int nAct = 0;
        for (int i = 0; i < nAll; i++) if (count[all[i]] > 1) act[nAct++] = all[i];
        for (int s = 1; s < maxCount; s <<= 1) {
            int keep = 0;
            for (int i = 0; i < nAct; i++) {
                int b = act[i], c = count[b], first = nb + end[b];
                for (int j = 0; j + s < c; j += 2 * s) adder.add(pts, first + j, first + j + s);
                if (c > 2 * s) act[keep++] = b;
            }
            nAct = keep;
            adder.flush(pts);
        }
        for (int i = 0; i < nAll; i++) {
            int b = all[i];
            adder.add(pts, b, nb + end[b]);
        }
        adder.flush(pts);
    }

    /** Empties the buckets (the rest is scratch, rewritten by every block and reduction) for reuse on another window. */
    void clear() {
        Arrays.fill(pts, 0, nb * 8, 0L);
    }

    /** Number of reduction segments {@code T} (a power of two, about {@code sqrt(8 nb)}); 0 below the batched threshold. */
    static int segments(int nb) {
        if (nb < BATCHED_REDUCTION_MIN) return 0;
        return Integer.highestOneBit((int) Math.sqrt(SEGMENT_FACTOR * nb));
    }

    /**
     * Each segment's weighted sum {@code sum_{i < L} (i+1) B_{tL+i}} ({@code T = segs} segments of {@code L}
     * buckets, {@code T L = nb}), affine, 8 longs each: the lockstep running sums of {@link #reduce} without the
     * final combination. {@link Pippenger#runAllWindows} makes each window a segment.
     */
    long[] segmentSums() {
        int len = nb / segs;
        if (segs == 0 || len * segs != nb) {
            throw new IllegalStateException(nb + " buckets are not " + segs + " equal segments");
        }
        long[] pts = this.pts;
        int runAt = nb, sumAt = nb + segs;
        Arrays.fill(pts, runAt * 8, (sumAt + segs) * 8, 0L);
        for (int i = len - 1; i >= 0; i--) {
            for (int t = 0; t < segs; t++) adder.add(pts, runAt + t, t * len + i);
            adder.flush(pts);
            for (int t = 0; t < segs; t++) adder.add(pts, sumAt + t, runAt + t);
            adder.flush(pts);
        }
        return Arrays.copyOfRange(pts, sumAt * 8, (sumAt + segs) * 8);
    }

    /** {@code out} (Jacobian) {@code = sum_{m < nb} (m+1) B_m}. */
    void reduce(long[] out, int oo) {
        long[] s = new long[Jacobian.SCRATCH];
        long[] run = new long[Jacobian.SIZE];
        int segs = this.segs;
        Jacobian.setIdentity(out, oo);
        if (segs == 0) {
            for (int m = nb - 1; m >= 0; m--) {
                Jacobian.addAffine(run, 0, pts, m * 8, false, s);
                Jacobian.add(out, oo, run, 0, s);
            }
            return;
        }
        int len = 1;
        while ((long) len * segs < nb) len <<= 1;
        long[] pts = this.pts;
        int runAt = nb, sumAt = nb + segs;
        Arrays.fill(pts, runAt * 8, (sumAt + segs) * 8, 0L);
        for (int i = len - 1; i >= 0; i--) {
            for (int t = 0; t < segs; t++) {
                int m = t * len + i;
                if (m < nb) adder.add(pts, runAt + t, m);
            }
            adder.flush(pts);
            for (int t = 0; t < segs; t++) adder.add(pts, sumAt + t, runAt + t);
            adder.flush(pts);
        }
        // total = sum_t sum_t + len * sum_t t run_t
        long[] weighted = new long[Jacobian.SIZE];
        for (int t = segs - 1; t >= 1; t--) {
            Jacobian.addAffine(run, 0, pts, (runAt + t) * 8, false, s);
            Jacobian.add(weighted, 0, run, 0, s);
        }
        for (int l = len; l > 1; l >>= 1) Jacobian.double_(weighted, 0, weighted, 0, s);
        Jacobian.copy(weighted, 0, out, oo);
        for (int t = 0; t < segs; t++) Jacobian.addAffine(out, oo, pts, (sumAt + t) * 8, false, s);
    }
}
