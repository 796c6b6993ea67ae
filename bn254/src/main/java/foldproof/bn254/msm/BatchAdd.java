package foldproof.bn254.msm;

import foldproof.bn254.Lanes;
import foldproof.bn254.fq.Fq;
import foldproof.bn254.fq.FqLanes;
import foldproof.bn254.internal.LaneLimbs;

/**
 * Batched affine additions {@code P[a] += P[b]} over one flat array of affine points sharing a single
 * Fq inversion (Montgomery's trick).
 *
 * <p>Points are 8 longs ({@code x}, {@code y}; Fq Montgomery; identity = all zeros) at {@code pts[i * 8]}.
 * {@link #add} queues a pair; {@link #flush} completes all queued pairs. Within one batch every
 * destination is distinct and no source is a destination (the caller's schedule guarantees it).
 * Cost per addition: 3 multiplications for the shared inversion (forward prefix product, two in the
 * backward pass), then {@code l = dy/dx} (1M), {@code x3 = l^2 - x1 - x2} (1S), {@code y3 = l(x1 - x3) - y1}
 * (1M): <b>6 multiplications</b> and 6 additions/subtractions, plus one inversion per batch. The forward
 * pass stores the denominators (one sequential 32-byte write each, instead of recomputing them from the
 * points in the backward pass) and forms the prefix products in place ({@code pre[k] = pre[k-1] den[k-1]},
 * no copies). Special cases are decided when a pair is queued: an identity operand is a copy, {@code P + (-P)} the identity, and {@code P + P} a
 * doubling queued in the same batch (slope {@code 3x^2 / 2y}).
 *
 * <p><b>Vector lanes.</b> When {@link Lanes#fqReady()}, {@link #flush} runs the non-doubling pairs sixteen at a
 * time on {@link FqLanes} (same formulas, each lane its own prefix-product chain, one inversion of the sixteen
 * lane totals per sub-batch of {@link #LANE_CHUNK} pairs); doublings, and batches under {@link #LANE_MIN}
 * pairs, take the scalar path. Both paths give identical points.
 */
final class BatchAdd {
    private long[] prefix;     // prefix[k] = prod_{j<k} den_j
    private long[] den;        // den[k]: x2 - x1, or 2 y for a doubling
    private int[] dst, src;    // src < 0: doubling of dst (~src == dst)
    private int size;
    private final long[] t = new long[20];
    /** Inversions performed (tests and tuning). */
    long inversions;
    /** Pairs per lane sub-batch: 64 groups, about 250 KB of staging, so it stays in L2. */
    static final int LANE_CHUNK = 1024;
    /** Smallest batch sent to the lanes. */
    static final int LANE_MIN = 32;
    /** -1: the lanes once {@link Lanes#fqReady()}; 0: never; 1: always (tests compare both paths). */
    int lanes = -1;
    private long[] lx1, ly1, lx2, ly2, lden, lpre, ltmp, ltot, lscr;

    BatchAdd(int capacity) {
        int cap = Math.max(1, capacity);
        prefix = new long[cap * 4];
        den = new long[cap * 4];
        dst = new int[cap];
        src = new int[cap];
    }

    int pending() {
        return size;
    }

    /** Queues {@code pts[a] += pts[b]}; identity, cancellation and copies are done at once. */
    void add(long[] pts, int a, int b) {
        int ao = a * 8, bo = b * 8;
        if (isIdentity(pts, bo)) return;
        if (isIdentity(pts, ao)) {
            System.arraycopy(pts, bo, pts, ao, 8);
            return;
        }
        if (size == dst.length) grow();
        if (pts[ao] == pts[bo] && pts[ao + 1] == pts[bo + 1] && pts[ao + 2] == pts[bo + 2] && pts[ao + 3] == pts[bo + 3]) {
            if (Fq.equal(pts, ao + 4, pts, bo + 4)) {
                dst[size] = a;
                src[size++] = ~a;            // doubling
            } else {
                java.util.Arrays.fill(pts, ao, ao + 8, 0L);   // P + (-P)
            }
            return;
        }
        dst[size] = a;
        src[size++] = b;
    }

