package foldproof.folding.spartan;

import foldproof.bn254.fr.Fr;
import foldproof.circuits.r1cs.R1CSShape;
import foldproof.folding.commit.PedersenKey;
import foldproof.folding.ipa.InnerProductArgument;
import foldproof.folding.ipa.IpaProof;
import foldproof.folding.spartan.polys.EqPoly;
import foldproof.folding.spartan.polys.Mle;
import foldproof.folding.transcript.Transcript;

import java.util.ArrayList;
import java.util.List;

/**
 * The prover side of the proof-wide accumulation of evaluation claims: every layer's compression ends in
 * claims "the vector committed in {@code C} has multilinear extension {@code v} at point {@code p}" (one
 * per W slot-size group, one for E). Instead of one inner-product argument per claim, a layer's claims
 * are merged, in one batch, into one running claim over vectors of length {@code 2^K} ({@code K = log2}
 * of the generator count, the longest committed vector of the model), and ONE inner-product argument
 * opens the running claim at the end of the proof ({@link #finish}). The prover's IPA cost, {@code n}
 * generator scalar multiplications per opening of length {@code n}, is then paid once per proof instead
 * of two to five times per layer.
 *
 * <p><b>Merging a batch</b> of claims {@code (C_j, a_j, k_j, p_j, v_j)}, {@code a_j} of length
 * {@code 2^k_j}, in transcript order (see docs/protocol.md, "Opening accumulation"):
 * <ol>
 *   <li>for each claim in order, draw {@code K - k_j} pad coordinates {@code y_j} ({@code "open-pad"}); the
 *       claim becomes one about the zero-extension of {@code a_j} to length {@code 2^K} at
 *       {@code q_j = (y_j, p_j)} with value {@code v'_j = prod_i (1 - y_ji) v_j}. Because {@code y_j} is
 *       random and drawn after {@code C_j} was fixed, this also proves that {@code C_j} has no component on
 *       the generators past {@code 2^k_j} (a non-zero block {@code h != 0} would contribute
 *       {@code eq(y_j, h) a_h(p_j)}, non-zero with high probability): that keeps a slot inside its padded
 *       length;</li>
 *   <li>draw {@code gamma} ({@code "open-gamma"}) and run a degree-2 sum-check of
 *       {@code sum_x eq(q_acc, x) acc(x) + sum_j gamma^j eq(q_j, x) a_j(x) = v_acc + sum_j gamma^j v'_j}
 *       over {@code K} variables, ending at a fresh point {@code r};</li>
 *   <li>send {@code acc(r), a_1(r), .., a_m(r)} ({@code "open-evals"}); the verifier checks the sum-check's
 *       last value against {@code eq(q_acc, r) acc(r) + sum_j gamma^j eq(q_j, r) a_j(r)};</li>
 *   <li>draw {@code delta} ({@code "open-delta"}); the running claim becomes
 *       {@code (C_acc + sum_j delta^j C_j, acc + sum_j delta^j a_j, r, acc(r) + sum_j delta^j a_j(r))},
 *       its blinding factor {@code rho_acc + sum_j delta^j rho_j}.</li>
 * </ol>
 * The running claim starts as the zero vector (commitment: the identity) with value 0 at the all-zero
 * point.
 *
 * <p><b>When a batch is merged</b> (format 8, {@link #schedule}): a layer's claims are not merged at once but
 * stay pending, and one batch merges the claims of several consecutive layers, so that a proof carries one
 * merging sum-check per batch instead of one per layer. Every pending claim's commitment and value are fixed
 * (absorbed, or derived from absorbed values) during its own layer's compression, before the batch's pad
 * coordinates and challenges are drawn: the merge is the same batching sum-check whether its claims come from
 * one layer or from several. The batches are a function of the model's shapes only (the verifier re-derives
 * them): a batch closes at the first layer where its claims' vectors total at least {@link #BATCH_SPAN}
 * {@code * 2^K} elements, and at the last layer. The pending vectors before a layer's compression therefore
 * total less than {@code BATCH_SPAN * 2^K} elements: the prover's extra memory, constant in depth.
 *
 * <p><b>Cost</b> per batch: O(2^K) field operations for the running vector (about 14 multiplications
 * per element) plus O(2^k_j) per claim: while the sum-check binds a claim's pad variables its vector is
 * zero on the upper half, so its round polynomial has the closed form
 * {@code S v_j prod_{i > t}(1 - y_ji) eq(y_jt, X)(1 - X)}; no group operation. Memory: four vectors of
 * {@code 2^K} elements, the pending claims' vectors (held by reference, less than {@code BATCH_SPAN * 2^K}
 * elements from earlier layers), and during a merge a copy and an eq table of each merged claim. Like the per-layer compression it is not zero-knowledge by itself: the blinding
 * factor is revealed at the end; the witnesses it opens were folded with random satisfying instances first.
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
    // scratch, reused by every batch
    private final long[] eqAcc;
    private final long[] accCopy;
    private final List<Claim> pending = new ArrayList<>();
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
    }

    /** {@code K}: the running vector has {@code 2^K} elements. */
    public int vars() {
        return vars;
    }

    /**
     * A batch of pending claims is merged at the first layer where their vectors (each claim's {@code 2^k_j})
     * total at least {@code BATCH_SPAN * 2^K} elements; the last layer merges whatever is pending. It bounds the
     * vectors the prover keeps for the merge to {@code BATCH_SPAN * 2^K} elements before a layer's compression
     * (16 MiB for {@code K = 16}) and the number of merges of a proof to about
     * {@code sum_l len_l / (BATCH_SPAN * 2^K) + 1}.
     */
    public static final int BATCH_SPAN = 8;

    /**
     * The merge schedule of a proof whose layers have the shapes {@code shapes} (in proof order), with an
     * accumulator over {@code 2^vars} elements: for each layer, the number of claims its compression merges
     * (its own and the pending claims of the layers before it since the last merge), or 0 when its claims stay
     * pending. A function of the shapes only: the verifier and the proof decoder re-derive it.
     */
    public static int[] schedule(int vars, List<R1CSShape> shapes) {
        int[] merged = new int[shapes.size()];
        long span = (long) BATCH_SPAN << vars;
        long length = 0;
        int claims = 0;
        for (int l = 0; l < merged.length; l++) {
            Dims d = Dims.of(shapes.get(l));
            claims += d.numGroups() + 1;
            length += 1L << d.s();
            for (int k : d.groupVars()) {
                length += 1L << k;
            }
            if (length >= span || l == merged.length - 1) {
                merged[l] = claims;
                claims = 0;
                length = 0;
            }
        }
        return merged;
    }

    /** Number of claims queued since the last merge. */
    public int pendingClaims() {
        return pending.size();
    }

    /** Scalars a batch of {@code claims} claims puts in a proof: {@code 2 K} sum-check evaluations, then {@code claims + 1} values. */
    public static int scalarsPerBatch(int vars, int claims) {
        return 2 * vars + claims + 1;
    }

    /** One pending claim. */
    private record Claim(long[] a, int len, int k, long[] p, long[] b, long[] v, long[] blind) { }

    /**
     * Queues the claim {@code MLE(a)(p) = v} for the next {@link #merge}; {@code a} is committed with
     * blinding factor {@code blind} and must not change until the merge.
     *
     * @param a  the vector: the first {@code len} elements ({@code len <= 2^k}) are used, the rest is zero
     * @param k  the claim's variable count ({@code k <= K})
     * @param p  the point: {@code p[po .. po + k)}
     */
    public void claim(long[] a, int len, int k, long[] p, int po, long[] v, long[] blind) {
        if (k < 0 || k > vars || len < 0 || len > (1 << k) || a.length < 4 * len) {
            throw new IllegalArgumentException("claim of length " + len + " over 2^" + k + " in an accumulator over 2^"
                    + vars);
        }
        claimUnchecked(a, len, k, p, po, v, blind);
    }

    /**
     * {@link #claim} without the length check ({@code len} may exceed {@code 2^k}, up to {@code 2^K}): lets
     * the tests play a prover whose vector has a component past its claimed length.
     */
    void claimUnchecked(long[] a, int len, int k, long[] p, int po, long[] v, long[] blind) {
        if (finished) {
            throw new IllegalStateException("opening accumulator already finished");
        }
        pending.add(new Claim(a, len, k, java.util.Arrays.copyOfRange(p, 4 * po, 4 * (po + k)), null, v.clone(), blind.clone()));
    }

    /**
     * Queues the claim {@code <b, a> = v} for an explicit public vector {@code b} of {@code 2^k} elements (the
     * fold messages' claim, whose coefficients are no eq table): merged like an evaluation claim, with {@code b}
     * in place of {@code eq(p, .)}; the verifier evaluates {@code b}'s MLE itself, O(2^k).
     */
    public void claimExplicit(long[] a, int len, int k, long[] b, long[] v, long[] blind) {
        if (k < 0 || k > vars || len < 0 || len > (1 << k) || a.length < 4 * len || b.length != 4 << k) {
            throw new IllegalArgumentException("claim of length " + len + " over 2^" + k + " in an accumulator over 2^"
                    + vars);
        }
        if (finished) {
            throw new IllegalStateException("opening accumulator already finished");
        }
        pending.add(new Claim(a, len, k, new long[0], b, v.clone(), blind.clone()));
    }

    /**
     * Merges the queued claims into the running claim (steps 1-4 above) and writes the
     * {@link #scalarsPerBatch} scalars the verifier needs to {@code out[oo..]}: the sum-check rounds, then
     * {@code acc(r), a_1(r), .., a_m(r)}.
     */
    public void merge(Transcript tr, long[] out, int oo) {
        if (finished) {
            throw new IllegalStateException("opening accumulator already finished");
        }
        int m = pending.size();
        int kk = vars;
        // 1. the pad coordinates (the claimed sum v_acc + sum_j gamma^j v'_j is the verifier's to form)
        long[][] pads = new long[m][];
        for (int j = 0; j < m; j++) {
            int pad = kk - pending.get(j).k();
            pads[j] = new long[4 * pad];
            for (int i = 0; i < pad; i++) {
                tr.challengeScalar(PAD, pads[j], 4 * i);
            }
        }
        long[] gamma = tr.challengeScalar(GAMMA);
        // scale[j]: gamma^(j+1), times prod (1 - r_i) eq(y_i, r_i) over the pad variables bound so far
        long[][] scale = new long[m][4];
        long[] g = gamma.clone();
        long[] t = new long[4];
        for (int j = 0; j < m; j++) {
            Fr.copy(g, 0, scale[j], 0);
            Fr.mul(g, 0, gamma, 0, g, 0);
        }
        // suffix[j][i] = prod_{i' >= i} (1 - y_{j,i'}) over the pad coordinates
        long[][] suffix = new long[m][];
        for (int j = 0; j < m; j++) {
            int pad = kk - pending.get(j).k();
            suffix[j] = new long[4 * (pad + 1)];
            Fr.copy(Fr.ONE, 0, suffix[j], 4 * pad);
            for (int i = pad - 1; i >= 0; i--) {
                Fr.sub(Fr.ONE, 0, pads[j], 4 * i, t, 0);
                Fr.mul(t, 0, suffix[j], 4 * (i + 1), suffix[j], 4 * i);
            }
        }
        // 2. the sum-check
        int n = 1 << kk;
        EqPoly.tableInto(point, 0, kk, eqAcc);
        System.arraycopy(acc, 0, accCopy, 0, 4 * n);
        long[][] eqP = new long[m][];
        long[][] aLow = new long[m][];
        long[] r = new long[4 * kk];
        long[] p = new long[12];
        long[] pj = new long[12];
        long[] scratch = new long[16];
        int len = n;
        for (int round = 0; round < kk; round++) {
            int half = len >>> 1;
            java.util.Arrays.fill(p, 0L);
            SumCheck.quadraticRoundInto(eqAcc, accCopy, half, p, scratch);
            for (int j = 0; j < m; j++) {
                Claim c = pending.get(j);
                int pad = kk - c.k();
                if (round < pad) {
                    // S v_j prod_{i > t} (1 - y_i) * [(1 - y_t), 0, (1 - 3 y_t)] at X = 0, 1, 2
                    Fr.mul(scale[j], 0, c.v(), 0, t, 0);
                    Fr.mul(t, 0, suffix[j], 4 * (round + 1), t, 0);
                    long[] y = pads[j];
                    Fr.sub(Fr.ONE, 0, y, 4 * round, pj, 0);
                    Fr.mul(pj, 0, t, 0, pj, 0);
                    Fr.add(p, 0, pj, 0, p, 0);
                    Fr.add(y, 4 * round, y, 4 * round, pj, 8);
                    Fr.add(pj, 8, y, 4 * round, pj, 8);
                    Fr.sub(Fr.ONE, 0, pj, 8, pj, 8);
                    Fr.mul(pj, 8, t, 0, pj, 8);
                    Fr.add(p, 8, pj, 8, p, 8);
                } else {
                    if (round == pad) {
                        eqP[j] = c.b() != null ? c.b().clone() : EqPoly.table(c.p(), 0, c.k());
                        aLow[j] = new long[4 << c.k()];
                        System.arraycopy(c.a(), 0, aLow[j], 0, 4 * Math.min(c.len(), 1 << c.k()));
                    }
                    java.util.Arrays.fill(pj, 0L);
                    SumCheck.quadraticRoundInto(eqP[j], aLow[j], half, pj, scratch);
                    for (int e = 0; e < 3; e++) {
                        Fr.mul(pj, 4 * e, scale[j], 0, pj, 4 * e);
                        Fr.add(p, 4 * e, pj, 4 * e, p, 4 * e);
                    }
                }
            }
            SumCheck.storeRound(p, 2, out, oo + 8 * round);
            SumCheck.absorbRound(tr, p, 3);
            SumCheck.challenge(tr, r, round);
            Mle.bindTop(eqAcc, len, r, round, scratch);
            Mle.bindTop(accCopy, len, r, round, scratch);
            for (int j = 0; j < m; j++) {
                int pad = kk - pending.get(j).k();
                if (round < pad) {
                    // scale *= eq(y_t, r_t) (1 - r_t)
                    EqPoly.evaluate(pads[j], round, r, round, 1, t, 0);
                    Fr.mul(scale[j], 0, t, 0, scale[j], 0);
                    Fr.sub(Fr.ONE, 0, r, 4 * round, t, 0);
                    Fr.mul(scale[j], 0, t, 0, scale[j], 0);
                } else {
                    Mle.bindTop(eqP[j], len, r, round, scratch);
                    Mle.bindTop(aLow[j], len, r, round, scratch);
                }
            }
            len = half;
        }
        // 3. the values at r: acc(r), and a_j(r) = prod_{i < pad}(1 - r_i) a_j,low(r_low)
        int eo = oo + 8 * kk;
        Fr.copy(accCopy, 0, out, eo);
        for (int j = 0; j < m; j++) {
            Claim c = pending.get(j);
            int pad = kk - c.k();
            long[] aj = new long[4];
            if (aLow[j] == null) {
                // k = 0, no low variable: the one-element table was never built
                Fr.copy(c.len() > 0 ? c.a() : Fr.ZERO, 0, aj, 0);
            } else {
                Fr.copy(aLow[j], 0, aj, 0);
            }
            for (int i = 0; i < pad; i++) {
                Fr.sub(Fr.ONE, 0, r, 4 * i, t, 0);
                Fr.mul(aj, 0, t, 0, aj, 0);
            }
            Fr.copy(aj, 0, out, eo + 4 * (j + 1));
        }
        tr.absorbScalars(EVALS, java.util.Arrays.copyOfRange(out, eo, eo + 4 * (m + 1)), m + 1);
        long[] delta = tr.challengeScalar(DELTA);
        // 4. fold
        long[] d = delta.clone();
        Fr.copy(out, eo, value, 0);
        for (int j = 0; j < m; j++) {
            Claim c = pending.get(j);
            Fr.axpy(d, 0, c.a(), 0, acc, 0, c.len());
            Fr.mul(d, 0, c.blind(), 0, t, 0);
            Fr.add(rho, 0, t, 0, rho, 0);
            Fr.mul(d, 0, out, eo + 4 * (j + 1), t, 0);
            Fr.add(value, 0, t, 0, value, 0);
            Fr.mul(d, 0, delta, 0, d, 0);
        }
        System.arraycopy(r, 0, point, 0, r.length);
        pending.clear();
    }

    /**
     * {@code out = prod_{j < pad} (1 - q_j) v}: the value of the zero-extension at {@code (q, p)} (the
     * verifier's side of step 1).
     */
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
        if (!pending.isEmpty()) {
            throw new IllegalStateException(pending.size() + " claims were never merged");
        }
        finished = true;
        long[] b = EqPoly.table(point, 0, vars);
        long[] r = rho.clone();
        IpaProof ipa = InnerProductArgument.prove(key, acc, b, vars, r, value.clone(), tr);
        return new FinalOpening(r, ipa);
    }
}
