package foldproof.folding.spartan;

import foldproof.bn254.fr.Fr;
import foldproof.bn254.g1.G1Point;
import foldproof.folding.VerificationException;
import foldproof.folding.commit.PedersenKey;
import foldproof.folding.ipa.InnerProductArgument;
import foldproof.folding.nifs.LinearInstance;
import foldproof.folding.spartan.polys.EqPoly;
import foldproof.folding.spartan.polys.Mle;
import foldproof.folding.transcript.Transcript;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The verifier side of {@link OpeningAccumulator}: re-derives the pad coordinates and the challenges,
 * checks each merging sum-check, and tracks the running claim's point and value. The running commitment
 * {@code sum_j delta_j C_j} is never computed point by point: its bases and scalars are kept (every
 * distinct commitment the folded instances combine, {@link LinearInstance.Builder}) and enter the final
 * inner-product check's single multi-scalar multiplication.
 */
public final class OpeningChecker {
    private final int vars;
    private final long[] point;
    private final long[] value = new long[4];
    /** The final MSM's bases and coefficients (a row read by several layers is one base). */
    private final LinearInstance.Builder bases = new LinearInstance.Builder();
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

    /** Number of claims queued since the last merge. */
    public int pendingClaims() {
        return pending.size();
    }

    /** One pending claim. */
    private record Claim(G1Point[] comms, long[] scal, int k, long[] p, long[] b, long[] v) { }

    private final List<Claim> pending = new ArrayList<>();

    /**
     * Queues the claim that {@code C = sum_i scal_i comms_i} opens, over {@code 2^k} generators, to value
     * {@code v} at {@code p[po .. po + k)}, for the next {@link #merge}.
     */
    public void claim(G1Point[] comms, long[] scal, int k, long[] p, int po, long[] v) {
        LinearInstance.Combination[] c = new LinearInstance.Combination[comms.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = LinearInstance.Combination.of(comms[i]);
        }
        claim(c, scal, k, p, po, v);
    }

    /**
     * As {@link #claim(G1Point[], long[], int, long[], int, long[])} for commitments given as linear
     * combinations: {@code C = sum_i scal_i comms_i} with each {@code comms_i} itself a combination of points
     * (a folded instance's slot, {@link foldproof.folding.nifs.FoldLedger}); its points and products of
     * coefficients go to the final multi-scalar multiplication.
     */
    public void claim(LinearInstance.Combination[] comms, long[] scal, int k, long[] p, int po, long[] v) {
        if (scal.length != 4 * comms.length) {
            throw new IllegalArgumentException(comms.length + " commitments but " + scal.length / 4 + " scalars");
        }
        int n = 0;
        for (LinearInstance.Combination c : comms) {
            n += c.bases().length;
        }
        G1Point[] flat = new G1Point[n];
        long[] fs = new long[4 * n];
        int at = 0;
        for (int i = 0; i < comms.length; i++) {
            LinearInstance.Combination c = comms[i];
            for (int j = 0; j < c.bases().length; j++) {
                flat[at] = c.bases()[j];
                Fr.mul(scal, 4 * i, c.scalars(), 4 * j, fs, 4 * at);
                at++;
            }
        }
        claimFlat(flat, fs, k, p, po, v);
    }

    private void claimFlat(G1Point[] comms, long[] scal, int k, long[] p, int po, long[] v) {
        if (finished) {
            throw new IllegalStateException("opening checker already finished");
        }
        if (k < 0 || k > vars || scal.length != 4 * comms.length) {
            throw new IllegalArgumentException("claim over 2^" + k + " in an accumulator over 2^" + vars);
        }
        pending.add(new Claim(comms.clone(), scal.clone(), k, Arrays.copyOfRange(p, 4 * po, 4 * (po + k)), null, v.clone()));
    }

    /**
     * Queues the claim that {@code comm} opens, over {@code 2^k} generators, to a vector {@code a} with
     * {@code <b, a> = v} for the explicit public {@code b} ({@code 4 * 2^k} longs; see
     * {@link OpeningAccumulator#claimExplicit}).
     */
    public void claimExplicit(LinearInstance.Combination comm, int k, long[] b, long[] v) {
        if (finished) {
            throw new IllegalStateException("opening checker already finished");
        }
        if (k < 0 || k > vars || b.length != 4 << k) {
            throw new IllegalArgumentException("claim over 2^" + k + " in an accumulator over 2^" + vars);
        }
        pending.add(new Claim(comm.bases().clone(), comm.scalars().clone(), k, new long[0], b.clone(), v.clone()));
    }

