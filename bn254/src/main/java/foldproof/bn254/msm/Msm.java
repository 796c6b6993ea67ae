package foldproof.bn254.msm;

import foldproof.bn254.fr.Fr;
import foldproof.bn254.g1.G1Point;
import java.util.stream.IntStream;

/**
 * Multi-scalar multiplication {@code sum_i k_i B_i} over BN254 G1.
 *
 * <p><b>Inputs.</b> Bases are affine points, either {@link G1Point}s or a flat {@code long[]} with 8
 * longs per point ({@code x} then {@code y}, Fq Montgomery limbs, identity = all zeros; see
 * {@link #affine(G1Point[])}). Full-width scalars are Fr elements in <b>Montgomery form</b> (Fr's own
 * representation, 4 limbs each, at {@code i * 4}); small scalars are plain signed {@code long}s.
 *
 * <p><b>Routing by width.</b> Full scalars are converted to canonical form and their largest bit length
 * {@code b} is measured: {@code b <= 62} (e.g. bytes that were lifted to Fr) goes to the small path,
 * otherwise {@link Pippenger} with {@code ceil((b+1)/c)} signed windows and the cost model
 * {@code b/c * (n + 2^c)} documented there. Small scalars ({@link SmallMsm}): bits are plain sums,
 * bytes and other small values one window of {@code max|v|} buckets. All paths run in parallel on
 * the common fork-join pool plus the calling thread.
 */
public final class Msm {
    /** Longs per affine base in the flat layout. */
    public static final int AFFINE_LONGS = Jacobian.AFFINE;
    private static final long[] RAW_ONE = {1, 0, 0, 0};

    private Msm() {}

    /** Flat affine layout of {@code ps} (8 longs per point). */
    public static long[] affine(G1Point[] ps) {
        long[] out = new long[ps.length * AFFINE_LONGS];
        for (int i = 0; i < ps.length; i++) ps[i].writeAffine(out, i * AFFINE_LONGS);
        return out;
    }

    /** {@code sum_{i<n} k_i B_i} with Montgomery-form Fr scalars {@code k}. */
    public static G1Point msm(G1Point[] bases, long[] frScalars, int n) {
        check(bases.length, frScalars.length / Fr.LIMBS, n);
        return msm(affine(bases), 0, frScalars, 0, n);
    }

    /** {@code sum_{i<n} k_i B_i} over flat affine bases. */
    public static G1Point msm(long[] affineBases, long[] frScalars, int n) {
        return msm(affineBases, 0, frScalars, 0, n);
    }

    /**
     * {@code sum_{i<n} k_{sOff+i} B_{bOff+i}}; offsets count points / scalars (not longs).
     */
    public static G1Point msm(long[] affineBases, int bOff, long[] frScalars, int sOff, int n) {
        long[] out = new long[Jacobian.SIZE];
        msmJacobian(affineBases, bOff, frScalars, sOff, n, out);
        return toPoint(out);
    }

    /** Same as {@link #msm(long[], int, long[], int, int)}, result as a Jacobian point (12 longs, Fq Montgomery). */
    static void msmJacobian(long[] bases, int bOff, long[] fr, int sOff, int n, long[] out) {
        check(bases.length / AFFINE_LONGS - bOff, fr.length / Fr.LIMBS - sOff, n);
        if (n == 0) {
            Jacobian.setIdentity(out, 0);
            return;
        }
        long[] k = new long[n * 4];
        int chunks = Math.max(1, Math.min(64, n / 4096));
        int per = (n + chunks - 1) / chunks;
        int bits = IntStream.range(0, chunks).parallel().map(ch -> {
            int top = 0;
            for (int i = ch * per, to = Math.min(n, i + per); i < to; i++) {
                Fr.mul(fr, (sOff + i) * 4, RAW_ONE, 0, k, i * 4);   // Montgomery -> canonical
                for (int l = 3; l >= 0; l--) {
                    long v = k[i * 4 + l];
                    if (v != 0) {
                        top = Math.max(top, 64 * l + 64 - Long.numberOfLeadingZeros(v));
                        break;
                    }
                }
            }
            return top;
        }).max().orElse(0);
        if (bits == 0) {
            Jacobian.setIdentity(out, 0);
        } else if (bits <= 62) {
            long[] v = new long[n];
            for (int i = 0; i < n; i++) v[i] = k[i * 4];
            SmallMsm.run(bases, bOff, v, 0, n, out, 0);
        } else if (n <= Pippenger.ALL_WINDOWS_MAX) {
            Pippenger.runAllWindows(bases, bOff, k, n, bits, Pippenger.chooseWindowAll(n, bits), out, 0);
        } else {
            Pippenger.run(bases, bOff, k, null, n, bits, Pippenger.chooseWindow(n, bits), out, 0);
        }
    }

