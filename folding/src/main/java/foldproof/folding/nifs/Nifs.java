package foldproof.folding.nifs;

import foldproof.bn254.Lanes;
import foldproof.bn254.fr.Fr;
import foldproof.bn254.fr.FrLanes;
import foldproof.bn254.g1.G1Point;
import foldproof.folding.transcript.Transcript;

/**
 * Pieces of the fold both sides share: the cross term of two relaxed pairs,
 * {@code T = A z1 o B z2 + A z2 o B z1 - u1 * C z2 - u2 * C z1} ({@link #crossTerm}), and the absorption of
 * an instance new to the transcript ({@link #absorbInstance}). The fold itself is {@link FoldSteps}'s (the
 * protocol) and {@link Accumulator}'s (the prover's arithmetic).
 *
 * <p>An instance that is the result of earlier folds (the running instance, a closed pair) is not absorbed:
 * it is a function of what the transcript already holds (the fresh instances and the blinding instance it
 * was folded from, every earlier fold message and challenge), so absorbing it adds nothing to what a
 * challenge depends on, and without it the verifier needs no folded commitment as a point
 * ({@link FoldLedger}). Every instance that enters a layer for the first time is absorbed in full before
 * the challenge that folds it.
 */
public final class Nifs {
    private Nifs() { }

    /**
     * Step 1, the cross term over the first {@code m} constraints:
     * {@code T_i = Az1_i * Bz2_i + Az2_i * Bz1_i - u1 * Cz2_i - u2 * Cz1_i}. All arguments are Fr vectors
     * (4 limbs per element); {@code outT} entries past {@code m} are left as they are.
     */
    public static void crossTerm(int m, long[] az1, long[] bz1, long[] cz1, long[] u1,
                                 long[] az2, long[] bz2, long[] cz2, long[] u2, long[] outT) {
        crossTerm(m, az1, bz1, cz1, u1, az2, bz2, cz2, u2, outT, m >= FrLanes.LANES && Lanes.frReady());
    }

    /** {@link #crossTerm} with the {@link foldproof.bn254.fr.FrLanes} on or off (tests compare both). */
    static void crossTerm(int m, long[] az1, long[] bz1, long[] cz1, long[] u1,
                          long[] az2, long[] bz2, long[] cz2, long[] u2, long[] outT, boolean lanes) {
        Chunks.run(m, (from, to) -> {
            long[] t = new long[4];
            long[] acc = new long[4];
            int first = from;
            if (lanes && to - from >= FrLanes.LANES) {
                first = LaneKernels.crossTerm(az1, bz1, cz1, u1, az2, bz2, cz2, u2, outT, from, to);
            }
            for (int i = first; i < to; i++) {
                int o = 4 * i;
                Fr.mul(az1, o, bz2, o, acc, 0);
                Fr.mul(az2, o, bz1, o, t, 0);
                Fr.add(acc, 0, t, 0, acc, 0);
                Fr.mul(u1, 0, cz2, o, t, 0);
                Fr.sub(acc, 0, t, 0, acc, 0);
                Fr.mul(u2, 0, cz1, o, t, 0);
                Fr.sub(acc, 0, t, 0, acc, 0);
                System.arraycopy(acc, 0, outT, o, 4);
            }
        });
    }

    /** Absorbs every part of an instance new to the transcript (a fresh tile, the blinding instance): each slot commitment, u and x. */
    public static void absorbInstance(Transcript tr, String label, RelaxedInstance inst) {
        tr.absorbLong(label + ".slots", inst.numSlots());
        for (G1Point p : inst.slotComms()) {
            tr.absorbPoint(label + ".comm_W", p);
        }
        tr.absorbScalar(label + ".u", inst.u(), 0);
        tr.absorbScalars(label + ".x", inst.x(), inst.numPublic());
    }
}
