package foldproof.folding.msm;

import foldproof.folding.ec.Fq;

/**
 * Bucket accumulation of one Pippenger window with <b>affine buckets and batched inversions</b>.
 *
 * <p>An affine addition {@code (x1,y1) + (x2,y2)}: {@code l = (y2-y1)/(x2-x1)}, {@code x3 = l^2 - x1 - x2},
 * {@code y3 = l (x1 - x3) - y1} costs 2M + 1S plus one inversion; Montgomery's trick shares one inversion
 * among a batch of {@code B} additions for 3M each, so an addition costs about 6 multiplications instead of
 * the 11 of a mixed Jacobian addition ({@code madd-2007-bl}). A bucket may appear only once per batch: a
 * second hit waits in a small queue until the batch is flushed. Rare special cases (empty bucket, equal or
 * opposite points) are handled directly. Worth it when each bucket receives several points
 * ({@code n >> 2^(c-1)}); see {@link Pippenger}.
 */
final class BatchAffine {
    private final int nb, cap;
    private final long[] buckets;      // nb affine points
    private final boolean[] full;      // bucket non-empty
    private final boolean[] busy;      // bucket in the current batch
    private final int[] bIdx, pIdx;    // batch: bucket, point
    private final long[] dx, dy, prefix;
    private int size;
    private final int[] qB, qP;        // conflict queue
    private final boolean[] qNeg;
    private int qSize;
    private final int[] sB, sP;        // snapshot of the queue while draining
    private final boolean[] sNeg;
    private final long[] t = new long[32];
    /**
     * Jacobian overflow buckets (all-zero = identity), allocated on first use. When many points hit the same
     * few buckets (structured scalars such as a cross term of small-integer witnesses), the conflict queue
     * would force a flush, and so a full inversion, for a handful of additions; those points go here by mixed
     * Jacobian addition instead (11 multiplications, no inversion).
     */
    private long[] over;
    private long[] overScratch;

    BatchAffine(int nb, int batch) {
        this.nb = nb;
        this.cap = batch;
        buckets = new long[nb * 8];
        full = new boolean[nb];
        busy = new boolean[nb];
        bIdx = new int[batch];
        pIdx = new int[batch];
        dx = new long[batch * 4];
        dy = new long[batch * 4];
        prefix = new long[batch * 4];
        qB = new int[batch];
        qP = new int[batch];
        qNeg = new boolean[batch];
        sB = new int[batch];
        sP = new int[batch];
        sNeg = new boolean[batch];
    }

    /** Batch size for {@code nb} buckets: large enough to amortise the inversion, small enough to rarely collide. */
    static int batchSize(int nb) {
        return Math.max(64, Math.min(1024, nb / 2));
    }

    /** Adds base {@code p} (affine, at {@code bases[p*8]}), negated if {@code neg}, into bucket {@code b}. */
    void add(int b, long[] bases, int p, boolean neg) {
        if (busy[b]) {
            qB[qSize] = b;
            qP[qSize] = p;
            qNeg[qSize++] = neg;
            if (qSize == cap) {
                flush(bases);
                drainQueue(bases);
            }
            return;
        }
        direct(b, bases, p, neg);
        if (size == cap) {
            flush(bases);
            drainQueue(bases);
        }
    }

    /** Bucket b is not busy: set it, handle a special case, or append to the batch (caller flushes when full). */
    private void direct(int b, long[] bases, int p, boolean neg) {
        int po = p * 8, bo = b * 8;
        if (Jacobian.isAffineIdentity(bases, po)) return;
        if (!full[b]) {
            System.arraycopy(bases, po, buckets, bo, 4);
            if (neg) Fq.neg(bases, po + 4, buckets, bo + 4); else System.arraycopy(bases, po + 4, buckets, bo + 4, 4);
            full[b] = true;
            return;
        }
        int k = size;
        Fq.sub(bases, po, buckets, bo, dx, k * 4);
        if (Fq.isZero(dx, k * 4)) {
            special(b, bases, po, neg);
            return;
        }
        if (neg) {
            Fq.neg(bases, po + 4, t, 0);
            Fq.sub(t, 0, buckets, bo + 4, dy, k * 4);
        } else {
            Fq.sub(bases, po + 4, buckets, bo + 4, dy, k * 4);
        }
        bIdx[k] = b;
        pIdx[k] = p;
        busy[b] = true;
        size++;
    }

    /** Empties the conflict queue; the batch may be left partially filled. */
    private void drainQueue(long[] bases) {
        while (qSize > 0) {
            int m = qSize;
            System.arraycopy(qB, 0, sB, 0, m);
            System.arraycopy(qP, 0, sP, 0, m);
            System.arraycopy(qNeg, 0, sNeg, 0, m);
            qSize = 0;
            for (int k = 0; k < m; k++) {
                if (busy[sB[k]]) {
                    qB[qSize] = sB[k];
                    qP[qSize] = sP[k];
                    qNeg[qSize++] = sNeg[k];
                    continue;
                }
                if (size == cap) flush(bases);
                direct(sB[k], bases, sP[k], sNeg[k]);
            }
            if (qSize > 0 && size < cap / 4) {
                spill(bases);
            } else if (qSize > 0) {
                flush(bases);
            }
        }
    }