    /** Completes every queued addition (one inversion, or one per lane sub-batch). */
    void flush(long[] pts) {
        if (size >= LANE_MIN && (lanes == 1 || (lanes == -1 && Lanes.fqReady()))) {
            // non-doubling pairs go to the lanes; doublings stay queued (compacted) for the scalar pass
            int doublings = 0, n = size;
            for (int k = 0; k < n; k++) {
                if (src[k] < 0) {
                    int d = dst[k];
                    dst[k] = dst[doublings];
                    src[k] = src[doublings];
                    dst[doublings] = d;
                    src[doublings++] = ~d;
                }
            }
            for (int from = doublings; from < n; from += LANE_CHUNK) flushLanes(pts, from, Math.min(n, from + LANE_CHUNK));
            size = doublings;
        }
        flushScalar(pts);
    }

    private void flushScalar(long[] pts) {
        int n = size;
        if (n == 0) return;
        long[] t = this.t, den = this.den, pre = this.prefix;
        int[] dst = this.dst, src = this.src;
        final int acc = 0, inv = 4, l = 8, x3 = 12, u = 16;
        // forward: denominators (kept, not recomputed) and prefix products pre[k] = prod_{j<k} den_j, in place
        for (int k = 0; k < n; k++) {
            denominator(pts, k, den, k * 4);
            if (k > 1) Fq.mul(pre, (k - 1) * 4, den, (k - 1) * 4, pre, k * 4);
            else if (k == 1) System.arraycopy(den, 0, pre, 4, 4);
        }
        if (n > 1) Fq.mul(pre, (n - 1) * 4, den, (n - 1) * 4, t, acc);
        else System.arraycopy(den, 0, t, acc, 4);
        Fq.inv(t, acc, t, acc);                          // 1 / prod den
        inversions++;
        for (int k = n - 1; k >= 0; k--) {
            int ao = dst[k] * 8, li = acc;                   // li: where 1 / den_k is
            if (k > 0) {
                Fq.mul(t, acc, pre, k * 4, t, inv);          // 1 / den_k
                Fq.mul(t, acc, den, k * 4, t, acc);          // 1 / prod_{j<k} den_j
                li = inv;
            }
            int b = src[k];
            int xo;
            if (b >= 0) {
                xo = b * 8;
                Fq.sub(pts, xo + 4, pts, ao + 4, t, u);      // dy
            } else {
                xo = ao;
                Fq.sqr(pts, ao, t, l);
                Fq.add(t, l, t, l, t, u);
                Fq.add(t, u, t, l, t, u);                    // 3 x^2
            }
            Fq.mul(t, u, t, li, t, l);                       // slope
            Fq.sqr(t, l, t, x3);
            Fq.sub(t, x3, pts, ao, t, x3);
            Fq.sub(t, x3, pts, xo, t, x3);                   // x3 = l^2 - x1 - x2
            Fq.sub(pts, ao, t, x3, t, u);
            Fq.mul(t, l, t, u, t, u);
            Fq.sub(t, u, pts, ao + 4, pts, ao + 4);          // y3 = l (x1 - x3) - y1
            pts[ao] = t[x3];
            pts[ao + 1] = t[x3 + 1];
            pts[ao + 2] = t[x3 + 2];
            pts[ao + 3] = t[x3 + 3];
        }
        size = 0;
    }

