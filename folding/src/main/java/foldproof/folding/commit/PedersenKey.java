package foldproof.folding.commit;

import foldproof.bn254.fr.Fr;
import foldproof.bn254.g1.G1Point;
import foldproof.bn254.msm.FixedBaseTable;
import foldproof.bn254.msm.FixedPointTable;
import foldproof.bn254.msm.Msm;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Pedersen vector commitment key {@code Com(v; rho) = sum_i v_i G_i + rho H} over BN254 G1.
 *
 * <p>Generators come from {@link HashToCurve} (transparent, deterministic from the domain string) and are
 * cached on disk by {@link GeneratorCache} and in memory per domain: a key of size {@code n} is a prefix of
 * every larger key of the same domain, so one generated set serves all sizes (a smaller key shares the
 * larger array). Bases are kept as flat affine limbs for {@link Msm}. Immutable and thread-safe.
 */
public final class PedersenKey {
    private static final ConcurrentHashMap<String, long[]> MEMORY = new ConcurrentHashMap<>();
    /** Per domain, window multiples of the first generators ({@link #commitFixedBase}), grown on demand. */
    private static final ConcurrentHashMap<String, FixedBaseTable> TABLES = new ConcurrentHashMap<>();
    /** Per domain, the multiples of {@code H} that blind every hiding commitment ({@link #blind}). */
    private static final ConcurrentHashMap<String, FixedPointTable> BLINDING = new ConcurrentHashMap<>();
    /** Generators the fixed-base tables cover at most (about 6 MB of multiples). */
    static final int FIXED_BASE_MAX = 4096;

    private final String domain;
    private final int n;
    private final long[] bases;     // >= n affine points (shared, never modified)
    private final G1Point h;

    private PedersenKey(String domain, int n, long[] bases, G1Point h) {
        this.domain = domain;
        this.n = n;
        this.bases = bases;
        this.h = h;
    }

    /** The key with generators {@code G_0..G_{n-1}} and {@code H} of {@code domain} (cached, or generated and cached). */
    public static PedersenKey setup(String domain, int n) {
        if (n < 0) throw new IllegalArgumentException("PedersenKey.setup: negative size " + n);
        long[] bases = MEMORY.compute(domain, (d, have) -> {
            if (have != null && have.length >= n * 8L) return have;
            long[] disk = GeneratorCache.load(d, n);
            if (disk != null && disk.length >= n * 8L) return disk;
            int from = disk == null ? 0 : disk.length / 8;
            long[] all = new long[n * 8];
            if (disk != null) System.arraycopy(disk, 0, all, 0, disk.length);
            long[] fresh = new long[(n - from) * 8];
            HashToCurve.generators(d, from, n, fresh);
            System.arraycopy(fresh, 0, all, from * 8, fresh.length);
            GeneratorCache.store(d, all, n);
            return all;
        });
        long[] hb = new long[8];
        HashToCurve.point(domain, 'H', 0, hb, 0);
        return new PedersenKey(domain, n, bases, G1Point.fromAffine(hb, 0));
    }

    /**
     * Installs generators computed elsewhere ({@code bases()} of the key of {@code domain}, e.g. a Spark
     * broadcast of the driver's key), so {@link #setup} on this JVM neither hashes to the curve nor reads
     * the disk. Wrong bases make commitments that no proof verifies with: a prover's own concern.
     */
    public static void install(String domain, long[] bases) {
        if (bases.length % 8 != 0) {
            throw new IllegalArgumentException("bases must be whole affine points (8 longs each), got " + bases.length);
        }
        MEMORY.merge(domain, bases, (have, b) -> have.length >= b.length ? have : b);
    }

    /** Forgets the in-memory generators (tests; the disk cache is kept). */
    static void clearMemory() {
        MEMORY.clear();
    }

    public String domain() {
        return domain;
    }

    /** Number of vector generators. */
    public int size() {
        return n;
    }

    /** Generator {@code G_i}. */
    public G1Point generator(int i) {
        if (i < 0 || i >= n) throw new IndexOutOfBoundsException("generator " + i + " of " + n);
        return G1Point.fromAffine(bases, i * 8);
    }

    /** Blinding generator {@code H}. */
    public G1Point h() {
        return h;
    }

    /**
     * Flat affine bases (8 longs per generator, Fq Montgomery; at least {@link #size()} points) for direct
     * {@link Msm} calls on slices. Shared: do not modify.
     */
    public long[] bases() {
        return bases;
    }

    /** {@code sum_{i<n} v_i G_i + blind H}; {@code frVec} Fr Montgomery (4 limbs each); {@code blindFr} null = no blinding. */
    public G1Point commit(long[] frVec, int n, long[] blindFr) {
        return commit(frVec, 0, n, blindFr);
    }

