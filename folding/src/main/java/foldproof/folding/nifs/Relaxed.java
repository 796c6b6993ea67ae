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
     * First row {@code i} where {@code (Az)_i (Bz)_i != u (Cz)_i + E_i}, or -1. Ignores the commitments
     * (they are checked by the compression argument); recomputes the products from W.
     */
    public static int firstUnsatisfied(R1CSShape shape, RelaxedInstance inst, RelaxedWitness wit) {
        long[] z = z(shape, wit.slots(), inst.u(), inst.x());
        int m = shape.numConstraints();
        long[] az = new long[4 * m];
        long[] bz = new long[4 * m];
        long[] cz = new long[4 * m];
        MatVec.timesFr(shape.a(), z, az);
        MatVec.timesFr(shape.b(), z, bz);
        MatVec.timesFr(shape.c(), z, cz);
        long[] l = new long[4];
        long[] r = new long[4];
        for (int i = 0; i < m; i++) {
            Fr.mul(az, 4 * i, bz, 4 * i, l, 0);
            Fr.mul(inst.u(), 0, cz, 4 * i, r, 0);
            Fr.add(r, 0, wit.e(), 4 * i, r, 0);
            if (!Fr.equal(l, 0, r, 0)) {
                return i;
            }
        }
        for (int i = 4 * m; i < wit.e().length; i++) {
            if (wit.e()[i] != 0) {
                return i / 4;
            }
        }
        return -1;
    }
}