    /**
     * Merges the queued claims given the prover's {@link OpeningAccumulator#scalarsPerBatch} scalars at
     * {@code msg[mo..]}, re-deriving every challenge.
     *
     * @param what names the batch in the rejection reason
     */
    public void merge(long[] msg, int mo, Transcript tr, String what) throws VerificationException {
        if (finished) {
            throw new IllegalStateException("opening checker already finished");
        }
        int m = pending.size();
        if (msg.length < mo + 4 * OpeningAccumulator.scalarsPerBatch(vars, m)) {
            throw new VerificationException(what + ": opening accumulation has too few values");
        }
        long[][] q = new long[m][];
        long[] claim = value.clone();
        long[] t = new long[4];
        long[][] padded = new long[m][4];
        for (int j = 0; j < m; j++) {
            Claim c = pending.get(j);
            int pad = vars - c.k();
            q[j] = new long[4 * vars];
            for (int i = 0; i < pad; i++) {
                tr.challengeScalar(OpeningAccumulator.PAD, q[j], 4 * i);
            }
            if (c.b() == null) {
                System.arraycopy(c.p(), 0, q[j], 4 * pad, 4 * c.k());
            }
            OpeningAccumulator.padValue(q[j], pad, c.v(), padded[j]);
        }
        long[] gamma = tr.challengeScalar(OpeningAccumulator.GAMMA);
        long[] g = gamma.clone();
        for (int j = 0; j < m; j++) {
            Fr.mul(g, 0, padded[j], 0, t, 0);
            Fr.add(claim, 0, t, 0, claim, 0);
            Fr.mul(g, 0, gamma, 0, g, 0);
        }
        long[] r = new long[4 * vars];
        long[] fin = SumCheck.verify(vars, 2, claim, msg, mo, tr, r, what + ": opening accumulation sum-check");
        int eo = mo + 8 * vars;
        // eq(q_acc, r) acc(r) + sum_j gamma^j eq(q_j, r) a_j(r)
        long[] sum = new long[4];
        long[] e = new long[4];
        EqPoly.evaluate(point, 0, r, 0, vars, sum, 0);
        Fr.mul(sum, 0, msg, eo, sum, 0);
        Fr.copy(gamma, 0, g, 0);
        for (int j = 0; j < m; j++) {
            Claim c = pending.get(j);
            if (c.b() == null) {
                EqPoly.evaluate(q[j], 0, r, 0, vars, e, 0);
            } else {
                // eq over the pad coordinates, then b's MLE at the rest of r
                int pad = vars - c.k();
                EqPoly.evaluate(q[j], 0, r, 0, pad, e, 0);
                Mle.evaluate(c.b(), 1 << c.k(), c.k(), r, pad, t, 0);
                Fr.mul(e, 0, t, 0, e, 0);
            }
            Fr.mul(e, 0, g, 0, e, 0);
            Fr.mul(e, 0, msg, eo + 4 * (j + 1), e, 0);
            Fr.add(sum, 0, e, 0, sum, 0);
            Fr.mul(g, 0, gamma, 0, g, 0);
        }
        if (!Fr.equal(sum, 0, fin, 0)) {
            throw new VerificationException(what + ": opening accumulation final evaluation does not match");
        }
        tr.absorbScalars(OpeningAccumulator.EVALS, Arrays.copyOfRange(msg, eo, eo + 4 * (m + 1)), m + 1);
        long[] delta = tr.challengeScalar(OpeningAccumulator.DELTA);
        long[] d = delta.clone();
        Fr.copy(msg, eo, value, 0);
        for (int j = 0; j < m; j++) {
            Claim c = pending.get(j);
            for (int i = 0; i < c.comms().length; i++) {
                Fr.mul(d, 0, c.scal(), 4 * i, t, 0);
                bases.add(c.comms()[i], t, 0);
            }
            Fr.mul(d, 0, msg, eo + 4 * (j + 1), t, 0);
            Fr.add(value, 0, t, 0, value, 0);
            Fr.mul(d, 0, delta, 0, d, 0);
        }
        System.arraycopy(r, 0, point, 0, r.length);
        pending.clear();
    }

    /** Checks the final opening of the running claim; ends the checker. */
    public void finish(PedersenKey key, FinalOpening fo, Transcript tr) throws VerificationException {
        if (finished) {
            throw new IllegalStateException("opening checker already finished");
        }
        if (!pending.isEmpty()) {
            throw new IllegalStateException(pending.size() + " claims were never merged");
        }
        finished = true;
        LinearInstance.Combination all = bases.build();
        InnerProductArgument.verify(key, all.bases(), all.scalars(), fo.rho(), value, point, 0, vars,
                fo.ipa(), tr, "final opening");
    }
}