    /** As {@link #commit(long[], int, long[])} on {@code frVec} elements {@code off..off+n-1}. */
    public G1Point commit(long[] frVec, int off, int n, long[] blindFr) {
        checkSize(n);
        return blind(Msm.msm(bases, 0, frVec, off, n), blindFr);
    }

    /**
     * {@link #commit(long[], int, long[])} for a vector with few distinct values (the lookup helpers: one value
     * per table entry hit): the generators of equal entries are added first, then one multi-scalar
     * multiplication runs over the distinct values. Same result, about {@code n} additions plus an MSM of the
     * distinct count instead of an MSM of {@code n}.
     */
    public G1Point commitGrouped(long[] frVec, int n, long[] blindFr) {
        checkSize(n);
        ValueGroups vg = ValueGroups.of(frVec, n, i -> !Fr.isZero(frVec, 4 * i));
        return blind(Msm.msmGrouped(bases, 0, vg.group(), n, vg.values(frVec), vg.count()), blindFr);
    }

    /**
     * {@code sum_g vals_g (sum_{i < count: group_i = g} G_{pos_i}) + blind H}: a vector whose entries are small
     * multiples of few distinct values (a position listed {@code k} times counts {@code k} times; group -1
     * skips an entry). Additions plus one MSM over the {@code groups} values.
     */
    public G1Point commitRepeated(int[] pos, int[] group, int count, long[] vals, int groups, long[] blindFr) {
        long[] b = new long[Msm.AFFINE_LONGS * count];
        for (int i = 0; i < count; i++) {
            if (pos[i] < 0 || pos[i] >= this.n) {
                throw new IllegalArgumentException("commit: position " + pos[i] + " but the key has " + this.n + " generators");
            }
            System.arraycopy(bases, Msm.AFFINE_LONGS * pos[i], b, Msm.AFFINE_LONGS * i, Msm.AFFINE_LONGS);
        }
        return blind(Msm.msmGrouped(b, 0, group, count, vals, groups), blindFr);
    }

    /**
     * The same commitment as {@link #commit(long[], int, long[])}, for full-width values such as the random
     * blinding instance's, by the domain's table of window multiples of its first generators
     * ({@link FixedBaseTable}: no per-window bucket reduction) when {@code n <= 4096}; the table is read from the
     * disk cache ({@link WindowCache}) on first use, or built (about 255 doublings per generator) and cached.
     */
    public G1Point commitFixedBase(long[] frVals, int n, long[] blindFr) {
        checkSize(n);
        int cover = Math.min(FIXED_BASE_MAX, bases.length / Msm.AFFINE_LONGS);
        if (n > cover) {
            return commit(frVals, n, blindFr);
        }
        FixedBaseTable t = TABLES.compute(domain, (d, have) -> have != null && have.limit() >= cover ? have
                : new FixedBaseTable(bases, 0, cover));
        WindowCache.ensure(domain, t, n);
        return blind(t.msm(frVals, 0, n), blindFr);
    }

    /**
     * {@code sum_{i<n} v_i G_{idx_i} + blind H}: a vector whose nonzero entries sit at the positions {@code idx}
     * (the wide rows of a cross term); {@code frVals} holds the n values, 4 limbs each.
     */
    public G1Point commitAt(int[] idx, long[] frVals, int n, long[] blindFr) {
        long[] b = new long[Msm.AFFINE_LONGS * n];
        for (int i = 0; i < n; i++) {
            if (idx[i] < 0 || idx[i] >= this.n) {
                throw new IllegalArgumentException("commit: position " + idx[i] + " but the key has " + this.n + " generators");
            }
            System.arraycopy(bases, Msm.AFFINE_LONGS * idx[i], b, Msm.AFFINE_LONGS * i, Msm.AFFINE_LONGS);
        }
        return blind(Msm.msm(b, 0, frVals, 0, n), blindFr);
    }

    /**
     * {@code sum_{i<n} ints[off+i] G_i + blind H} for small signed integers; routed by width (bits: additions
     * only, bytes: one window of buckets, wider: Pippenger over the magnitudes).
     */
    public G1Point commitSmall(long[] ints, int off, int n, long[] blindFr) {
        checkSize(n);
        return blind(Msm.msmSmall(bases, 0, ints, off, n), blindFr);
    }

    private G1Point blind(G1Point c, long[] blindFr) {
        if (blindFr == null || Fr.isZero(blindFr, 0)) return c;
        return c.add(BLINDING.computeIfAbsent(domain, d -> new FixedPointTable(h)).mul(blindFr, 0));
    }

    private void checkSize(int m) {
        if (m < 0 || m > n) throw new IllegalArgumentException("commit: " + m + " values but the key has " + n + " generators");
    }
}
