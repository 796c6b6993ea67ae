package foldproof.folding.nifs;

import foldproof.bn254.fr.Fr;
import foldproof.bn254.g1.G1Point;
import foldproof.circuits.r1cs.R1CSShape;
import foldproof.folding.commit.PedersenKey;
import foldproof.folding.transcript.Transcript;

import java.util.Random;

/**
 * The prover's running relaxed instance-witness pair {@code (U1, W1)} of one layer, plus the running
 * products {@code A z1, B z1, C z1}, which fold linearly ({@code A(z1 + r z2) = A z1 + r A z2}) so the
 * cross term never needs a fresh product of the folded vector.
 *
 * <p>Owns its arrays and folds in place: one accumulator per layer is live at a time, and it is dropped
 * once the layer is compressed (memory O(layer)). Field elements are 4 limbs, Montgomery form.
 */
public final class Accumulator {
    private final R1CSShape shape;
    private final int m;        // constraints
    private final int mPad;     // E length: m padded to a power of two
    private RelaxedInstance inst;
    private final RelaxedWitness wit;
    private final long[] az;
    private final long[] bz;
    private final long[] cz;
    /** The start tile while nothing has been folded in yet (its exact small products), else null. */
    private FreshTile freshStart;

    private Accumulator(R1CSShape shape, RelaxedInstance inst, RelaxedWitness wit, long[] az, long[] bz, long[] cz) {
        this.shape = shape;
        this.m = shape.numConstraints();
        this.mPad = wit.eLength();
        this.inst = inst;
        this.wit = wit;
        this.az = az;
        this.bz = bz;
        this.cz = cz;
    }

    /** Length of E for a shape: the number of constraints padded to a power of two (at least 1). */
    public static int eLength(R1CSShape shape) {
        int n = shape.numConstraints();
        return n <= 1 ? 1 : Integer.highestOneBit(n - 1) << 1;
    }

    /**
     * The first tile becomes the running instance: {@code u = 1}, {@code E = 0}, {@code comm_E = identity}.
     *
     * @param instance the fresh tile's instance (slot commitments from the row table and its AUX commitment)
     * @param blinds   the blinding factor of each slot commitment ({@code 4 * numSlots} longs)
     */
    public static Accumulator start(FreshTile tile, RelaxedInstance instance, long[] blinds) {
        R1CSShape shape = tile.shape();
        int mPad = eLength(shape);
        long[][] w = new long[tile.numSlots()][];
        for (int s = 0; s < w.length; s++) {
            long[] v = tile.slot(s);
            if (s == tile.lookupSlot()) {
                w[s] = tile.helpers().clone();
                continue;
            }
            w[s] = new long[4 * v.length];
            MatVec.toFr(v, v.length, w[s]);
        }
        long[] az = new long[4 * mPad];
        long[] bz = new long[4 * mPad];
        long[] cz = new long[4 * mPad];
        tile.azFr(az);
        tile.bzFr(bz);
        tile.czFr(cz);
        RelaxedWitness wit = new RelaxedWitness(w, blinds.clone(), new long[4 * mPad], new long[4]);
        Accumulator acc = new Accumulator(shape, instance, wit, az, bz, cz);
        acc.freshStart = tile;
        return acc;
    }

