package foldproof.folding.nifs;

import foldproof.circuits.r1cs.R1CSShape;
import foldproof.circuits.r1cs.SegmentLayout;
import foldproof.folding.ProofException;

import java.util.List;

/**
 * A fresh (non-relaxed) tile witness {@code z2 = (W2, 1, x2)} in small integers, with its exact products
 * {@code A z2}, {@code B z2}, {@code C z2}. It never holds a field inverse: every value is a bit, byte,
 * quotient or similar, so the products fit in a {@code long} and satisfaction can be checked exactly
 * ({@link #satisfied()}) before any field arithmetic is spent on it.
 *
 * <p>A tile of a layer with lookups has two phases ({@link #phaseOne}, {@link #phaseTwo}): its first-phase
 * slots are small integers as above; its LOOKUP slot (the helpers) and its public inputs (the challenges
 * {@code c, gamma}) are field elements, known once the challenges are drawn, and the rows that read them
 * ({@link LookupRows}, the wide rows) have field products. The other rows keep their exact small products.
 */
public final class FreshTile {
    private final R1CSShape shape;
    private final long[][] slots;
    private final long[] x;
    private final long[] az;
    private final long[] bz;
    private final long[] cz;
    private final LookupRows lk;
    private long[] xFr;
    private long[] helpers;
    /** Each helper's defining row's A and C values ({@code h = num / den}) while the helpers are exactly those. */
    private long[] helperDen;
    private long[] helperNum;
    private long[] helperInv;
    private long[] azW;
    private long[] bzW;
    private long[] czW;

    private FreshTile(R1CSShape shape, long[][] slots, long[] x, long[] az, long[] bz, long[] cz, LookupRows lk) {
        this.shape = shape;
        this.slots = slots;
        this.x = x;
        this.az = az;
        this.bz = bz;
        this.cz = cz;
        this.lk = lk;
    }

    /**
     * The first phase of a tile with lookups: {@link #of} with the LOOKUP slot and the challenges still zero
     * (the small products of the wide rows are then their first-phase parts). Call {@link #phaseTwo} next.
     */
    public static FreshTile phaseOne(R1CSShape shape, LookupRows rows, long[][] slots) {
        long[][] s = slots.clone();
        s[rows.slot] = new long[0];
        FreshTile t = of(shape, s, new long[shape.layout().numPublic()], rows);
        return t;
    }

    /**
     * The second phase: with the tile's challenges {@code c, gamma} (Fr, 4 limbs each, in {@code challenges}),
     * computes every helper from its defining row ({@code h = (C z) / (A z)}) and the wide rows' products.
     * A helper whose denominator vanishes (probability about lookups / r for an honest tile) is left zero,
     * so its row fails and the prover refuses.
     */
    public void phaseTwo(long[] challenges) {
        if (lk == null) {
            throw new IllegalStateException(shape.name() + ": no lookups");
        }
        xFr = java.util.Arrays.copyOf(challenges, 4 * lk.numPublic);
        helpers = new long[4 * lk.padded];
        int n = lk.length;
        long[] den = new long[4 * n];
        long[] num = new long[4 * n];
        long[] rowA = widePartial(0);   // helpers still zero: A z and C z of the defining rows
        long[] rowC = widePartial(2);
        for (int v = 0; v < n; v++) {
            int w = lk.wideIndex[lk.defRow[v]];
            System.arraycopy(rowA, 4 * w, den, 4 * v, 4);
            System.arraycopy(rowC, 4 * w, num, 4 * v, 4);
        }
        helperDen = den.clone();
        helperNum = num;
        foldproof.bn254.fr.Fr.batchInverse(den, 0, den, 0, n);
        helperInv = den;
        for (int v = 0; v < n; v++) {
            foldproof.bn254.fr.Fr.mul(num, 4 * v, den, 4 * v, helpers, 4 * v);
        }
        azW = widePartial(0);
        bzW = widePartial(1);
        czW = widePartial(2);
    }

    /**
     * Recomputes the wide rows' products from the helpers as they now are (a test's malicious prover changes
     * helpers after {@link #phaseTwo}; the fold must then use products that match them).
     */
    public void helpersChanged() {
        helperDen = null;
        helperNum = null;
        helperInv = null;
        azW = widePartial(0);
        bzW = widePartial(1);
        czW = widePartial(2);
    }

