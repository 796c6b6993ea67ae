package foldproof.folding.spartan;

import foldproof.circuits.field.Fr;
import foldproof.folding.commit.PedersenKey;
import foldproof.folding.ipa.InnerProductArgument;
import foldproof.folding.ipa.IpaProof;
import foldproof.folding.spartan.polys.EqPoly;
import foldproof.folding.transcript.Transcript;

/**
 * The prover side of the proof-wide accumulation of evaluation claims: every layer's compression ends in
 * claims "the vector committed in {@code C} has multilinear extension {@code v} at point {@code p}" (one
 * per W slot-size group, one for E). Instead of one inner-product argument per claim, each claim is merged
 * into one running claim over vectors of length {@code 2^K} ({@code K = log2} of the generator count, the
 * longest committed vector of the model), and ONE inner-product argument opens the running claim at the
 * end of the proof ({@link #finish}). The prover's IPA cost, {@code n} generator scalar multiplications per
 * opening of length {@code n}, is then paid once per proof instead of two to five times per layer.
 *
 * <p><b>Adding a claim</b> {@code (C, a, k, p, v)} with {@code a} of length {@code 2^k}, in transcript
 * order (see docs/protocol.md, "Opening accumulation"):
 * <ol>
 *   <li>draw {@code K - k} pad coordinates {@code y} ({@code "open-pad"}); the claim becomes one about the
 *       zero-extension of {@code a} to length {@code 2^K} at {@code q = (y, p)} with value
 *       {@code v' = prod_j (1 - y_j) v}. Because {@code y} is random and drawn after {@code C} was fixed,
 *       this also proves that {@code C} has no component on the generators past {@code 2^k} (a non-zero
 *       block {@code h != 0} would contribute {@code eq(y, h) a_h(p)}, non-zero with high probability),
 *       which is what keeps a slot inside its padded length;</li>
 *   <li>draw {@code gamma} ({@code "open-gamma"}) and run a degree-2 sum-check of
 *       {@code sum_x eq(q_acc, x) acc(x) + gamma eq(q, x) a(x) = v_acc + gamma v'} over {@code K} variables,
 *       ending at a fresh point {@code r};</li>
 *   <li>send {@code acc(r), a(r)} ({@code "open-evals"}); the verifier checks the sum-check's last value
 *       against {@code eq(q_acc, r) acc(r) + gamma eq(q, r) a(r)};</li>
 *   <li>draw {@code delta} ({@code "open-delta"}); the running claim becomes
 *       {@code (C_acc + delta C, acc + delta a, r, acc(r) + delta a(r))}, its blinding factor
 *       {@code rho_acc + delta rho}.</li>
 * </ol>
 * The running claim starts as the zero vector (commitment: the identity) with value 0 at the all-zero
 * point, so every claim is merged the same way. Cost per claim: O(2^K) field operations (about 14
 * multiplications per element) and no group operation; memory: five vectors of {@code 2^K} elements.
 * Like the per-layer compression it is not zero-knowledge by itself: the blinding factor is revealed at
 * the end; the witnesses it opens were folded with random satisfying instances first.
 */
public final class OpeningAccumulator {
    static final String PAD = "open-pad";
    static final String GAMMA = "open-gamma";
    static final String EVALS = "open-evals";
    static final String DELTA = "open-delta";

    private final int vars;
    private final long[] acc;
    private final long[] rho = new long[4];
    private final long[] point;
    private final long[] value = new long[4];
    // scratch, reused by every claim
    private final long[] eqAcc;
    private final long[] accCopy;
    private final long[] eqNew;
    private final long[] aNew;
    private boolean finished;

    /** An empty accumulator for vectors of length {@code 2^vars}. */
    public OpeningAccumulator(int vars) {
        if (vars < 0 || vars > 26) {
            throw new IllegalArgumentException("opening accumulator over 2^" + vars + " elements");
        }
        this.vars = vars;
        int n = 4 << vars;
        acc = new long[n];
        point = new long[4 * vars];
        eqAcc = new long[n];
        accCopy = new long[n];
        eqNew = new long[n];
        aNew = new long[n];
    }

    /** {@code K}: the running vector has {@code 2^K} elements. */
    public int vars() {
        return vars;
    }

    /** Scalars per claim in a proof: {@code 3 K} sum-check evaluations and the two final values. */
    public static int scalarsPerClaim(int vars) {
        return 3 * vars + 2;
    }

