package foldproof.folding.nifs;

import foldproof.bn254.Lanes;
import foldproof.bn254.fr.Fr;
import foldproof.bn254.fr.FrLanes;
import foldproof.bn254.g1.G1Point;
import foldproof.folding.transcript.Transcript;

/**
 * The non-interactive folding scheme of Nova (Kothapalli, Setty, Tzialla 2022, Construction 1 made
 * non-interactive with Fiat-Shamir), for committed relaxed R1CS with one commitment per witness slot.
 *
 * <p>Given a running instance {@code U1 = (comm_W1, comm_E1, u1, x1)} and an instance
 * {@code U2 = (comm_W2, comm_E2, u2, x2)} of the same shape:
 * <ol>
 *   <li>the prover computes the cross term
 *       {@code T = A z1 o B z2 + A z2 o B z1 - u1 * C z2 - u2 * C z1} ({@link #crossTerm}) and sends
 *       {@code comm_T = Com(T; r_T)};</li>
 *   <li>both sides absorb {@code comm_T}, preceded by {@code U2} when {@code U2} is new to the transcript
 *       (a fresh tile, the blinding instance), and derive the challenge {@code r} ({@link #challenge});</li>
 *   <li>both fold the instances ({@link #foldInstances}): {@code comm_W = comm_W1 + r comm_W2} per slot,
 *       {@code comm_E = comm_E1 + r comm_T + r^2 comm_E2}, {@code u = u1 + r u2}, {@code x = x1 + r x2};
 *       the prover folds the witness the same way ({@link Accumulator}).</li>
 * </ol>
 * An instance that is the result of earlier folds (the running instance, a closed pair) is not absorbed:
 * it is a function of what the transcript already holds (the fresh instances and the blinding instance
 * it was folded from, every earlier {@code comm_T} and challenge), so absorbing it adds nothing to what a
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

    /**
     * Step 2: absorb {@code incoming} (the instance new to the transcript: a fresh tile or the blinding
     * instance; {@code null} when both sides of the fold are results of earlier folds) and {@code comm_T},
     * then squeeze {@code r} into {@code rOut[0..3]}.
     */
    public static void challenge(Transcript tr, RelaxedInstance incoming, G1Point commT, long[] rOut) {
        if (incoming != null) {
            absorbInstance(tr, "U2", incoming);
        }
        tr.absorbPoint("comm_T", commT);
        tr.challengeScalar("r", rOut, 0);
    }

    /** Absorbs every part of an instance: each slot commitment, comm_E, u and x. */
    public static void absorbInstance(Transcript tr, String label, RelaxedInstance inst) {
        tr.absorbLong(label + ".slots", inst.numSlots());
        for (G1Point p : inst.slotComms()) {
            tr.absorbPoint(label + ".comm_W", p);
        }
        tr.absorbPoint(label + ".comm_E", inst.commE());
        tr.absorbScalar(label + ".u", inst.u(), 0);
        tr.absorbScalars(label + ".x", inst.x(), inst.numPublic());
    }

    /**
     * Step 3, the verifier's (and prover's) fold of the instances with challenge {@code r}:
     * {@code U = (comm_W1 + r comm_W2, comm_E1 + r comm_T + r^2 comm_E2, u1 + r u2, x1 + r x2)}.
     */
    public static RelaxedInstance foldInstances(RelaxedInstance u1, RelaxedInstance u2, G1Point commT, long[] r) {
        int n = u1.numSlots();
        if (u2.numSlots() != n || u2.x().length != u1.x().length) {
            throw new IllegalArgumentException("instances of different shapes cannot fold");
        }
        G1Point[] w = new G1Point[n];
        for (int s = 0; s < n; s++) {
            w[s] = u1.slotComm(s).add(scale(u2.slotComm(s), r));
        }
        G1Point e = u1.commE().add(scale(commT, r));
        if (!u2.commE().isIdentity()) {
            long[] r2 = new long[4];
            Fr.mul(r, 0, r, 0, r2, 0);
            e = e.add(scale(u2.commE(), r2));
        }
        long[] u = new long[4];
        Fr.mul(r, 0, u2.u(), 0, u, 0);
        Fr.add(u1.u(), 0, u, 0, u, 0);
        long[] x = new long[u1.x().length];
        for (int i = 0; i < x.length; i += 4) {
            Fr.mul(r, 0, u2.x(), i, x, i);
            Fr.add(u1.x(), i, x, i, x, i);
        }
        return new RelaxedInstance(w, e, u, x);
    }

    /** {@code k * P} for a field element {@code k} in Fr's internal representation. */
    static G1Point scale(G1Point p, long[] k) {
        if (p.isIdentity()) {
            return p;
        }
        return p.mul(k);
    }
}
