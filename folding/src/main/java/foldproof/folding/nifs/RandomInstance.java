package foldproof.folding.nifs;

import foldproof.bn254.fr.Fr;
import foldproof.bn254.g1.G1Point;
import foldproof.circuits.r1cs.R1CSShape;
import foldproof.circuits.r1cs.SegmentLayout;
import foldproof.folding.commit.PedersenKey;

import java.util.List;
import java.util.Random;

/**
 * A uniformly random satisfying relaxed pair of a given shape, folded into a layer's accumulator just
 * before compression so the folded witness is independent of the real one (zero knowledge; see
 * docs/security.md). Sampling: every slot of W uniform over its meaningful entries (the padding stays zero,
 * as it is in every honest tile, so the folded padding reveals nothing), {@code u} and {@code x} uniform, and {@code E := Az o Bz - u Cz}, which makes the pair satisfy by construction. All
 * commitments are hiding with fresh random blinds. The running products {@code Az, Bz, Cz} are kept for
 * the cross term.
 */
public record RandomInstance(RelaxedInstance instance, RelaxedWitness witness, long[] az, long[] bz, long[] cz) {

    /** Samples the pair; {@code rnd} must be a cryptographic source outside tests. */
    public static RandomInstance sample(R1CSShape shape, PedersenKey key, Random rnd) {
        SegmentLayout lay = shape.layout();
        List<SegmentLayout.Slot> ls = lay.slots();
        int mPad = Accumulator.eLength(shape);
        int m = shape.numConstraints();
        long[][] w = new long[ls.size()][];
        long[] blinds = new long[4 * ls.size()];
        G1Point[] comms = new G1Point[ls.size()];
        for (int s = 0; s < w.length; s++) {
            int n = ls.get(s).padded();
            int len = ls.get(s).length();
            w[s] = new long[4 * n];
            for (int i = 0; i < len; i++) {
                Scalars.random(rnd, w[s], 4 * i);
            }
            Scalars.random(rnd, blinds, 4 * s);
        }
        // the slots' MSMs side by side (small slots leave cores idle one at a time); sampling stayed in order
        java.util.stream.IntStream.range(0, w.length).parallel()
                .forEach(s -> comms[s] = key.commit(w[s], ls.get(s).length(), slice(blinds, s)));
        long[] u = Scalars.random(rnd);
        long[] x = new long[4 * lay.numPublic()];
        for (int i = 0; i < lay.numPublic(); i++) {
            Scalars.random(rnd, x, 4 * i);
        }
        long[] z = Relaxed.z(shape, w, u, x);
        long[] az = new long[4 * mPad];
        long[] bz = new long[4 * mPad];
        long[] cz = new long[4 * mPad];
        MatVec.timesFr(shape.a(), z, az);
        MatVec.timesFr(shape.b(), z, bz);
        MatVec.timesFr(shape.c(), z, cz);
        long[] e = new long[4 * mPad];
        long[] t = new long[4];
        for (int i = 0; i < m; i++) {   // E := Az o Bz - u Cz
            Fr.mul(az, 4 * i, bz, 4 * i, e, 4 * i);
            Fr.mul(u, 0, cz, 4 * i, t, 0);
            Fr.sub(e, 4 * i, t, 0, e, 4 * i);
        }
        long[] blindE = Scalars.random(rnd);
        G1Point commE = key.commit(e, m, blindE);   // E is zero past m
        return new RandomInstance(new RelaxedInstance(comms, commE, u, x), new RelaxedWitness(w, blinds, e, blindE),
                az, bz, cz);
    }

    private static long[] slice(long[] v, int i) {
        long[] o = new long[4];
        System.arraycopy(v, 4 * i, o, 0, 4);
        return o;
    }
}