    /**
     * Merges the claim {@code MLE(a)(p) = v}, {@code a} committed with blinding factor {@code blind}.
     *
     * @param a       the vector: the first {@code len} elements ({@code len <= 2^k}) are used, the rest is zero
     * @param k       the claim's variable count ({@code k <= K})
     * @param p       the point: {@code p[po .. po + k)}
     * @param out     receives the {@link #scalarsPerClaim} scalars the verifier needs, at {@code out[oo..]}:
     *                the sum-check rounds, then {@code acc(r), a(r)}
     */
    public void add(long[] a, int len, int k, long[] p, int po, long[] v, long[] blind, Transcript tr,
                    long[] out, int oo) {
        if (finished) {
            throw new IllegalStateException("opening accumulator already finished");
        }
        if (k < 0 || k > vars || len < 0 || len > (1 << k) || a.length < 4 * len) {
            throw new IllegalArgumentException("claim of length " + len + " over 2^" + k + " in an accumulator over 2^"
                    + vars);
        }
        merge(a, len, k, p, po, v, blind, tr, out, oo);
    }

    /**
     * {@link #add} without the length check ({@code len} may exceed {@code 2^k}, up to {@code 2^K}): lets the
     * tests play a prover whose vector has a component past its claimed length.
     */
    void merge(long[] a, int len, int k, long[] p, int po, long[] v, long[] blind, Transcript tr, long[] out, int oo) {
        int pad = vars - k;
        long[] q = new long[4 * vars];
        for (int j = 0; j < pad; j++) {
            tr.challengeScalar(PAD, q, 4 * j);
        }
        System.arraycopy(p, 4 * po, q, 4 * pad, 4 * k);
        long[] claim = new long[4];
        padValue(q, pad, v, claim);
        long[] gamma = tr.challengeScalar(GAMMA);
        Fr.mul(claim, 0, gamma, 0, claim, 0);
        Fr.add(claim, 0, value, 0, claim, 0);   // the sum the sum-check proves (checked by the verifier)

        int n = 1 << vars;
        EqPoly.tableInto(point, 0, vars, eqAcc);
        System.arraycopy(acc, 0, accCopy, 0, 4 * n);
        EqPoly.tableInto(q, 0, vars, eqNew);
        Fr.scale(gamma, 0, eqNew, 0, eqNew, 0, n);
        java.util.Arrays.fill(aNew, 0L);
        System.arraycopy(a, 0, aNew, 0, 4 * len);
        long[] r = new long[4 * vars];
        SumCheck.proveQuadraticPair(vars, eqAcc, accCopy, eqNew, aNew, tr, out, oo, r);
        int eo = oo + 12 * vars;
        Fr.copy(accCopy, 0, out, eo);
        Fr.copy(aNew, 0, out, eo + 4);
        tr.absorbScalars(EVALS, java.util.Arrays.copyOfRange(out, eo, eo + 8), 2);
        long[] delta = tr.challengeScalar(DELTA);

        Fr.axpy(delta, 0, a, 0, acc, 0, len);
        long[] t = new long[4];
        Fr.mul(delta, 0, blind, 0, t, 0);
        Fr.add(rho, 0, t, 0, rho, 0);
        System.arraycopy(r, 0, point, 0, r.length);
        Fr.mul(delta, 0, out, eo + 4, t, 0);
        Fr.add(out, eo, t, 0, value, 0);
    }

    /** {@code out = prod_{j < pad} (1 - q_j) v}: the value of the zero-extension at {@code q}. */
    static void padValue(long[] q, int pad, long[] v, long[] out) {
        Fr.copy(v, 0, out, 0);
        long[] t = new long[4];
        for (int j = 0; j < pad; j++) {
            Fr.sub(Fr.ONE, 0, q, 4 * j, t, 0);
            Fr.mul(out, 0, t, 0, out, 0);
        }
    }

    /** Opens the running claim with one inner-product argument of length {@code 2^K}; ends the accumulator. */
    public FinalOpening finish(PedersenKey key, Transcript tr) {
        if (finished) {
            throw new IllegalStateException("opening accumulator already finished");
        }
        finished = true;
        long[] b = EqPoly.table(point, 0, vars);
        long[] r = rho.clone();
        IpaProof ipa = InnerProductArgument.prove(key, acc, b, vars, r, value.clone(), tr);
        return new FinalOpening(r, ipa);
    }
}