    /**
     * Folds the next fresh tile {@code (U2, W2)} into the running pair: computes {@code T}, commits it with
     * a random blind, derives {@code r} from the transcript and folds instance, witness, blinds and the
     * running products. Returns {@code comm_T} (it goes into the proof).
     */
    public G1Point foldFresh(FreshTile tile, RelaxedInstance u2, long[] blinds2, Transcript tr, PedersenKey key, Random rnd) {
        long[] az2 = new long[4 * m];
        long[] bz2 = new long[4 * m];
        long[] cz2 = new long[4 * m];
        tile.azFr(az2);
        tile.bzFr(bz2);
        tile.czFr(cz2);
        // comm_T = Com(T; r_T); fresh into fresh: T is a vector of small integers (about 30 bits), committed
        // by the small-scalar MSM instead of a full-width one, except the wide rows of a layer with lookups
        long[] t = new long[4 * mPad];
        long[] rhoT = Scalars.random(rnd);
        FreshTile f1 = freshStart;
        long[] small = f1 == null ? null : smallCrossTerm(f1.az(), f1.bz(), f1.cz(), tile.az(), tile.bz(), tile.cz());
        G1Point commT;
        if (small != null && tile.hasLookups()) {
            commT = pairWithLookups(f1, tile, small, t, key, rhoT);
        } else if (small != null) {
            MatVec.toFr(small, m, t);
            commT = key.commitSmall(small, 0, m, rhoT);
        } else {
            Nifs.crossTerm(m, az, bz, cz, inst.u(), az2, bz2, cz2, Fr.ONE, t);
            commT = key.commit(t, m, rhoT);   // entries past m are zero: not in the MSM
        }
        freshStart = null;
        long[] r = new long[4];
        Nifs.challenge(tr, u2, commT, r);
        inst = Nifs.foldInstances(inst, u2, commT, r);
        // W = W1 + r W2, slot by slot: fresh slots are mostly bits, so 0 and 1 are special-cased
        long[] tmp = new long[4];
        for (int s = 0; s < wit.numSlots(); s++) {
            long[] w1 = wit.slots()[s];
            if (s == tile.lookupSlot()) {
                Scalars.axpy(r, tile.helpers(), w1, w1.length / 4);
                continue;
            }
            long[] w2 = tile.slot(s);
            for (int i = 0; i < w2.length; i++) {
                long v = w2[i];
                if (v == 0) {
                    continue;
                }
                if (v == 1) {
                    Fr.add(w1, 4 * i, r, 0, w1, 4 * i);
                } else {
                    Fr.fromLong(v, tmp, 0);
                    Fr.mul(tmp, 0, r, 0, tmp, 0);
                    Fr.add(w1, 4 * i, tmp, 0, w1, 4 * i);
                }
            }
        }
        Scalars.axpy(r, blinds2, wit.slotBlinds(), wit.numSlots());
        // E = E1 + r T (E2 = 0 for a fresh tile), blinds likewise
        Scalars.axpy(r, t, wit.e(), mPad);
        Scalars.axpy(r, rhoT, wit.blindE(), 1);
        // running products fold linearly
        Scalars.axpy(r, az2, az, m);
        Scalars.axpy(r, bz2, bz, m);
        Scalars.axpy(r, cz2, cz, m);
        return commT;
    }

    /**
     * The cross term of two fresh tiles with lookups: {@code small} (exact, every row) holds the small rows; the
     * wide rows are recomputed over Fr ({@code u1 = u2 = 1}). Commits the small rows by the small-scalar MSM and
     * the wide rows by a full-width MSM over their generators; writes T over Fr into {@code t}.
     */
    private G1Point pairWithLookups(FreshTile f1, FreshTile f2, long[] small, long[] t, PedersenKey key, long[] rhoT) {
        LookupRows lk = f2.lookupRows();
        int[] wide = lk.wide;
        long[] a1 = f1.azWide();
        long[] b1 = f1.bzWide();
        long[] c1 = f1.czWide();
        long[] a2 = f2.azWide();
        long[] b2 = f2.bzWide();
        long[] c2 = f2.czWide();
        long[] tw = new long[4 * wide.length];
        long[] x = new long[4];
        for (int i = 0; i < wide.length; i++) {
            int o = 4 * i;
            Fr.mul(a1, o, b2, o, tw, o);
            Fr.mul(a2, o, b1, o, x, 0);
            Fr.add(tw, o, x, 0, tw, o);
            Fr.sub(tw, o, c1, o, tw, o);
            Fr.sub(tw, o, c2, o, tw, o);
            small[wide[i]] = 0;
        }
        MatVec.toFr(small, m, t);
        for (int i = 0; i < wide.length; i++) {
            System.arraycopy(tw, 4 * i, t, 4 * wide[i], 4);
        }
        G1Point smallPart = key.commitSmall(small, 0, m, null);
        return smallPart.add(key.commitAt(wide, tw, wide.length, rhoT));
    }

    /**
     * Folds a full-width relaxed pair (the random blinding instance): as {@link #foldFresh} but with
     * {@code E = E1 + r T + r^2 E2}. Returns {@code comm_T}.
     */
    public G1Point foldRelaxed(RandomInstance other, Transcript tr, PedersenKey key, Random rnd) {
        return foldRelaxed(other.instance(), other.witness(), other.az(), other.bz(), other.cz(), true, tr, key, rnd);
    }

    /**
     * Folds another running pair of the same shape into this one (its buffers are read, not kept; its
     * instance is the result of earlier folds, so it is not absorbed again):
     * as {@link #foldRelaxed(RandomInstance, Transcript, PedersenKey, Random)}. Returns {@code comm_T}.
     */
    public G1Point foldRelaxed(Accumulator other, Transcript tr, PedersenKey key, Random rnd) {
        if (other.m != m || other.mPad != mPad || other.wit.numSlots() != wit.numSlots()) {
            throw new IllegalArgumentException("accumulators of different shapes cannot fold");
        }
        return foldRelaxed(other.inst, other.wit, other.az, other.bz, other.cz, false, tr, key, rnd);
    }