    /**
     * Commits the LOOKUP slot ({@code len} entries) with blind {@code blind}. A helper is {@code num / den} with
     * {@code num} a small count (1 for a query, the multiplicity for a table entry), and equal denominators share
     * one inverse: the commitment is {@code sum_d inv(d) (sum_{v: den_v = d} num_v G_v)}, additions plus one MSM
     * over the distinct denominators (a query and the table entry it hits share theirs when the query's scale
     * is 1), about half the MSM of grouping by value. Grouping by value when the helpers were changed after
     * {@link #phaseTwo} (tests) or a numerator is not a small count.
     */
    public foldproof.bn254.g1.G1Point commitHelpers(foldproof.folding.commit.PedersenKey key, int len, long[] blind) {
        int n = Math.min(len, lk.length);
        if (helperDen == null) {
            return key.commitGrouped(helpers, len, blind);
        }
        int[] counts = new int[n];
        int total = 0;
        long[] c = new long[4];
        long[] one = foldproof.bn254.fr.Fr.ONE;
        for (int v = 0; v < n; v++) {
            if (helperNum[4 * v] == one[0] && helperNum[4 * v + 1] == one[1] && helperNum[4 * v + 2] == one[2]
                    && helperNum[4 * v + 3] == one[3]) {
                counts[v] = foldproof.bn254.fr.Fr.isZero(helperDen, 4 * v) ? 0 : 1;
                total += counts[v];
                continue;
            }
            foldproof.bn254.fr.Fr.toCanonical(helperNum, 4 * v, c, 0);
            if (c[1] != 0 || c[2] != 0 || c[3] != 0 || c[0] < 0 || c[0] > 1 << 20) {
                return key.commitGrouped(helpers, len, blind);
            }
            counts[v] = foldproof.bn254.fr.Fr.isZero(helperDen, 4 * v) ? 0 : (int) c[0];
            total += counts[v];
        }
        // equal denominators share one inverse: group the helpers by denominator, each repeated num_v times
        foldproof.folding.commit.ValueGroups vg = foldproof.folding.commit.ValueGroups.of(helperDen, n, v -> counts[v] > 0);
        int[] pos = new int[total];
        int[] group = new int[total];
        int at = 0;
        for (int v = 0; v < n; v++) {
            for (int k = 0; k < counts[v]; k++) {
                pos[at] = v;
                group[at++] = vg.group()[v];
            }
        }
        return key.commitRepeated(pos, group, at, vg.values(helperInv), vg.count(), blind);
    }

    /** Wide rows of matrix {@code k}: the small part plus the wide columns' terms, in Fr. */
    private long[] widePartial(int k) {
        long[] small = k == 0 ? az : k == 1 ? bz : cz;
        int nw = lk.wide.length;
        long[] out = new long[4 * nw];
        for (int i = 0; i < nw; i++) {
            foldproof.bn254.fr.Fr.fromLong(small[lk.wide[i]], out, 4 * i);
        }
        int[] er = lk.eRow[k];
        int[] ec = lk.eCol[k];
        long[] eco = lk.eCoeff[k];
        long[] t = new long[4];
        long[] co = new long[4];
        for (int e = 0; e < er.length; e++) {
            int col = ec[e];
            long[] src;
            int so;
            if (col >= lk.xColumn) {
                src = xFr;
                so = 4 * (col - lk.xColumn);
            } else {
                if (helpers == null) {
                    continue;
                }
                src = helpers;
                so = 4 * (col - lk.offset);
            }
            int o = 4 * lk.wideIndex[er[e]];
            long c = eco[e];
            if (c == 1) {
                foldproof.bn254.fr.Fr.add(out, o, src, so, out, o);
            } else if (c == -1) {
                foldproof.bn254.fr.Fr.sub(out, o, src, so, out, o);
            } else {
                foldproof.bn254.fr.Fr.fromLong(c, co, 0);
                foldproof.bn254.fr.Fr.mul(co, 0, src, so, t, 0);
                foldproof.bn254.fr.Fr.add(out, o, t, 0, out, o);
            }
        }
        return out;
    }

    /**
     * Lays the tile's slots out in {@code z} and computes {@code A z, B z, C z} exactly.
     *
     * @param slots        one small-integer array per layout slot, layout order, at most the slot's padded length
     * @param publicInputs the tile's public inputs ({@code numPublic} of them)
     */
    public static FreshTile of(R1CSShape shape, long[][] slots, long[] publicInputs) {
        for (SegmentLayout.Slot s : shape.layout().slots()) {
            if (s.kind() == SegmentLayout.Kind.LOOKUP) {
                throw new ProofException(shape.name() + ": a tile with lookups is built in two phases");
            }
        }
        return of(shape, slots, publicInputs, null);
    }

