package foldproof.folding.spartan;

import foldproof.circuits.field.Fr;
import foldproof.folding.VerificationException;
import foldproof.folding.commit.PedersenKey;
import foldproof.folding.ec.G1Point;
import foldproof.folding.ipa.InnerProductArgument;
import foldproof.folding.spartan.polys.EqPoly;
import foldproof.folding.transcript.Transcript;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The verifier side of {@link OpeningAccumulator}: re-derives the pad coordinates and the challenges,
 * checks each merging sum-check, and tracks the running claim's point and value. The running commitment
 * {@code sum_j delta_j C_j} is never computed point by point: its bases and scalars are kept (a few per
 * layer) and enter the final inner-product check's single multi-scalar multiplication.
 */
public final class OpeningChecker {
    private final int vars;
    private final long[] point;
    private final long[] value = new long[4];
    private final List<G1Point> bases = new ArrayList<>();
    private long[] scalars = new long[64];
    private boolean finished;

    /** A checker for an accumulator over {@code 2^vars} elements. */
    public OpeningChecker(int vars) {
        if (vars < 0 || vars > 26) {
            throw new IllegalArgumentException("opening accumulator over 2^" + vars + " elements");
        }
        this.vars = vars;
        this.point = new long[4 * vars];
    }

    public int vars() {
        return vars;
    }

    /**
     * Merges the claim that {@code C = sum_i scal_i comms_i} opens, over {@code 2^k} generators, to value
     * {@code v} at {@code p[po .. po + k)}, given the prover's {@link OpeningAccumulator#scalarsPerClaim}
     * scalars at {@code msg[mo..]}.
     *
     * @param what names the claim in the rejection reason
     */
    public void add(G1Point[] comms, long[] scal, int k, long[] p, int po, long[] v, long[] msg, int mo,
                    Transcript tr, String what) throws VerificationException {
        if (finished) {
            throw new IllegalStateException("opening checker already finished");
        }
        if (k < 0 || k > vars || scal.length != 4 * comms.length
                || msg.length < mo + 4 * OpeningAccumulator.scalarsPerClaim(vars)) {
            throw new VerificationException(what + ": claim over 2^" + k + " does not fit the accumulator over 2^" + vars);
        }
        int pad = vars - k;
        long[] q = new long[4 * vars];
        for (int j = 0; j < pad; j++) {
            tr.challengeScalar(OpeningAccumulator.PAD, q, 4 * j);
        }
        System.arraycopy(p, 4 * po, q, 4 * pad, 4 * k);
        long[] claim = new long[4];
        OpeningAccumulator.padValue(q, pad, v, claim);
        long[] gamma = tr.challengeScalar(OpeningAccumulator.GAMMA);
        Fr.mul(claim, 0, gamma, 0, claim, 0);
        Fr.add(claim, 0, value, 0, claim, 0);
        long[] r = new long[4 * vars];
        long[] fin = SumCheck.verify(vars, 2, claim, msg, mo, tr, r, what + ": opening accumulation sum-check");
        int eo = mo + 12 * vars;
        // eq(q_acc, r) acc(r) + gamma eq(q, r) a(r)
        long[] e1 = new long[4];
        long[] e2 = new long[4];
        EqPoly.evaluate(point, 0, r, 0, vars, e1, 0);
        Fr.mul(e1, 0, msg, eo, e1, 0);
        EqPoly.evaluate(q, 0, r, 0, vars, e2, 0);
        Fr.mul(e2, 0, gamma, 0, e2, 0);
        Fr.mul(e2, 0, msg, eo + 4, e2, 0);
        Fr.add(e1, 0, e2, 0, e1, 0);
        if (!Fr.equal(e1, 0, fin, 0)) {
            throw new VerificationException(what + ": opening accumulation final evaluation does not match");
        }
        tr.absorbScalars(OpeningAccumulator.EVALS, Arrays.copyOfRange(msg, eo, eo + 8), 2);
        long[] delta = tr.challengeScalar(OpeningAccumulator.DELTA);
        for (int i = 0; i < comms.length; i++) {
            int at = bases.size();
            if (scalars.length < 4 * (at + 1)) {
                scalars = Arrays.copyOf(scalars, 2 * scalars.length);
            }
            Fr.mul(delta, 0, scal, 4 * i, scalars, 4 * at);
            bases.add(comms[i]);
        }
        System.arraycopy(r, 0, point, 0, r.length);
        Fr.mul(delta, 0, msg, eo + 4, e2, 0);
        Fr.add(msg, eo, e2, 0, value, 0);
    }

    /** Checks the final opening of the running claim; ends the checker. */
    public void finish(PedersenKey key, FinalOpening fo, Transcript tr) throws VerificationException {
        if (finished) {
            throw new IllegalStateException("opening checker already finished");
        }
        finished = true;
        G1Point[] b = bases.toArray(new G1Point[0]);
        InnerProductArgument.verify(key, b, Arrays.copyOf(scalars, 4 * b.length), fo.rho(), value, point, 0, vars,
                fo.ipa(), tr, "final opening");
    }
}
