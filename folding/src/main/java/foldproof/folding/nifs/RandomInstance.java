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
 * as it is in every honest tile, so the folded padding reveals nothing), {@code u = 1} and {@code x = 0}
 * ({@link #instance}: fixed since format 8, so a proof need not carry them; the folded {@code u} and
 * {@code x} are public whatever they are, and what hides the witness is W's uniformity), and
 * {@code E := Az o Bz - u Cz}, which makes the pair satisfy by construction. All commitments are hiding with
 * fresh random blinds. The running products {@code Az, Bz, Cz} are kept for the cross term.
 */
public record RandomInstance(RelaxedInstance instance, RelaxedWitness witness, long[] az, long[] bz, long[] cz) {

    /**
     * The blinding instance with the given commitments: {@code u = 1}, {@code x = 0}. The verifier builds it
     * from the commitments a proof carries; a prover's blinding pair always has this public part.
     */
    public static RelaxedInstance instance(G1Point[] slotComms, G1Point commE, int numPublic) {
        return new RelaxedInstance(slotComms, commE, Fr.ONE.clone(), new long[4 * numPublic]);
    }

    /** Samples the pair; {@code rnd} must be a cryptographic source outside tests. */
    public static RandomInstance sample(R1CSShape shape, PedersenKey key, Random rnd) {
        List<SegmentLayout.Slot> ls = shape.layout().slots();
        long[][] w = new long[ls.size()][];
        long[] blinds = new long[4 * ls.size()];
        for (int s = 0; s < w.length; s++) {
            int n = ls.get(s).padded();
            int len = ls.get(s).length();
            w[s] = new long[4 * n];
            for (int i = 0; i < len; i++) {
                Scalars.random(rnd, w[s], 4 * i);
            }
            Scalars.random(rnd, blinds, 4 * s);
        }
        return satisfying(shape, key, w, blinds, Scalars.random(rnd));
    }

    /**
     * The satisfying pair with witness slots {@code w} (zero past each slot's length), their blinds and E's
     * blind, and the fixed public part of {@link #instance}: {@code E := Az o Bz - Cz}, every commitment made
     * here. {@link #sample} draws its arguments uniformly.
     */
    public static RandomInstance satisfying(R1CSShape shape, PedersenKey key, long[][] w, long[] blinds, long[] blindE) {
        SegmentLayout lay = shape.layout();
        List<SegmentLayout.Slot> ls = lay.slots();
        int mPad = Accumulator.eLength(shape);
        int m = shape.numConstraints();
        G1Point[] comms = new G1Point[ls.size()];
        // the slots' MSMs side by side (small slots leave cores idle one at a time)
        java.util.stream.IntStream.range(0, w.length).parallel()
                .forEach(s -> comms[s] = key.commit(w[s], ls.get(s).length(), slice(blinds, s)));
        RelaxedInstance pub = instance(comms, G1Point.IDENTITY, lay.numPublic());
        long[] u = pub.u();
        long[] z = Relaxed.z(shape, w, u, pub.x());
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
        G1Point commE = key.commit(e, m, blindE);   // E is zero past m
        return new RandomInstance(instance(comms, commE, lay.numPublic()), new RelaxedWitness(w, blinds, e, blindE),
                az, bz, cz);
    }

    private static long[] slice(long[] v, int i) {
        long[] o = new long[4];
        System.arraycopy(v, 4 * i, o, 0, 4);
        return o;
    }
}
