package foldproof.bn254.msm;

import foldproof.bn254.fr.Fr;
import foldproof.bn254.g1.G1;
import foldproof.bn254.g1.G1Point;

import java.util.stream.IntStream;

/**
 * Window multiples {@code 2^(c j) B_i} of a prefix of fixed affine bases, for multi-scalar multiplications with
 * full-width scalars over those bases: each (base, window) digit adds its multiple into one set of
 * {@code 2^(c-1)} signed buckets, so the buckets are reduced once per MSM instead of once per window, and the
 * window can be wider than Pippenger's. About {@code w n + 2^c} additions for {@code n} bases and
 * {@code w = ceil(255 / c)} windows, against {@code w (n + 2^c)}: for the few-thousand-point commitments of the
 * random blinding instance (a commitment key's first generators, every layer) about a third fewer.
 *
 * <p>The table grows on demand ({@link #ensure}): window {@code j} of base {@code i} is {@code c} doublings of
 * window {@code j - 1}, so a base costs about 255 doublings once, and {@code w} affine points (64 bytes each) of
 * memory. Thread-safe: growth is synchronized, MSMs read a snapshot.
 */
public final class FixedBaseTable {
    /** Window bits: 24 windows, 1,024 signed buckets. */
    static final int C = 11;
    /** Windows of signed {@code C}-bit digits for scalars below {@code 2^254} (the top digit takes the carry). */
    static final int W = (255 + C - 1) / C;

    private final long[] bases;
    private final int bOff;
    private final int limit;
    /** {@code windows[j]}: {@code 2^(C j) B_i} for {@code i < size}, affine, 8 longs each. */
    private volatile long[][] windows = new long[W][0];
    private volatile int size;

    /**
     * A table over {@code bases[bOff..]} (flat affine, 8 longs each; read, never modified), growing up to
     * {@code limit} bases.
     */
    public FixedBaseTable(long[] bases, int bOff, int limit) {
        if (limit < 0 || (long) (bOff + limit) * 8 > bases.length) {
            throw new IllegalArgumentException("fixed-base table: " + limit + " bases from " + bOff + " but "
                    + bases.length / 8 + " given");
        }
        this.bases = bases;
        this.bOff = bOff;
        this.limit = limit;
    }

    /** Bases covered so far. */
    public int size() {
        return size;
    }

    /** Most bases this table will cover. */
    public int limit() {
        return limit;
    }

    /** Window bits of every table (a cached table records it). */
    public static int windowBits() {
        return C;
    }

    /** Windows per base. */
    public static int windows() {
        return W;
    }

    /**
     * Window {@code j}'s multiples of the covered bases, affine Fq Montgomery limbs, 8 longs per base (shared:
     * read, do not modify; for a cache to store).
     */
    public long[] window(int j) {
        return windows[j];
    }

    /**
     * Takes windows {@code 1..W-1} of the first {@code count} bases from elsewhere (a cache: {@code windows[j]}
     * holds {@code 8 count} longs; window 0 is the bases themselves), if that covers more than the table does.
     * Wrong multiples make wrong commitments (proofs that do not verify): the caller checks what it installs.
     */
    public synchronized void install(long[][] windows, int count) {
        if (count <= size) {
            return;
        }
        if (count > limit || windows.length != W) {
            throw new IllegalArgumentException("fixed-base table: " + count + " bases in " + windows.length
                    + " windows, limit " + limit + " in " + W);
        }
        long[][] w = new long[W][];
        w[0] = java.util.Arrays.copyOfRange(bases, bOff * 8, (bOff + count) * 8);
        for (int j = 1; j < W; j++) {
            if (windows[j].length != count * 8) {
                throw new IllegalArgumentException("fixed-base table: window " + j + " holds " + windows[j].length / 8
                        + " points, not " + count);
            }
            w[j] = windows[j];
        }
        this.windows = w;
        size = count;
    }

    /**
     * {@code 2^(C j) B_i} recomputed from the base by doublings (affine, 8 longs): a cache's spot check.
     */
    public long[] recompute(int i, int j) {
        long[] jac = new long[Jacobian.SIZE];
        long[] s = new long[Jacobian.SCRATCH];
        Jacobian.fromAffine(bases, (bOff + i) * 8, jac, 0);
        for (int d = 0; d < C * j; d++) {
            Jacobian.double_(jac, 0, jac, 0, s);
        }
        long[] out = new long[8];
        Jacobian.toAffine(jac, 0, out, 0);
        return out;
    }

    /** Extends the table to the first {@code n} bases (at most {@link #limit}); on every core. */
    public synchronized void ensure(int n) {
        int want = Math.min(n, limit);
        int have = size;
        if (want <= have) {
            return;
        }
        long[][] grown = new long[W][];
        for (int j = 0; j < W; j++) {
            grown[j] = java.util.Arrays.copyOf(windows[j], want * 8);
        }
        int chunk = 256;
        int chunks = (want - have + chunk - 1) / chunk;
        IntStream.range(0, chunks).parallel().forEach(ch -> {
            int from = have + ch * chunk, to = Math.min(want, from + chunk);
            fill(grown, from, to);
        });
        windows = grown;
        size = want;
    }

    /** Windows of bases {@code [from, to)}: Jacobian doublings, then one batch inversion per window. */
    private void fill(long[][] out, int from, int to) {
        int m = to - from;
        long[] jac = new long[m * Jacobian.SIZE];
        long[] s = new long[Jacobian.SCRATCH];
        for (int i = 0; i < m; i++) {
            Jacobian.fromAffine(bases, (bOff + from + i) * 8, jac, i * Jacobian.SIZE);
            System.arraycopy(bases, (bOff + from + i) * 8, out[0], (from + i) * 8, 8);
        }
        for (int j = 1; j < W; j++) {
            for (int i = 0; i < m; i++) {
                int o = i * Jacobian.SIZE;
                for (int d = 0; d < C; d++) {
                    Jacobian.double_(jac, o, jac, o, s);
                }
            }
            G1.batchToAffine(jac, 0, out[j], from * 8, m);
        }
    }

    /**
     * {@code sum_{i<n} k_{sOff+i} B_i} with Montgomery-form Fr scalars, over the first {@code n} bases (the table
     * must cover them: {@link #ensure}).
     */
    public G1Point msm(long[] frScalars, int sOff, int n) {
        int have = size;                 // size is published after windows: read it first
        long[][] win = windows;
        if (n > have) {
            throw new IllegalArgumentException("fixed-base MSM over " + n + " bases but the table covers " + have);
        }
        if (n < 0 || (long) (sOff + n) * 4 > frScalars.length) {
            throw new IllegalArgumentException("fixed-base MSM: " + n + " scalars from " + sOff + " but "
                    + frScalars.length / 4 + " given");
        }
        long[] out = new long[Jacobian.SIZE];
        if (n == 0) {
            return Msm.toPoint(out);
        }
        long[] k = new long[n * 4];
        for (int i = 0; i < n; i++) {
            Fr.toCanonical(frScalars, (sOff + i) * 4, k, i * 4);   // below 2^254
        }
        int nb = 1 << (C - 1);
        long mask = (1L << C) - 1;
        BucketSums acc = new BucketSums(nb, n, Integer.highestOneBit((int) Math.sqrt(24.0 * nb)));
        int[] dig = acc.digits;
        for (int j = 0; j < W; j++) {
            int lo = j * C;
            for (int i = 0; i < n; i++) {
                dig[i] = Pippenger.digit(k, i * 4, lo, C, mask);
            }
            acc.addBlock(win[j], 0, n);
        }
        acc.reduce(out, 0);
        return Msm.toPoint(out);
    }
}
