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
 * {@code x} are public whatever they are, and what hides the witness is W's uniformity). It needs no error
 * vector and no claim of its own: its fold is a direct one at the running pair's point, whose message carries
 * its {@code e_r = sum_i eq(tau, i) f_i(z_r)} ({@link FoldSteps}). Every slot commitment is hiding with a fresh
 * random blind. The products {@code Az, Bz, Cz} are kept for the cross term.
 */
public record RandomInstance(RelaxedInstance instance, RelaxedWitness witness, long[] az, long[] bz, long[] cz) {

    /**
     * The blinding instance with the given commitments: {@code u = 1}, {@code x = 0}. The verifier builds it
     * from the commitments a proof carries; a prover's blinding pair always has this public part.
     */
    public static RelaxedInstance instance(G1Point[] slotComms, int numPublic) {
        return new RelaxedInstance(slotComms, Fr.ONE.clone(), new long[4 * numPublic]);
    }

    /** Samples the pair; {@code rnd} must be a cryptographic source outside tests. */
    public static RandomInstance sample(R1CSShape shape, PedersenKey key, Random rnd) {
        return sampleAsync(shape, key, rnd).join();
    }

    /**
     * Draws the pair's randomness from {@code rnd} now (on the calling thread) and makes its commitments and
     * products in a task of the common pool: the prover starts it with a layer's folds, which leave cores idle
     * between their multi-scalar multiplications.
     */
    public static java.util.concurrent.ForkJoinTask<RandomInstance> sampleAsync(R1CSShape shape, PedersenKey key, Random rnd) {
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
        return java.util.concurrent.ForkJoinTask.adapt(() -> of(shape, key, w, blinds)).fork();
    }

    /**
     * The pair with witness slots {@code w} (zero past each slot's length), their blinds, and the fixed public
     * part of {@link #instance}, every commitment made here. {@link #sample} draws its arguments uniformly.
     */
    public static RandomInstance of(R1CSShape shape, PedersenKey key, long[][] w, long[] blinds) {
        SegmentLayout lay = shape.layout();
        List<SegmentLayout.Slot> ls = lay.slots();
        G1Point[] comms = new G1Point[ls.size()];
        // the slots' MSMs side by side (small slots leave cores idle one at a time)
        java.util.stream.IntStream.range(0, w.length).parallel()
                .forEach(s -> comms[s] = key.commitFixedBase(w[s], ls.get(s).length(), slice(blinds, s)));
        RelaxedInstance pub = instance(comms, lay.numPublic());
        long[][] p = Relaxed.products(shape, w, pub.u(), pub.x());
        return new RandomInstance(pub, new RelaxedWitness(w, blinds, new long[4]), p[0], p[1], p[2]);
    }

    private static long[] slice(long[] v, int i) {
        long[] o = new long[4];
        System.arraycopy(v, 4 * i, o, 0, 4);
        return o;
    }
}
