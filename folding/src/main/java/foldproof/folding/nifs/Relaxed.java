package foldproof.folding.nifs;

import foldproof.bn254.fr.Fr;
import foldproof.circuits.r1cs.R1CSShape;
import foldproof.circuits.r1cs.SegmentLayout;

import java.util.List;

/** Relaxed R1CS over Fr: assembling {@code z = (W, u, x)} and checking {@code Az o Bz = u Cz + E}. */
public final class Relaxed {
    private Relaxed() { }

    /** {@code z = (W, u, x)} as Fr elements, {@code 4 * zLength} longs; columns outside every slot are zero. */
    public static long[] z(R1CSShape shape, long[][] slots, long[] u, long[] x) {
        SegmentLayout lay = shape.layout();
        List<SegmentLayout.Slot> ls = lay.slots();
        long[] z = new long[4 * lay.zLength()];
        for (int s = 0; s < ls.size(); s++) {
            System.arraycopy(slots[s], 0, z, 4 * ls.get(s).offset(), Math.min(slots[s].length, 4 * ls.get(s).padded()));
        }
        System.arraycopy(u, 0, z, 4 * lay.uColumn(), 4);
        System.arraycopy(x, 0, z, 4 * (lay.uColumn() + 1), x.length);
        return z;
    }

    /**
     * For a strict instance, the first row {@code i} where {@code (Az)_i (Bz)_i != u (Cz)_i}, or -1; for a
     * relaxed one, -1 when its claim {@code sum_i eq(tau, i) ((Az)_i (Bz)_i - u (Cz)_i) = e} holds, else
     * {@link #CLAIM}. Ignores the commitments (they are checked by the compression argument); recomputes the
     * products from W.
     */
    public static int firstUnsatisfied(R1CSShape shape, RelaxedInstance inst, RelaxedWitness wit) {
        int m = shape.numConstraints();
        int mPad = Accumulator.eLength(shape);
        long[] f = errors(shape, wit.slots(), inst.u(), inst.x());
        if (inst.strict()) {
            for (int i = 0; i < m; i++) {
                if (!Fr.isZero(f, 4 * i)) {
                    return i;
                }
            }
            return Fr.isZero(wit.e(), 0) ? -1 : CLAIM;
        }
        long[] v = new long[4];
        int s = Integer.numberOfTrailingZeros(mPad);
        foldproof.folding.spartan.polys.Mle.evaluate(f, mPad, s, inst.tau(), 0, v, 0);
        return Fr.equal(v, 0, wit.e(), 0) ? -1 : CLAIM;
    }

    /**
     * {@code A z, B z, C z} over Fr for {@code z = (W, u, x)}, each {@code 4 * eLength} longs (zero past the
     * constraints).
     */
    public static long[][] products(R1CSShape shape, long[][] slots, long[] u, long[] x) {
        long[] z = z(shape, slots, u, x);
        int mPad = Accumulator.eLength(shape);
        long[][] p = new long[3][4 * mPad];
        MatVec.timesFr(shape.a(), z, p[0]);
        MatVec.timesFr(shape.b(), z, p[1]);
        MatVec.timesFr(shape.c(), z, p[2]);
        return p;
    }

    /** The error vector {@code f = Az o Bz - u Cz} of {@code z = (W, u, x)}, {@code 4 * eLength} longs. */
    public static long[] errors(R1CSShape shape, long[][] slots, long[] u, long[] x) {
        long[][] p = products(shape, slots, u, x);
        long[] f = new long[p[0].length];
        LineFold.errors(shape.numConstraints(), p[0], p[1], p[2], u, f);
        return f;
    }

    /** {@link #firstUnsatisfied}'s answer when a relaxed instance's claim is false. */
    public static final int CLAIM = Integer.MAX_VALUE;
}