    /** @param incoming whether {@code u2} is new to the transcript (absorbed before the challenge) */
    private G1Point foldRelaxed(RelaxedInstance u2, RelaxedWitness w2, long[] az2, long[] bz2, long[] cz2,
                                boolean incoming, Transcript tr, PedersenKey key, Random rnd) {
        freshStart = null;
        long[] t = new long[4 * mPad];
        Nifs.crossTerm(m, az, bz, cz, inst.u(), az2, bz2, cz2, u2.u(), t);
        long[] rhoT = Scalars.random(rnd);
        G1Point commT = key.commit(t, m, rhoT);   // T is zero past m (crossTerm fills m entries)
        long[] r = new long[4];
        Nifs.challenge(tr, incoming ? u2 : null, commT, r);
        inst = Nifs.foldInstances(inst, u2, commT, r);
        long[] r2 = new long[4];
        Fr.mul(r, 0, r, 0, r2, 0);
        for (int s = 0; s < wit.numSlots(); s++) {
            Scalars.axpy(r, w2.slots()[s], wit.slots()[s], w2.slots()[s].length / 4);
        }
        Scalars.axpy(r, w2.slotBlinds(), wit.slotBlinds(), wit.numSlots());
        Scalars.axpy(r, t, wit.e(), mPad);
        Scalars.axpy(r2, w2.e(), wit.e(), mPad);
        Scalars.axpy(r, rhoT, wit.blindE(), 1);
        Scalars.axpy(r2, w2.blindE(), wit.blindE(), 1);
        Scalars.axpy(r, az2, az, m);
        Scalars.axpy(r, bz2, bz, m);
        Scalars.axpy(r, cz2, cz, m);
        return commT;
    }

    /**
     * The cross term of two fresh tiles ({@code u1 = u2 = 1}) over the integers,
     * {@code T = Az1 o Bz2 + Az2 o Bz1 - Cz2 - Cz1}, or null if an entry does not fit in a long (then the
     * caller falls back to field arithmetic; the value mod r is the same either way).
     */
    static long[] smallCrossTerm(long[] az1, long[] bz1, long[] cz1, long[] az2, long[] bz2, long[] cz2) {
        long[] t = new long[az1.length];
        try {
            for (int i = 0; i < t.length; i++) {
                long v = Math.addExact(Math.multiplyExact(az1[i], bz2[i]), Math.multiplyExact(az2[i], bz1[i]));
                v = Math.subtractExact(Math.subtractExact(v, cz2[i]), cz1[i]);
                if (v == Long.MIN_VALUE) {
                    return null;
                }
                t[i] = v;
            }
        } catch (ArithmeticException e) {
            return null;
        }
        return t;
    }

    /**
     * The running products {@code A z, B z, C z} ({@code 4 * eLength} longs each; owned: read, do not keep).
     * With {@link #instance()}, {@link #witness()} and {@link #restore} a running pair can be shipped to
     * another process (the Spark engine folds subtrees on executors).
     */
    public long[][] products() {
        return new long[][] {az, bz, cz};
    }

    /**
     * A running pair rebuilt from its parts ({@link #instance()}, {@link #witness()}, {@link #products()})
     * for {@code shape}, e.g. received from another process. Only relaxed folds follow
     * ({@link #foldRelaxed(Accumulator, Transcript, PedersenKey, Random)}).
     */
    public static Accumulator restore(R1CSShape shape, RelaxedInstance inst, RelaxedWitness wit, long[] az, long[] bz, long[] cz) {
        int mPad = eLength(shape);
        if (wit.eLength() != mPad || az.length != 4 * mPad || bz.length != 4 * mPad || cz.length != 4 * mPad
                || wit.numSlots() != shape.layout().slots().size() || inst.numSlots() != wit.numSlots()) {
            throw new IllegalArgumentException("running pair does not fit the shape of " + shape.name());
        }
        return new Accumulator(shape, inst, wit, az, bz, cz);
    }

    /** The running instance {@code U}. */
    public RelaxedInstance instance() {
        return inst;
    }

    /** The running witness {@code W} (owned by this accumulator: read, do not keep past the layer). */
    public RelaxedWitness witness() {
        return wit;
    }

    public R1CSShape shape() {
        return shape;
    }

    /**
     * Debug/test check that the running pair satisfies {@code Az o Bz = u Cz + E} with the running
     * products recomputed from W (not the folded ones). Returns the first failing row or -1.
     */
    public int firstUnsatisfied() {
        return Relaxed.firstUnsatisfied(shape, inst, wit);
    }
}
