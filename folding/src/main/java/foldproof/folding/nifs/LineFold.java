package foldproof.folding.nifs;

import foldproof.bn254.fr.Fr;

import java.util.stream.IntStream;

/**
 * Field kernels of the coefficient fold (docs/protocol.md, section 2): the restriction of an eq-weighted sum
 * to a line, and the error vector of a relaxed pair. Vectors are Fr (4 limbs per element, Montgomery form);
 * points use the big-endian variable order of {@link foldproof.folding.spartan.polys.EqPoly} (coordinate 0 is
 * the most significant index bit).
 */
public final class LineFold {
    private LineFold() { }

    /** Below this many entries per block the line restriction runs on one thread. */
    private static final int BLOCK_LOG = 10;

    /**
     * The coefficients {@code c_0 .. c_s} of {@code P(Y) = sum_i eq(t1 + Y (t2 - t1), i) v_i} over
     * {@code i < 2^s} ({@code v} holds {@code 2^s} elements), written to {@code out[0 .. 4(s+1))}. About
     * {@code 4 * 2^s} multiplications: the vector is folded pairwise from the last variable up, level {@code l}
     * holding {@code 2^(s-l)} polynomials of degree {@code l}, each step
     * {@code parent = lo + (a + Y d)(hi - lo)} with {@code a = t1_k}, {@code d = t2_k - t1_k}.
     */
    public static void linePoly(long[] v, int s, long[] t1, long[] t2, long[] out) {
        long[] d = new long[4 * s];
        for (int k = 0; k < s; k++) {
            Fr.sub(t2, 4 * k, t1, 4 * k, d, 4 * k);
        }
        int blockLog = Math.min(s, BLOCK_LOG);
        int blocks = 1 << (s - blockLog);
        long[] partial = new long[4 * blocks * (blockLog + 1)];
        IntStream.range(0, blocks).parallel().forEach(b -> {
            int len = 1 << blockLog;
            long[] cur = new long[4 * len];
            long[] nxt = new long[4 * len];
            System.arraycopy(v, 4 * b * len, cur, 0, 4 * len);
            long[] res = reduce(cur, nxt, len, 0, s - 1, blockLog, t1, d);
            System.arraycopy(res, 0, partial, 4 * b * (blockLog + 1), 4 * (blockLog + 1));
        });
        long[] other = new long[partial.length];
        long[] res = reduce(partial, other, blocks, blockLog, s - blockLog - 1, s - blockLog, t1, d);
        System.arraycopy(res, 0, out, 0, 4 * (s + 1));
    }

    /**
     * {@code levels} pairwise steps over {@code cnt} polynomials of degree {@code deg} stored contiguously in
     * {@code cur}, binding variables {@code k0, k0 - 1, ..}; returns the buffer holding the result.
     */
    private static long[] reduce(long[] cur, long[] nxt, int cnt, int deg, int k0, int levels, long[] a, long[] d) {
        long[] diff = new long[4 * (deg + levels + 1)];
        long[] t = new long[4];
        for (int l = 0; l < levels; l++) {
            int k = 4 * (k0 - l);
            int pc = cnt >>> 1;
            int w = deg + 1;          // coefficients per child
            int nw = deg + 2;         // per parent
            for (int p = 0; p < pc; p++) {
                int lo = 4 * (2 * p) * w;
                int hi = lo + 4 * w;
                int po = 4 * p * nw;
                for (int j = 0; j < w; j++) {
                    Fr.sub(cur, hi + 4 * j, cur, lo + 4 * j, diff, 4 * j);
                }
                // parent_j = lo_j + a D_j + d D_{j-1}
                for (int j = 0; j < nw; j++) {
                    if (j < w) {
                        Fr.mul(a, k, diff, 4 * j, t, 0);
                        Fr.add(cur, lo + 4 * j, t, 0, nxt, po + 4 * j);
                    } else {
                        Fr.copy(Fr.ZERO, 0, nxt, po + 4 * j);
                    }
                    if (j >= 1) {
                        Fr.mul(d, k, diff, 4 * (j - 1), t, 0);
                        Fr.add(nxt, po + 4 * j, t, 0, nxt, po + 4 * j);
                    }
                }
            }
            long[] sw = cur;
            cur = nxt;
            nxt = sw;
            cnt = pc;
            deg++;
        }
        return cur;
    }

    /** {@code f_i = Az_i Bz_i - u Cz_i} for {@code i < n} into {@code out} (the error vector of a relaxed pair). */
    public static void errors(int n, long[] az, long[] bz, long[] cz, long[] u, long[] out) {
        Chunks.run(n, (from, to) -> {
            long[] t = new long[4];
            for (int i = from; i < to; i++) {
                int o = 4 * i;
                Fr.mul(az, o, bz, o, out, o);
                Fr.mul(u, 0, cz, o, t, 0);
                Fr.sub(out, o, t, 0, out, o);
            }
        });
    }
}
