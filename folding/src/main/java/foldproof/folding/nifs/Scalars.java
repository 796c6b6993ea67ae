package foldproof.folding.nifs;

import foldproof.bn254.Lanes;
import foldproof.bn254.fr.Fr;
import foldproof.bn254.fr.FrLanes;

import java.util.Random;

/** Small Fr vector kernels the folding steps share (4 limbs per element, Montgomery form). */
public final class Scalars {
    private Scalars() { }

    /** A uniformly random field element: 64 random bytes reduced mod r (bias below 2^-250). */
    public static long[] random(Random rnd) {
        long[] out = new long[4];
        random(rnd, out, 0);
        return out;
    }

    /** Writes a uniformly random field element at {@code out[oo..oo+3]}. */
    public static void random(Random rnd, long[] out, int oo) {
        byte[] b = new byte[64];
        rnd.nextBytes(b);
        Fr.fromUniformBytes(b, 0, out, oo);
    }

    /** {@code y[i] += a * x[i]} for {@code n} elements (products on the {@link foldproof.bn254.fr.FrLanes} once {@link Lanes#frReady()}). */
    public static void axpy(long[] a, long[] x, long[] y, int n) {
        axpy(a, x, y, n, n >= FrLanes.LANES && Lanes.frReady());
    }

    /** {@link #axpy(long[], long[], long[], int)} with the lanes on or off (tests compare both). */
    static void axpy(long[] a, long[] x, long[] y, int n, boolean lanes) {
        Chunks.run(n, (from, to) -> {
            long[] t = new long[4];
            int i = from;
            if (lanes && to - from >= FrLanes.LANES) i = LaneKernels.axpy(a, x, y, from, to);
            for (; i < to; i++) {
                Fr.mul(a, 0, x, 4 * i, t, 0);
                Fr.add(y, 4 * i, t, 0, y, 4 * i);
            }
        });
    }

    /** Small signed integers as field elements, {@code 4 * v.length} longs. */
    public static long[] fromLongs(long[] v) {
        long[] out = new long[4 * v.length];
        MatVec.toFr(v, v.length, out);
        return out;
    }
}
