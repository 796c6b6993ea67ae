package foldproof.folding.spartan;

import foldproof.bn254.fr.Fr;
import foldproof.bn254.g1.G1Point;
import foldproof.circuits.r1cs.R1CSShape;
import foldproof.circuits.r1cs.SegmentLayout;
import foldproof.folding.VerificationException;
import foldproof.folding.nifs.CoefficientClaim;
import foldproof.folding.nifs.LinearInstance;
import foldproof.circuits.r1cs.ConvTerms;
import foldproof.folding.spartan.polys.ConvMle;
import foldproof.folding.spartan.polys.EqPoly;
import foldproof.folding.spartan.polys.SparseMle;
import foldproof.folding.transcript.Transcript;

/**
 * The verifier side of {@link LayerCompressor}: same transcript order, the matrix evaluations
 * {@code A(r_x, r_y)} etc. from the shape, {@code z(r_y)} from the slot values and the public part, and
 * the layer's opening claims queued in the proof's {@link OpeningChecker} and, at a layer that closes a
 * batch, their merge with the pending claims of earlier layers. Cost:
 * O(nnz + 2^s + 2^(m-1) + weights) field operations (nnz of the verifier's CSR, the conv weights in closed
 * form) and no group operation.
 */
final class LayerVerifier {
    private LayerVerifier() { }

