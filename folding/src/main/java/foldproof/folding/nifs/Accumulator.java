package foldproof.folding.nifs;

import foldproof.bn254.fr.Fr;
import foldproof.bn254.g1.G1Point;
import foldproof.circuits.r1cs.R1CSShape;
import foldproof.folding.commit.PedersenKey;
import foldproof.folding.spartan.polys.Mle;
import foldproof.folding.transcript.Transcript;

import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * The prover's running relaxed instance-witness pair {@code (U1, W1)} of one layer, plus the running
 * products {@code A z1, B z1, C z1}, which fold linearly ({@code A(z1 + g z2) = A z1 + g A z2}), and the fold
 * messages this pair's claim is made of (docs/protocol.md, section 2; the protocol steps are
 * {@link FoldSteps}'s). A fold costs field work only: the error vectors, the cross term and their
 * restrictions to a line ({@link LineFold}), plus a commitment to one short message.
 *
 * <p>Owns its arrays and folds in place: one accumulator per layer is live at a time, and it is dropped
 * once the layer is compressed (memory O(layer)). Field elements are 4 limbs, Montgomery form.
 */
public final class Accumulator {
    private final R1CSShape shape;
    private final int m;        // constraints
    private final int mPad;     // m padded to a power of two
    private final int s;        // log2(mPad): the claim's point has s coordinates
    /**
     * The running instance; its slot commitments are {@code inst.slotComms + sum_k pendingCoef_k pendingComms_k}:
     * folds only record their terms, and {@link #instance()} adds them up by one MSM per slot, once per layer (the
     * prover's transcript never absorbs a folded commitment; the compression takes the instance for its scalars,
     * the Spark codec ships it, the tests check it).
     */
    private RelaxedInstance inst;
    private final java.util.ArrayList<long[]> pendingCoef = new java.util.ArrayList<>();
    private final java.util.ArrayList<G1Point[]> pendingComms = new java.util.ArrayList<>();
    private final RelaxedWitness wit;
    private final long[] az;
    private final long[] bz;
    private final long[] cz;
    /** The start tile while nothing has been folded in yet (its exact small products), else null. */
    private FreshTile freshStart;
    /** The fold messages behind this pair's claim, by index in the layer. */
    private final TreeMap<Integer, Message> messages;
    /** Soundness tests only: replaces a message's commitment (index, honest point) before it is absorbed. */
    java.util.function.BiFunction<Integer, G1Point, G1Point> messageTamper;

    /**
     * One fold's message: its {@link FoldSteps#messageLength} entries (4 limbs each), the blind of its
     * commitment, and its entries' coefficients in the claim of the pair that holds it.
     */
    public record Message(long[] values, long[] blind, long[] lambda, int[] spillAt, long[] spill) {
        /** A message within its own block (every message but a batch's blinding one). */
        public Message(long[] values, long[] blind, long[] lambda) {
            this(values, blind, lambda, null, null);
        }
    }

    private Accumulator(R1CSShape shape, RelaxedInstance inst, RelaxedWitness wit, long[] az, long[] bz, long[] cz,
                        TreeMap<Integer, Message> messages) {
        this.shape = shape;
        this.m = shape.numConstraints();
        this.mPad = eLength(shape);
        this.s = Integer.numberOfTrailingZeros(mPad);
        this.inst = inst;
        this.wit = wit;
        this.az = az;
        this.bz = bz;
        this.cz = cz;
        this.messages = messages;
    }

    /** The number of constraints of a shape padded to a power of two (at least 1): the length of its error vector. */
    public static int eLength(R1CSShape shape) {
        int n = shape.numConstraints();
        return n <= 1 ? 1 : Integer.highestOneBit(n - 1) << 1;
    }

    /** {@code log2(eLength(shape))}: the coordinates of a claim's point. */
    public static int pointVars(R1CSShape shape) {
        return Integer.numberOfTrailingZeros(eLength(shape));
    }