    /**
     * Pairs {@code [from, to)} (no doublings) on the vector lanes: pair {@code from + 16 g + l} is lane
     * {@code l} of group {@code g}; padding lanes add (0, 0) and (1, 0) and are not written back.
     */
    private void flushLanes(long[] pts, int from, int to) {
        final int G = LaneLimbs.GROUP;
        final int W = LaneLimbs.LANES;
        int groups = (to - from + W - 1) / W;
        if (lx1 == null || lx1.length < groups * G) {
            int len = ((LANE_CHUNK + W - 1) / W) * G;
            lx1 = new long[len]; ly1 = new long[len]; lx2 = new long[len]; ly2 = new long[len];
            lden = new long[len]; lpre = new long[len];
            ltmp = new long[5 * G];
            lscr = new long[LaneLimbs.SCRATCH];
            ltot = new long[8 * W];
        }
        long[] x1 = lx1, y1 = ly1, x2 = lx2, y2 = ly2, den = lden, pre = lpre, tmp = ltmp, s = lscr;
        final int acc = 0, inv = G, lam = 2 * G, x3 = 3 * G, y3 = 4 * G;
        // forward: stage the operands in lane form, denominators x2 - x1, prefix products per lane
        for (int g = 0, go = 0; g < groups; g++, go += G) {
            for (int l = 0; l < LaneLimbs.LANES; l++) {
                int k = from + W * g + l;
                if (k < to) {
                    int ao = dst[k] * 8, bo = src[k] * 8;
                    LaneLimbs.load(pts, ao, x1, go, l);
                    LaneLimbs.load(pts, ao + 4, y1, go, l);
                    LaneLimbs.load(pts, bo, x2, go, l);
                    LaneLimbs.load(pts, bo + 4, y2, go, l);
                } else {
                    LaneLimbs.load(Fq.ZERO, 0, x1, go, l);
                    LaneLimbs.load(Fq.ZERO, 0, y1, go, l);
                    LaneLimbs.load(Fq.ONE, 0, x2, go, l);
                    LaneLimbs.load(Fq.ZERO, 0, y2, go, l);
                }
            }
            FqLanes.sub(x2, go, x1, go, den, go);
            if (g > 1) FqLanes.mul(pre, go - G, den, go - G, pre, go, s);
            else if (g == 1) System.arraycopy(den, 0, pre, G, G);
        }
        int last = (groups - 1) * G;
        if (groups > 1) FqLanes.mul(pre, last, den, last, tmp, acc, s);
        else System.arraycopy(den, 0, tmp, acc, G);
        // one inversion for the sixteen lane totals (none is zero: x1 != x2 in every pair, padding adds 1)
        long[] tot = ltot, t = this.t;
        for (int l = 0; l < W; l++) LaneLimbs.store(tmp, acc, l, tot, 4 * l);
        System.arraycopy(tot, 0, tot, 4 * W, 4);                  // tot[W + l] = prod_{j<=l} tot_j
        for (int l = 1; l < W; l++) Fq.mul(tot, 4 * (W + l - 1), tot, 4 * l, tot, 4 * (W + l));
        Fq.inv(tot, 4 * (2 * W - 1), t, 0);
        inversions++;
        for (int l = W - 1; l > 0; l--) {
            Fq.mul(t, 0, tot, 4 * (W + l - 1), t, 4);             // 1 / tot_l
            Fq.mul(t, 0, tot, 4 * l, t, 0);                       // 1 / prod_{j<l} tot_j
            LaneLimbs.load(t, 4, tmp, acc, l);
        }
        LaneLimbs.load(t, 0, tmp, acc, 0);
        // backward: 1/den per lane, slope, x3 = l^2 - x1 - x2, y3 = l (x1 - x3) - y1
        for (int g = groups - 1, go = last; g >= 0; g--, go -= G) {
            int li = acc;
            if (g > 0) {
                FqLanes.mul(tmp, acc, pre, go, tmp, inv, s);      // 1 / den_g
                FqLanes.mul(tmp, acc, den, go, tmp, acc, s);      // 1 / prod_{j<g} den_j
                li = inv;
            }
            FqLanes.sub(y2, go, y1, go, y2, go);                    // dy
            FqLanes.mul(y2, go, tmp, li, tmp, lam, s);            // slope
            FqLanes.mul(tmp, lam, tmp, lam, tmp, x3, s);
            FqLanes.sub(tmp, x3, x1, go, tmp, x3);
            FqLanes.sub(tmp, x3, x2, go, tmp, x3);
            FqLanes.sub(x1, go, tmp, x3, tmp, y3);
            FqLanes.mul(tmp, lam, tmp, y3, tmp, y3, s);
            FqLanes.sub(tmp, y3, y1, go, tmp, y3);
            for (int l = 0; l < LaneLimbs.LANES; l++) {
                int k = from + W * g + l;
                if (k >= to) break;
                int ao = dst[k] * 8;
                LaneLimbs.store(tmp, x3, l, pts, ao);
                LaneLimbs.store(tmp, y3, l, pts, ao + 4);
            }
        }
    }

    /** The slope denominator of queued pair {@code k}: {@code x2 - x1}, or {@code 2 y} for a doubling. */
    private void denominator(long[] pts, int k, long[] out, int oo) {
        int ao = dst[k] * 8, b = src[k];
        if (b >= 0) Fq.sub(pts, b * 8, pts, ao, out, oo);
        else Fq.add(pts, ao + 4, pts, ao + 4, out, oo);
    }

    private void grow() {
        int cap = dst.length * 2;
        prefix = java.util.Arrays.copyOf(prefix, cap * 4);
        den = java.util.Arrays.copyOf(den, cap * 4);
        dst = java.util.Arrays.copyOf(dst, cap);
        src = java.util.Arrays.copyOf(src, cap);
    }

    static boolean isIdentity(long[] p, int o) {
        return (p[o] | p[o + 1] | p[o + 2] | p[o + 3] | p[o + 4] | p[o + 5] | p[o + 6] | p[o + 7]) == 0;
    }
}