    /** Moves the conflict queue into the Jacobian overflow buckets (see {@link #over}). */
    private void spill(long[] bases) {
        if (over == null) {
            over = new long[nb * Jacobian.SIZE];
            overScratch = new long[Jacobian.SCRATCH];
        }
        for (int k = 0; k < qSize; k++) {
            Jacobian.addAffine(over, qB[k] * Jacobian.SIZE, bases, qP[k] * 8, qNeg[k], overScratch);
        }
        qSize = 0;
    }

    /** {@code acc += bucket m} including its overflow part. */
    private void addBucket(long[] acc, int ao, int m, long[] s) {
        if (full[m]) Jacobian.addAffine(acc, ao, buckets, m * 8, false, s);
        if (over != null) Jacobian.add(acc, ao, over, m * Jacobian.SIZE, s);
    }

    /** Same x: doubling (same y) or cancellation (opposite y); one direct inversion, rare. */
    private void special(int b, long[] bases, int po, boolean neg) {
        int bo = b * 8;
        long[] y2 = t;
        if (neg) Fq.neg(bases, po + 4, y2, 0); else System.arraycopy(bases, po + 4, y2, 0, 4);
        if (!Fq.equal(y2, 0, buckets, bo + 4)) {
            full[b] = false;
            java.util.Arrays.fill(buckets, bo, bo + 8, 0L);
            return;
        }
        // l = 3 x^2 / (2 y)
        Fq.add(buckets, bo + 4, buckets, bo + 4, t, 4);
        Fq.inv(t, 4, t, 4);
        Fq.sqr(buckets, bo, t, 8);
        Fq.add(t, 8, t, 8, t, 12);
        Fq.add(t, 12, t, 8, t, 12);
        Fq.mul(t, 12, t, 4, t, 16);           // l
        affineFinish(b, t, 16, buckets, bo);  // second point equals the bucket
    }

    /** Bucket b := bucket + (x2 at q[qo], y from the slope) given slope l at t[lo]. */
    private void affineFinish(int b, long[] l, int lo, long[] x2, int x2o) {
        int bo = b * 8;
        Fq.sqr(l, lo, t, 20);
        Fq.sub(t, 20, buckets, bo, t, 20);
        Fq.sub(t, 20, x2, x2o, t, 20);        // x3 = l^2 - x1 - x2
        Fq.sub(buckets, bo, t, 20, t, 24);
        Fq.mul(l, lo, t, 24, t, 24);
        Fq.sub(t, 24, buckets, bo + 4, buckets, bo + 4);   // y3 = l (x1 - x3) - y1
        System.arraycopy(t, 20, buckets, bo, 4);
    }

    /** Completes all pending additions with one inversion (Montgomery's trick). */
    void flush(long[] bases) {
        int n = size;
        if (n == 0) return;
        System.arraycopy(Fq.ONE, 0, t, 0, 4);
        for (int k = 0; k < n; k++) {
            System.arraycopy(t, 0, prefix, k * 4, 4);
            Fq.mul(t, 0, dx, k * 4, t, 0);
        }
        Fq.inv(t, 0, t, 0);                   // 1 / prod dx
        for (int k = n - 1; k >= 0; k--) {
            Fq.mul(t, 0, prefix, k * 4, t, 4);   // 1 / dx_k
            Fq.mul(t, 0, dx, k * 4, t, 0);       // 1 / prod_{j<k} dx
            Fq.mul(dy, k * 4, t, 4, t, 8);       // l
            affineFinish(bIdx[k], t, 8, bases, pIdx[k] * 8);
            busy[bIdx[k]] = false;
        }
        size = 0;
    }

    /** Flushes everything and reduces: {@code out = sum_m (m+1) bucket[m]} (Jacobian). */
    void finish(long[] bases, long[] out, int oo, long[] s) {
        drainQueue(bases);
        flush(bases);
        long[] run = new long[Jacobian.SIZE];
        Jacobian.setIdentity(out, oo);
        for (int m = nb - 1; m >= 0; m--) {
            addBucket(run, 0, m, s);
            Jacobian.add(out, oo, run, 0, s);
        }
    }

    /** Flushes everything and sums the buckets unweighted: {@code out = sum_m bucket[m]} (Jacobian). */
    void finishPlain(long[] bases, long[] out, int oo, long[] s) {
        drainQueue(bases);
        flush(bases);
        Jacobian.setIdentity(out, oo);
        for (int m = 0; m < nb; m++) addBucket(out, oo, m, s);
    }
}