    /**
     * The first tile becomes the running instance, strict: {@code u = 1}, no point, no claim.
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
        RelaxedWitness wit = new RelaxedWitness(w, blinds.clone(), new long[4]);
        Accumulator acc = new Accumulator(shape, instance, wit, az, bz, cz, new TreeMap<>());
        acc.freshStart = tile;
        return acc;
    }

    /**
     * Folds the next fresh tile {@code (U2, W2)} into the running pair ({@link FoldSteps}: absorbs {@code U2},
     * draws the points, commits the message over its generator block {@code index}, draws the challenges)
     * and folds instance, witness, blinds, claim and running products. Returns the message's commitment (it
     * goes into the proof).
     */
    public G1Point foldFresh(FreshTile tile, RelaxedInstance u2, long[] blinds2, int index, Transcript tr,
                             PedersenKey key, Random rnd) {
        long[] az2 = new long[4 * mPad];
        long[] bz2 = new long[4 * mPad];
        long[] cz2 = new long[4 * mPad];
        tile.azFr(az2);
        tile.bzFr(bz2);
        tile.czFr(cz2);
        FoldSteps.Plan p = FoldSteps.begin(tr, u2, s, inst.tau(), null, false);
        int len = FoldSteps.messageLength(s);
        long[] msg = new long[4 * len];
        long c0 = System.nanoTime();
        FreshTile f1 = freshStart;
        long[] t = null;
        if (f1 != null) {
            t = freshCrossTerm(f1, tile);   // both fresh: exact small integers, the wide lookup rows over Fr
        }
        if (t == null) {
            t = new long[4 * mPad];
            Nifs.crossTerm(m, az, bz, cz, inst.u(), az2, bz2, cz2, Fr.ONE, t);
        }
        messageEntries(p, t, null, msg);
        long c1 = System.nanoTime();
        Timing.add(5, c1 - c0);
        G1Point point = commitMessage(msg, index, key, rnd, p, tr);
        freshStart = null;
        long[] g = p.gamma();
        long c2 = System.nanoTime();
        Timing.add(6, c2 - c1);
        inst = foldInstance(u2, null, g, FoldSteps.point(p));
        long c3 = System.nanoTime();
        Timing.add(7, c3 - c2);
        // W = W1 + g W2, slot by slot: fresh slots are mostly bits, so 0 and 1 are special-cased
        long[] tmp = new long[4];
        for (int sl = 0; sl < wit.numSlots(); sl++) {
            long[] w1 = wit.slots()[sl];
            if (sl == tile.lookupSlot()) {
                Scalars.axpy(g, tile.helpers(), w1, w1.length / 4);
                continue;
            }
            long[] w2 = tile.slot(sl);
            for (int i = 0; i < w2.length; i++) {
                long v = w2[i];
                if (v == 0) {
                    continue;
                }
                if (v == 1) {
                    Fr.add(w1, 4 * i, g, 0, w1, 4 * i);
                } else {
                    Fr.fromLong(v, tmp, 0);
                    Fr.mul(tmp, 0, g, 0, tmp, 0);
                    Fr.add(w1, 4 * i, tmp, 0, w1, 4 * i);
                }
            }
        }
        Scalars.axpy(g, blinds2, wit.slotBlinds(), wit.numSlots());
        Scalars.axpy(g, az2, az, m);
        Scalars.axpy(g, bz2, bz, m);
        Scalars.axpy(g, cz2, cz, m);
        Timing.add(8, System.nanoTime() - c3);
        return point;
    }

    /**
     * The cross term of two fresh tiles as a vector over Fr, computed exactly in 64-bit integers on their small
     * rows ({@code u1 = u2 = 1}) and over Fr on the wide rows of a layer with lookups; null when an entry
     * overflows a long (the caller then computes it over Fr; the value mod r is the same either way).
     */
    private long[] freshCrossTerm(FreshTile f1, FreshTile f2) {
        long[] small = smallCrossTerm(f1.az(), f1.bz(), f1.cz(), f2.az(), f2.bz(), f2.cz());
        if (small == null) {
            return null;
        }
        long[] t = new long[4 * mPad];
        if (!f2.hasLookups()) {
            MatVec.toFr(small, m, t);
            return t;
        }
        int[] wide = f2.lookupRows().wide;
        long[] a1 = f1.azWide();
        long[] b1 = f1.bzWide();
        long[] c1 = f1.czWide();
        long[] a2 = f2.azWide();
        long[] b2 = f2.bzWide();
        long[] c2 = f2.czWide();
        for (int i : wide) {
            small[i] = 0;
        }
        MatVec.toFr(small, m, t);
        long[] x = new long[4];
        for (int i = 0; i < wide.length; i++) {
            int o = 4 * i;
            int to = 4 * wide[i];
            Fr.mul(a1, o, b2, o, t, to);
            Fr.mul(a2, o, b1, o, x, 0);
            Fr.add(t, to, x, 0, t, to);
            Fr.sub(t, to, c1, o, t, to);
            Fr.sub(t, to, c2, o, t, to);
        }
        return t;
    }