    /** {@code sum_{i<n} v_i B_i} for small signed integers {@code v} (bits, bytes, small ints). */
    public static G1Point msmSmall(G1Point[] bases, long[] values, int n) {
        check(bases.length, values.length, n);
        return msmSmall(affine(bases), 0, values, 0, n);
    }

    /** {@code sum_{i<n} v_i B_i} over flat affine bases. */
    public static G1Point msmSmall(long[] affineBases, long[] values, int n) {
        return msmSmall(affineBases, 0, values, 0, n);
    }

    /** {@code sum_{i<n} v_{vOff+i} B_{bOff+i}}; |v| must be below 2^63. */
    public static G1Point msmSmall(long[] affineBases, int bOff, long[] values, int vOff, int n) {
        check(affineBases.length / AFFINE_LONGS - bOff, values.length - vOff, n);
        long[] out = new long[Jacobian.SIZE];
        if (n > 0) SmallMsm.run(affineBases, bOff, values, vOff, n, out, 0);
        return toPoint(out);
    }

    /**
     * Runs the batched-bucket code ({@link BucketSums}, {@link BatchAdd}, the lane and scalar flushes, the reductions)
     * single-threaded on synthetic operands until C2 has compiled it, i.e. until a pass of 4096 values into 255
     * buckets stops getting faster (at most about 3 s). Called by {@link foldproof.bn254.Lanes}' background
     * warm-up once the lane kernels are warm; no need to call it otherwise. Without it, on a loaded 2-core machine
     * the first 5-15 MSMs of 2^18 uint8 values ran 2-3x slower than steady state (C2 compiles of
     * {@code flushLanes}, {@code addBlock}, {@code LaneLimbs.load}, {@code Fq.sub} arriving over 1-3 s).
     * The operands are random field elements, not curve points: the affine formulas do not care, and the results
     * are discarded.
     */
    /**
     * {@code sum_g val_g (sum_{i : group_i = g} B_{bOff+i})} for {@code group_i in [0, groups)} or -1 (skipped):
     * a multi-scalar multiplication whose scalars take few distinct values. The points of each group are summed
     * by batched affine additions (one addition per point), then one MSM runs over the group sums.
     */
    public static G1Point msmGrouped(long[] affineBases, int bOff, int[] group, int n, long[] frVals, int groups) {
        if (groups == 0) {
            return G1Point.IDENTITY;
        }
        BucketSums acc = new BucketSums(groups, Math.max(1, Math.min(BucketSums.BLOCK, n)), 0);
        int[] dig = acc.digits;
        for (int b0 = 0; b0 < n; b0 += acc.capacity()) {
            int len = Math.min(acc.capacity(), n - b0);
            for (int i = 0; i < len; i++) {
                int g = group[b0 + i];
                if (g < -1 || g >= groups) {
                    throw new IllegalArgumentException("group " + g + " of " + groups);
                }
                dig[i] = g + 1;
            }
            acc.addBlock(affineBases, bOff + b0, len);
        }
        return msm(acc.buckets(), 0, frVals, 0, groups);
    }

    public static void warmUp() {
        final int n = 4096, nb = 255;
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(0x5EED);
        long[] pts = new long[n * AFFINE_LONGS];
        long[] one = new long[4];
        for (int i = 0; i < n * 2; i++) {
            for (int l = 0; l < 4; l++) one[l] = rnd.nextLong();
            one[3] >>>= 3;                                          // below 2^253 < p
            System.arraycopy(one, 0, pts, i * 4, 4);
        }
        BucketSums acc = new BucketSums(nb, n, SmallMsm.segments(nb));
        long[] out = new long[Jacobian.SIZE];
        long best = Long.MAX_VALUE, deadline = System.nanoTime() + 3_000_000_000L;
        int sinceBest = 0;
        for (int it = 0; it < 400 && System.nanoTime() < deadline; it++) {
            long t0 = System.nanoTime();
            for (int j = 0; j < n; j++) acc.digits[j] = rnd.nextInt(nb + 1) * (rnd.nextInt(8) == 0 ? -1 : 1);
            acc.addBlock(pts, 0, n);
            acc.reduce(out, 0);
            Jacobian.double_(out, 0, out, 0, new long[Jacobian.SCRATCH]);
            long t = System.nanoTime() - t0;
            if (t < best * 95 / 100) {
                best = t;
                sinceBest = 0;
            } else if (++sinceBest >= 15 && it >= 40) {
                break;
            }
        }
    }

    /** Jacobian (12 longs) to a point value. */
    static G1Point toPoint(long[] jac) {
        return G1Point.fromJacobian(jac, 0);
    }

    private static void check(int bases, int scalars, int n) {
        if (n < 0 || n > bases || n > scalars) {
            throw new IllegalArgumentException("msm: n=" + n + " but " + bases + " bases and " + scalars + " scalars");
        }
    }
}