    private static FreshTile of(R1CSShape shape, long[][] slots, long[] publicInputs, LookupRows lk) {
        SegmentLayout lay = shape.layout();
        List<SegmentLayout.Slot> ls = lay.slots();
        if (slots.length != ls.size()) {
            throw new ProofException(shape.name() + ": tile witness has " + slots.length + " slots, layout has " + ls.size());
        }
        if (publicInputs.length != lay.numPublic()) {
            throw new ProofException(shape.name() + ": tile has " + publicInputs.length + " public inputs, layout has "
                    + lay.numPublic());
        }
        long[] z = new long[lay.zLength()];
        long[][] padded = new long[slots.length][];
        for (int s = 0; s < slots.length; s++) {
            SegmentLayout.Slot sl = ls.get(s);
            if (slots[s].length > sl.padded()) {
                throw new ProofException(shape.name() + ": slot " + s + " has " + slots[s].length
                        + " values, padded length is " + sl.padded());
            }
            padded[s] = new long[sl.padded()];
            System.arraycopy(slots[s], 0, padded[s], 0, slots[s].length);
            System.arraycopy(slots[s], 0, z, sl.offset(), slots[s].length);
        }
        z[lay.uColumn()] = 1;
        System.arraycopy(publicInputs, 0, z, lay.uColumn() + 1, publicInputs.length);
        int m = shape.numConstraints();
        long[] az = new long[m];
        long[] bz = new long[m];
        long[] cz = new long[m];
        try {
            MatVec.timesSmall(shape.a(), z, az);
            MatVec.timesSmall(shape.b(), z, bz);
            MatVec.timesSmall(shape.c(), z, cz);
        } catch (ArithmeticException e) {
            throw new ProofException(shape.name() + ": tile witness values overflow 64-bit products; not a small-integer witness");
        }
        return new FreshTile(shape, padded, publicInputs.clone(), az, bz, cz, lk);
    }

    /**
     * Whether {@code (A z) o (B z) = C z} holds exactly over the integers (hence over Fr).
     * Returns the first failing constraint index, or -1.
     */
    public int firstUnsatisfied() {
        if (lk != null && azW == null) {
            throw new IllegalStateException(shape.name() + ": second phase not done");
        }
        long[] t = new long[4];
        for (int i = 0; i < az.length; i++) {
            if (lk != null && lk.wideIndex[i] >= 0) {
                int o = 4 * lk.wideIndex[i];
                foldproof.bn254.fr.Fr.mul(azW, o, bzW, o, t, 0);
                if (!foldproof.bn254.fr.Fr.equal(t, 0, czW, o)) {
                    return i;
                }
                continue;
            }
            long lhs;
            try {
                lhs = Math.multiplyExact(az[i], bz[i]);
            } catch (ArithmeticException e) {
                return i; // cannot equal a 64-bit C z; a field wrap-around is not a small-integer witness
            }
            if (lhs != cz[i]) {
                return i;
            }
        }
        return -1;
    }

    /** True when every constraint holds. */
    public boolean satisfied() {
        return firstUnsatisfied() < 0;
    }

    public R1CSShape shape() { return shape; }

    /** Slot {@code s}, zero-padded to its padded length (shared: do not modify). */
    public long[] slot(int s) { return slots[s]; }

    public int numSlots() { return slots.length; }

    /** Public inputs (shared: do not modify); zeros in a tile with lookups, see {@link #xFr()}. */
    public long[] x() { return x; }

    /** Whether the tile has a LOOKUP slot. */
    public boolean hasLookups() { return lk != null; }

    /** The wide rows (null without lookups). */
    public LookupRows lookupRows() { return lk; }

    /** Index of the LOOKUP slot, -1 without. */
    public int lookupSlot() { return lk == null ? -1 : lk.slot; }

    /** The helpers in Fr, 4 limbs each, zero-padded to the slot's padded length (after {@link #phaseTwo}). */
    public long[] helpers() { return helpers; }

    /** The public inputs in Fr: the challenges of a tile with lookups, else the small {@link #x()} mapped. */
    public long[] xFr() {
        if (xFr == null) {
            long[] o = new long[4 * x.length];
            for (int i = 0; i < x.length; i++) {
                foldproof.bn254.fr.Fr.fromLong(x[i], o, 4 * i);
            }
            return o;
        }
        return xFr;
    }

    /** {@code A z} over Fr into {@code out} (4 limbs per row, {@code m} rows): small rows mapped, wide rows overwritten. */
    void azFr(long[] out) { toFr(az, azW, out); }

    void bzFr(long[] out) { toFr(bz, bzW, out); }

    void czFr(long[] out) { toFr(cz, czW, out); }

    private void toFr(long[] small, long[] wideVals, long[] out) {
        MatVec.toFr(small, small.length, out);
        if (lk != null) {
            for (int i = 0; i < lk.wide.length; i++) {
                System.arraycopy(wideVals, 4 * i, out, 4 * lk.wide[i], 4);
            }
        }
    }

    /** Wide-row products in Fr (4 limbs per wide row), after {@link #phaseTwo}. */
    long[] azWide() { return azW; }

    long[] bzWide() { return bzW; }

    long[] czWide() { return czW; }

    long[] az() { return az; }

    long[] bz() { return bz; }

    long[] cz() { return cz; }
}
