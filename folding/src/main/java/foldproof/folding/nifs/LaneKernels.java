package foldproof.folding.nifs;

import foldproof.bn254.fr.Fr;
import foldproof.bn254.fr.FrLanes;

/**
 * The folding's element-wise kernels on {@link FrLanes}, sixteen elements at a time: each processes
 * whole groups of a range {@code [from, to)} and returns where it stopped (the caller finishes the
 * remainder, fewer than 16 elements, with the scalar {@link Fr} code). Called once
 * {@link foldproof.bn254.Lanes#frReady()} (or by tests that force the lanes). Results are identical to
 * the scalar kernels'.
 */
final class LaneKernels {
    private static final int W = FrLanes.LANES, G = FrLanes.GROUP;

    private LaneKernels() { }

    /** All lanes of a group set to the element {@code v[vo..vo+4)}. */
    private static long[] broadcast(long[] v, int vo) {
        long[] g = new long[G];
        for (int l = 0; l < W; l++) FrLanes.load(v, vo, g, 0, l);
        return g;
    }

    /** {@code y[i] += a x[i]} over whole groups of {@code [from, to)}; returns the first index not done. */
    static int axpy(long[] a, long[] x, long[] y, int from, int to) {
        long[] ga = broadcast(a, 0), gx = new long[G], t = new long[FrLanes.SCRATCH], p = new long[4];
        int i = from;
        for (; i + W <= to; i += W) {
            for (int l = 0; l < W; l++) FrLanes.load(x, 4 * (i + l), gx, 0, l);
            FrLanes.mul(ga, 0, gx, 0, gx, 0, t);
            for (int l = 0; l < W; l++) {
                FrLanes.store(gx, 0, l, p, 0);
                Fr.add(y, 4 * (i + l), p, 0, y, 4 * (i + l));
            }
        }
        return i;
    }

    /**
     * {@code T_i = Az1_i Bz2_i + Az2_i Bz1_i - u1 Cz2_i - u2 Cz1_i} over whole groups of {@code [from, to)}
     * (see {@link Nifs#crossTerm}); returns the first index not done.
     */
    static int crossTerm(long[] az1, long[] bz1, long[] cz1, long[] u1, long[] az2, long[] bz2, long[] cz2,
                         long[] u2, long[] outT, int from, int to) {
        long[] gu1 = broadcast(u1, 0), gu2 = broadcast(u2, 0), t = new long[FrLanes.SCRATCH];
        long[] p1 = new long[G], p2 = new long[G], p3 = new long[G], p4 = new long[G], q = new long[G];
        int i = from;
        for (; i + W <= to; i += W) {
            for (int l = 0; l < W; l++) {
                int o = 4 * (i + l);
                FrLanes.load(az1, o, p1, 0, l);
                FrLanes.load(bz2, o, q, 0, l);
                FrLanes.load(az2, o, p2, 0, l);
                FrLanes.load(bz1, o, p4, 0, l);
                FrLanes.load(cz2, o, p3, 0, l);
            }
            FrLanes.mul(p1, 0, q, 0, p1, 0, t);          // Az1 Bz2
            FrLanes.mul(p2, 0, p4, 0, p2, 0, t);         // Az2 Bz1
            FrLanes.mul(gu1, 0, p3, 0, p3, 0, t);        // u1 Cz2
            for (int l = 0; l < W; l++) FrLanes.load(cz1, 4 * (i + l), p4, 0, l);
            FrLanes.mul(gu2, 0, p4, 0, p4, 0, t);        // u2 Cz1
            FrLanes.sub(p1, 0, p3, 0, p1, 0);            // Az1 Bz2 - u1 Cz2
            FrLanes.sub(p4, 0, p2, 0, p4, 0);            // u2 Cz1 - Az2 Bz1
            FrLanes.sub(p1, 0, p4, 0, p1, 0);
            for (int l = 0; l < W; l++) FrLanes.store(p1, 0, l, outT, 4 * (i + l));
        }
        return i;
    }
}