    /**
     * Folds the random blinding instance into the running pair (a direct fold at the pair's point: the message
     * holds {@code t}, the blinding instance's own {@code e_r}, and uniformly random entries elsewhere, which
     * mask the message vector's openings). Returns the message's commitment.
     */
    public G1Point foldRelaxed(RandomInstance other, int index, Transcript tr, PedersenKey key, Random rnd) {
        RelaxedInstance u2 = other.instance();
        FoldSteps.Plan p = FoldSteps.begin(tr, u2, s, inst.tau(), null, true);
        int len = FoldSteps.messageLength(s);
        long[] msg = new long[4 * len];
        long[] t = new long[4 * mPad];
        Nifs.crossTerm(m, az, bz, cz, inst.u(), other.az(), other.bz(), other.cz(), u2.u(), t);
        long[] f2 = new long[4 * mPad];
        LineFold.errors(m, other.az(), other.bz(), other.cz(), u2.u(), f2);
        long[] tau = FoldSteps.tau1(p);
        Mle.evaluate(t, mPad, s, tau, 0, msg, 4 * FoldSteps.tt(s, 0));
        Mle.evaluate(f2, mPad, s, tau, 0, msg, 4 * FoldSteps.f2(s, 0));
        for (int j = 0; j < len; j++) {
            if (j != FoldSteps.tt(s, 0) && j != FoldSteps.f2(s, 0)) {
                Scalars.random(rnd, msg, 4 * j);
            }
        }
        int[] spillAt = maskPositions(index + 1, len);
        long[] spill = new long[4 * spillAt.length];
        for (int j = 0; j < spillAt.length; j++) {
            Scalars.random(rnd, spill, 4 * j);
        }
        G1Point point = commitMessage(msg, index, key, rnd, p, tr, spillAt, spill);
        foldRelaxedWitness(p, u2, null, other.witness(), other.az(), other.bz(), other.cz(), null, null);
        return point;
    }