    static void verify(R1CSShape shape, LinearInstance inst, CompressedProof proof, Transcript tr,
                       OpeningChecker openings, boolean merge, LayerCompressor.Scratch scratch) throws VerificationException {
        Dims d = Dims.of(shape);
        String layer = "layer " + shape.name() + ": ";
        SegmentLayout layout = shape.layout();
        if (inst.numSlots() != d.numSlots() || inst.numPublic() != layout.numPublic()) {
            throw new VerificationException(layer + "instance has " + inst.numSlots() + " slot commitments and "
                    + inst.numPublic() + " public inputs, the layout " + d.numSlots() + " and " + layout.numPublic());
        }
        if (proof.sc1.length != 12 * d.s() || proof.sc2.length != 8 * d.m()
                || proof.slotEvals.length != 4 * d.numSlots()
                || proof.openings.length != (merge ? 4 * OpeningAccumulator.scalarsPerBatch(openings.vars(),
                        openings.pendingClaims() + d.numGroups() + 1) : 0)
                || inst.k() > openings.vars() || d.groupVars()[0] > openings.vars()
                || inst.tau().length != 4 * d.s() || inst.lambda().length != 4 << inst.k()
                || (long) inst.messages().length * inst.block() > 1L << inst.k()) {
            throw new VerificationException(layer + "compressed proof does not match the layer's shape");
        }
        long[] cl = proof.claims;
        long[] claimE = {cl[12], cl[13], cl[14], cl[15]};
        LayerCompressor.absorbInstance(tr, inst.u(), inst.x(), inst.numPublic(), claimE);
        // the fold messages' commitment: sum_i beta^i C_i, the coefficients of block i scaled by beta^-i
        long[] beta = tr.challengeScalar(LayerCompressor.MESSAGES);
        int count = inst.messages().length;
        long[][] pw = CoefficientClaim.powers(beta, count);
        LinearInstance.Builder mb = new LinearInstance.Builder();
        for (int i = 0; i < count; i++) {
            mb.add(inst.messages()[i], pw[0], 4 * i);
        }
        LinearInstance.Combination messages = mb.build();
        long[] lambda = inst.lambda().clone();
        int len = inst.block();
        for (int i = 0; i < count; i++) {
            Fr.scale(pw[1], 4 * i, lambda, 4 * i * len, lambda, 4 * i * len, len);
        }
        long[] rx = new long[4 * d.s()];
        long[] fin1 = SumCheck.verify(d.s(), 3, claimE, proof.sc1, tr, rx, layer + "sum-check 1");
        // eq(tau, r_x) (v_A v_B - u v_C)
        long[] t = new long[4];
        long[] t2 = new long[4];
        Fr.mul(cl, 0, cl, 4, t, 0);
        Fr.mul(inst.u(), 0, cl, 8, t2, 0);
        Fr.sub(t, 0, t2, 0, t, 0);
        EqPoly.evaluate(inst.tau(), 0, rx, 0, d.s(), t2, 0);
        Fr.mul(t, 0, t2, 0, t, 0);
        if (!Fr.equal(t, 0, fin1, 0)) {
            throw new VerificationException(layer + "sum-check 1 final evaluation does not match the claims "
                    + "Az(r_x), Bz(r_x), Cz(r_x)");
        }
        tr.absorbScalars("spartan-claims", cl, 3);
        long[] rabc = LayerCompressor.challenges(tr, "spartan-rabc", 3);
        long[] claim2 = new long[4];
        for (int i = 0; i < 3; i++) {
            Fr.mul(rabc, 4 * i, cl, 4 * i, t, 0);
            Fr.add(claim2, 0, t, 0, claim2, 0);
        }
        long[] ry = new long[4 * d.m()];
        long[] fin2 = SumCheck.verify(d.m(), 2, claim2, proof.sc2, tr, ry, layer + "sum-check 2");

        // z(r_y) = (1 - r_y[0]) W(r') + r_y[0] P(r')
        long[] wEval = new long[4];
        for (int i = 0; i < d.numSlots(); i++) {
            SegmentedZ.slotWeight(layout, layout.slots().get(i), ry, 1, t, 0);
            Fr.mul(t, 0, proof.slotEvals, 4 * i, t, 0);
            Fr.add(wEval, 0, t, 0, wEval, 0);
        }
        long[] pEval = new long[4];
        SegmentedZ.publicEval(layout, inst.u(), inst.x(), ry, 1, pEval, 0);
        long[] zr = new long[4];
        Fr.sub(pEval, 0, wEval, 0, zr, 0);
        Fr.mul(zr, 0, ry, 0, zr, 0);
        Fr.add(zr, 0, wEval, 0, zr, 0);
        // M(r_y) from the shape: the two eq tables, then A, B and C (with its described conv terms), in parallel
        // eq(r_y, j) is needed only at W's columns and at u, x: (1 - r_y[0]) eq(r', j), then r_y[0] eq(r', j - |W|)
        int wLen = layout.witnessLength();
        long[] eqRx = scratch.rows(1 << d.s());
        long[] eqRy = scratch.cols(wLen + 1 + layout.numPublic());
        both(() -> EqPoly.tableInto(rx, 0, d.s(), eqRx), () -> {
            long[] oneMinus = new long[4];
            Fr.sub(Fr.ONE, 0, ry, 0, oneMinus, 0);
            EqPoly.tableInto(ry, 1, d.m() - 1, oneMinus, eqRy);
            long[] e = new long[4];
            for (int j = 0; j <= layout.numPublic(); j++) {
                EqPoly.evaluateAtIndex(j, ry, 1, d.m() - 1, e, 0);
                Fr.mul(e, 0, ry, 0, eqRy, 4 * (wLen + j));
            }
        });
        long[] va = new long[4];
        long[] vb = new long[4];
        long[] vc = new long[4];
        both(() -> {
            SparseMle.evaluate(shape.a(), eqRx, eqRy, va, 0);
            SparseMle.evaluate(shape.b(), eqRx, eqRy, vb, 0);
            for (ConvTerms ct : shape.cTerms()) {
                if (ct.inA()) {
                    ConvMle.accumulate(ct, layout, eqRx, ry, va, 0);   // A's described terms (lookup requant)
                }
            }
        }, () -> {
            SparseMle.evaluate(shape.c(), eqRx, eqRy, vc, 0);
            for (ConvTerms ct : shape.cTerms()) {
                if (!ct.inA()) {
                    ConvMle.accumulate(ct, layout, eqRx, ry, vc, 0);   // C's described terms, in closed form
                }
            }
        });
        long[] mr = new long[4];
        long[] mv = new long[4];
        Fr.mul(va, 0, rabc, 0, mr, 0);
        Fr.mul(vb, 0, rabc, 4, mv, 0);
        Fr.add(mr, 0, mv, 0, mr, 0);
        Fr.mul(vc, 0, rabc, 8, mv, 0);
        Fr.add(mr, 0, mv, 0, mr, 0);
        Fr.mul(mr, 0, zr, 0, mr, 0);
        if (!Fr.equal(mr, 0, fin2, 0)) {
            throw new VerificationException(layer + "sum-check 2 final evaluation does not match "
                    + "M(r_x, r_y) z(r_y) (slot values or public inputs wrong)");
        }
        tr.absorbScalars("spartan-slot-evals", proof.slotEvals, d.numSlots());

        long[] c = tr.challengeScalar("spartan-batch");
        long[] powers = LayerCompressor.powers(c, d.numSlots());
        for (int g = 0; g < d.numGroups(); g++) {
            int kg = d.groupVars()[g];
            int members = 0;
            for (int i = 0; i < d.numSlots(); i++) {
                members += d.slotGroup()[i] == g ? 1 : 0;
            }
            LinearInstance.Combination[] comms = new LinearInstance.Combination[members];
            long[] scal = new long[4 * members];
            long[] yW = new long[4];
            int j = 0;
            for (int i = 0; i < d.numSlots(); i++) {
                if (d.slotGroup()[i] != g) {
                    continue;
                }
                comms[j] = inst.slots()[i];
                Fr.copy(powers, 4 * i, scal, 4 * j++);
                Fr.mul(powers, 4 * i, proof.slotEvals, 4 * i, t, 0);
                Fr.add(yW, 0, t, 0, yW, 0);
            }
            openings.claim(comms, scal, kg, ry, d.m() - kg, yW);
        }
        openings.claimExplicit(messages, inst.k(), lambda, claimE);
        if (merge) {
            openings.merge(proof.openings, 0, tr, layer.substring(0, layer.length() - 2));
        }
    }

    /** Runs {@code a} on the common pool and {@code b} on this thread; returns when both are done. */
    static void both(Runnable a, Runnable b) {
        java.util.concurrent.ForkJoinTask<?> fa = java.util.concurrent.ForkJoinTask.adapt(a).fork();
        try {
            b.run();
        } finally {
            fa.join();   // never return while a still writes into shared buffers
        }
    }
}
