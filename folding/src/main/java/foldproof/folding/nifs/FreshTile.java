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
 */
public final class FreshTile {
    private final R1CSShape shape;
    private final long[][] slots;
    private final long[] x;
    private final long[] az;
    private final long[] bz;
    private final long[] cz;

    private FreshTile(R1CSShape shape, long[][] slots, long[] x, long[] az, long[] bz, long[] cz) {
        this.shape = shape;
        this.slots = slots;
        this.x = x;
        this.az = az;
        this.bz = bz;
        this.cz = cz;
    }

    /**
     * Lays the tile's slots out in {@code z} and computes {@code A z, B z, C z} exactly.
     *
     * @param slots        one small-integer array per layout slot, layout order, at most the slot's padded length
     * @param publicInputs the tile's public inputs ({@code numPublic} of them)
     */
    public static FreshTile of(R1CSShape shape, long[][] slots, long[] publicInputs) {
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
        return new FreshTile(shape, padded, publicInputs.clone(), az, bz, cz);
    }

    /**
     * Whether {@code (A z) o (B z) = C z} holds exactly over the integers (hence over Fr).
     * Returns the first failing constraint index, or -1.
     */
    public int firstUnsatisfied() {
        for (int i = 0; i < az.length; i++) {
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

    /** Public inputs (shared: do not modify). */
    public long[] x() { return x; }

    long[] az() { return az; }

    long[] bz() { return bz; }

    long[] cz() { return cz; }
}