    /**
     * Where the blinding message puts uniform masks beyond its own block (zero knowledge, docs/security.md, "A
     * limit of this argument"): the final opening's accumulated vector is uniform wherever a blinded slot is, i.e.
     * below the shape's longest slot; past it (a batch, whose message vector outgrows every slot) the blinding
     * message covers every entry whose coefficient is zero: the unused tail of each other message's block and the
     * padding up to {@code 2^k}. Empty when the message vector fits under the longest slot.
     */
    private int[] maskPositions(int count, int len) {
        int maxSlot = 0;
        for (foldproof.circuits.r1cs.SegmentLayout.Slot sl : shape.layout().slots()) {
            maxSlot = Math.max(maxSlot, sl.length());
        }
        int n = 1 << CoefficientClaim.vars(count, len);
        if (n <= maxSlot) {
            return new int[0];
        }
        int used = 3 * s + 1;
        java.util.List<Integer> at = new java.util.ArrayList<>();
        for (int j = 0; j < count - 1; j++) {
            for (int q = used; q < len; q++) {
                if (j * len + q >= maxSlot) {
                    at.add(j * len + q);
                }
            }
        }
        for (int pos = Math.max(count * len, maxSlot); pos < n; pos++) {
            at.add(pos);
        }
        return at.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Folds another running pair of the same shape into this one (its buffers are read, not kept; its
     * instance is the result of earlier folds, so it is not absorbed again). Returns the message's commitment.
     */
    public G1Point foldRelaxed(Accumulator other, int index, Transcript tr, PedersenKey key, Random rnd) {
        if (other.m != m || other.mPad != mPad || other.wit.numSlots() != wit.numSlots()) {
            throw new IllegalArgumentException("accumulators of different shapes cannot fold");
        }
        RelaxedInstance u2 = other.inst;
        long c0 = System.nanoTime();
        FoldSteps.Plan p = FoldSteps.begin(tr, null, s, inst.tau(), u2.tau(), false);
        int len = FoldSteps.messageLength(s);
        long[] msg = new long[4 * len];
        long[] t = new long[4 * mPad];
        Nifs.crossTerm(m, az, bz, cz, inst.u(), other.az, other.bz, other.cz, u2.u(), t);
        long[] f2 = null;
        if (!u2.strict()) {
            f2 = new long[4 * mPad];
            LineFold.errors(m, other.az, other.bz, other.cz, u2.u(), f2);
        }
        messageEntries(p, t, f2, msg);
        long c1 = System.nanoTime();
        Timing.add(5, c1 - c0);
        G1Point point = commitMessage(msg, index, key, rnd, p, tr);
        long c2 = System.nanoTime();
        Timing.add(6, c2 - c1);
        foldRelaxedWitness(p, u2, other, other.wit, other.az, other.bz, other.cz, other.wit.e(), other.messages);
        Timing.add(8, System.nanoTime() - c2);
        return point;
    }

    /**
     * The message of a fold that is not the blinding one: {@code t} at the point (direct), or the line
     * coefficients of {@code F1} (from this pair's errors), {@code TT} (from {@code t}) and {@code F2} (from
     * {@code f2}, null for a strict {@code U2}).
     */
    private void messageEntries(FoldSteps.Plan p, long[] t, long[] f2, long[] msg) {
        if (!FoldSteps.isLine(p)) {
            Mle.evaluate(t, mPad, s, FoldSteps.tau1(p), 0, msg, 4 * FoldSteps.tt(s, 0));
            return;
        }
        long[] tau1 = FoldSteps.tau1(p);
        long[] tau2 = FoldSteps.tau2(p);
        long[] c = new long[4 * (s + 1)];
        if (!inst.strict()) {
            long[] f1 = new long[4 * mPad];
            LineFold.errors(m, az, bz, cz, inst.u(), f1);
            LineFold.linePoly(f1, s, tau1, tau2, c);
            for (int j = 1; j <= s; j++) {
                Fr.copy(c, 4 * j, msg, 4 * FoldSteps.f1(s, j));
            }
        }
        LineFold.linePoly(t, s, tau1, tau2, c);
        for (int j = 0; j <= s; j++) {
            Fr.copy(c, 4 * j, msg, 4 * FoldSteps.tt(s, j));
        }
        if (f2 != null) {
            LineFold.linePoly(f2, s, tau1, tau2, c);
            for (int j = 0; j < s; j++) {
                Fr.copy(c, 4 * j, msg, 4 * FoldSteps.f2(s, j));
            }
        }
    }

    /**
     * Commits a message over its block of generators ({@code index * messageLength}, only the nonzero entries
     * enter the MSM) with a fresh blind, runs {@link FoldSteps#end} and records the message with its
     * coefficients; updates the claim {@code e += <lambda, message>}.
     */
    private G1Point commitMessage(long[] msg, int index, PedersenKey key, Random rnd, FoldSteps.Plan p, Transcript tr) {
        return commitMessage(msg, index, key, rnd, p, tr, null, null);
    }

    /** As above, the commitment also covering {@code spill} at the positions {@code spillAt} (the blinding message's masks). */
    private G1Point commitMessage(long[] msg, int index, PedersenKey key, Random rnd, FoldSteps.Plan p, Transcript tr,
                                  int[] spillAt, long[] spill) {
        int len = msg.length / 4;
        int extra = spillAt == null ? 0 : spillAt.length;
        int[] idx = new int[len + extra];
        long[] vals = new long[4 * (len + extra)];
        int n = 0;
        for (int j = 0; j < len; j++) {
            if (!Fr.isZero(msg, 4 * j)) {
                idx[n] = index * len + j;
                Fr.copy(msg, 4 * j, vals, 4 * n++);
            }
        }
        for (int j = 0; j < extra; j++) {
            idx[n] = spillAt[j];
            Fr.copy(spill, 4 * j, vals, 4 * n++);
        }
        long[] rho = Scalars.random(rnd);
        G1Point point = key.commitAt(idx, vals, n, rho);
        if (messageTamper != null) {
            point = messageTamper.apply(index, point);
        }
        FoldSteps.end(tr, p, point);
        long[] lambda = FoldSteps.lambda(p);
        long[] d = new long[4];
        Fr.innerProduct(lambda, 0, msg, 0, d, 0, len);
        Fr.add(wit.e(), 0, d, 0, wit.e(), 0);
        messages.put(index, new Message(msg, rho, lambda, extra == 0 ? null : spillAt, extra == 0 ? null : spill));
        return point;
    }

    /**
     * The witness side of a fold with a full-width {@code U2} (another running pair, the blinding instance):
     * {@code W = W1 + g W2}, blinds, products, {@code U2}'s claim and messages (scaled by
     * {@link FoldSteps#scale2}).
     */
    private void foldRelaxedWitness(FoldSteps.Plan p, RelaxedInstance u2, Accumulator from, RelaxedWitness w2, long[] az2,
                                    long[] bz2, long[] cz2, long[] e2, TreeMap<Integer, Message> msgs2) {
        freshStart = null;
        long[] g = p.gamma();
        inst = foldInstance(u2, from, g, FoldSteps.point(p));
        for (int sl = 0; sl < wit.numSlots(); sl++) {
            Scalars.axpy(g, w2.slots()[sl], wit.slots()[sl], w2.slots()[sl].length / 4);
        }
        Scalars.axpy(g, w2.slotBlinds(), wit.slotBlinds(), wit.numSlots());
        Scalars.axpy(g, az2, az, m);
        Scalars.axpy(g, bz2, bz, m);
        Scalars.axpy(g, cz2, cz, m);
        long[] sc = FoldSteps.scale2(p);
        if (sc != null) {
            long[] t = new long[4];
            Fr.mul(sc, 0, e2, 0, t, 0);
            Fr.add(wit.e(), 0, t, 0, wit.e(), 0);
            for (Map.Entry<Integer, Message> en : msgs2.entrySet()) {
                Message mg = en.getValue();
                long[] lam = new long[mg.lambda().length];
                Fr.scale(sc, 0, mg.lambda(), 0, lam, 0, lam.length / 4);
                if (messages.put(en.getKey(), new Message(mg.values(), mg.blind(), lam, mg.spillAt(), mg.spill())) != null) {
                    throw new IllegalStateException("fold message " + en.getKey() + " folded twice");
                }
            }
        }
    }

    /**
     * {@code (comm_W1 + g comm_W2, u1 + g u2, x1 + g x2)} at the folded point, the commitments as pending terms:
     * {@code U2}'s own ({@code from}'s base and pending terms when {@code U2} is another running pair's).
     */
    private RelaxedInstance foldInstance(RelaxedInstance u2, Accumulator from, long[] g, long[] tau) {
        RelaxedInstance u1 = inst;
        int n = u1.numSlots();
        if (u2.numSlots() != n || u2.x().length != u1.x().length) {
            throw new IllegalArgumentException("instances of different shapes cannot fold");
        }
        pendingCoef.add(g.clone());
        pendingComms.add(u2.slotComms());
        if (from != null) {
            for (int k = 0; k < from.pendingCoef.size(); k++) {
                long[] c = new long[4];
                Fr.mul(g, 0, from.pendingCoef.get(k), 0, c, 0);
                pendingCoef.add(c);
                pendingComms.add(from.pendingComms.get(k));
            }
        }
        long[] u = new long[4];
        Fr.mul(g, 0, u2.u(), 0, u, 0);
        Fr.add(u1.u(), 0, u, 0, u, 0);
        long[] x = new long[u1.x().length];
        for (int i = 0; i < x.length; i += 4) {
            Fr.mul(g, 0, u2.x(), i, x, i);
            Fr.add(u1.x(), i, x, i, x, i);
        }
        return new RelaxedInstance(u1.slotComms(), u, x, tau);
    }

    /**
     * The layer's message vector for the compression's claim: message {@code i} at entries
     * {@code [i L, (i + 1) L)}, {@code count} messages (every fold of the layer and the blinding one), zero-padded
     * to {@code 2^k}; its coefficients {@code lambda} likewise, and each message's blind. {@code <lambda, a> = e}.
     */
    public CoefficientClaim coefficientClaim(int count) {
        int len = FoldSteps.messageLength(s);
        int k = CoefficientClaim.vars(count, len);
        long[] a = new long[4 << k];
        long[] b = new long[4 << k];
        long[] blinds = new long[4 * count];
        long[] spill = null;
        int owner = -1;
        if (messages.size() != count) {
            throw new IllegalStateException("the pair holds " + messages.size() + " fold messages of " + count);
        }
        for (Map.Entry<Integer, Message> en : messages.entrySet()) {
            int i = en.getKey();
            if (i < 0 || i >= count) {
                throw new IllegalStateException("fold message " + i + " of " + count);
            }
            System.arraycopy(en.getValue().values(), 0, a, 4 * i * len, 4 * len);
            System.arraycopy(en.getValue().lambda(), 0, b, 4 * i * len, 4 * len);
            System.arraycopy(en.getValue().blind(), 0, blinds, 4 * i, 4);
            int[] at = en.getValue().spillAt();
            if (at != null) {
                if (spill != null) {
                    throw new IllegalStateException("two fold messages with masks past their blocks");
                }
                spill = new long[4 << k];
                owner = i;
                for (int j = 0; j < at.length; j++) {
                    System.arraycopy(en.getValue().spill(), 4 * j, spill, 4 * at[j], 4);
                }
            }
        }
        return new CoefficientClaim(a, b, k, len, blinds, spill, owner);
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
     * With {@link #instance()}, {@link #witness()}, {@link #messages()} and {@link #restore} a running pair can
     * be shipped to another process (the Spark engine folds subtrees on executors).
     */
    public long[][] products() {
        return new long[][] {az, bz, cz};
    }

    /** The fold messages behind this pair's claim, by index in the layer (owned: read, do not keep). */
    public Map<Integer, Message> messages() {
        return messages;
    }

    /**
     * A running pair rebuilt from its parts ({@link #instance()}, {@link #witness()}, {@link #products()},
     * {@link #messages()}) for {@code shape}, e.g. received from another process. Only relaxed folds follow
     * ({@link #foldRelaxed(Accumulator, int, Transcript, PedersenKey, Random)}).
     */
    public static Accumulator restore(R1CSShape shape, RelaxedInstance inst, RelaxedWitness wit, long[] az, long[] bz,
                                      long[] cz, Map<Integer, Message> messages) {
        int mPad = eLength(shape);
        int s = Integer.numberOfTrailingZeros(mPad);
        if (az.length != 4 * mPad || bz.length != 4 * mPad || cz.length != 4 * mPad
                || wit.numSlots() != shape.layout().slots().size() || inst.numSlots() != wit.numSlots()
                || (inst.tau() != null && inst.tau().length != 4 * s)) {
            throw new IllegalArgumentException("running pair does not fit the shape of " + shape.name());
        }
        return new Accumulator(shape, inst, wit, az, bz, cz, new TreeMap<>(messages));
    }

    /** The running instance {@code U} (its slot commitments summed from the folds' pending terms on first call). */
    public synchronized RelaxedInstance instance() {
        if (!pendingCoef.isEmpty()) {
            int n = inst.numSlots();
            int k = pendingCoef.size();
            G1Point[] w = new G1Point[n];
            for (int i = 0; i < n; i++) {
                G1Point[] pts = new G1Point[k + 1];
                long[] sc = new long[4 * (k + 1)];
                int at = 0;
                if (!inst.slotComm(i).isIdentity()) {
                    pts[at] = inst.slotComm(i);
                    Fr.copy(Fr.ONE, 0, sc, 0);
                    at++;
                }
                for (int j = 0; j < k; j++) {
                    G1Point c = pendingComms.get(j)[i];
                    if (!c.isIdentity()) {
                        pts[at] = c;
                        Fr.copy(pendingCoef.get(j), 0, sc, 4 * at);
                        at++;
                    }
                }
                w[i] = at == 0 ? G1Point.IDENTITY : foldproof.bn254.msm.Msm.msm(java.util.Arrays.copyOf(pts, at), sc, at);
            }
            pendingCoef.clear();
            pendingComms.clear();
            inst = new RelaxedInstance(w, inst.u(), inst.x(), inst.tau());
        }
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
     * Debug/test check of the running pair with the products recomputed from W (not the folded ones):
     * {@link Relaxed#firstUnsatisfied}.
     */
    public int firstUnsatisfied() {
        return Relaxed.firstUnsatisfied(shape, instance(), wit);
    }
}
