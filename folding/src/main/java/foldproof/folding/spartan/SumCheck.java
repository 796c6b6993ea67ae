package foldproof.folding.spartan;

import foldproof.bn254.fr.Fr;
import foldproof.folding.VerificationException;
import foldproof.folding.spartan.polys.Mle;
import foldproof.folding.transcript.Transcript;

/**
 * The sum-check protocol (Lund-Fortnow-Karloff-Nisan), non-interactive by Fiat-Shamir, in the two shapes
 * Spartan needs:
 * <ul>
 *   <li>{@link #proveCubic}: {@code sum_x eq(x) (a(x) b(x) - f(x))}, degree 3 per variable
 *       (sum-check 1 with {@code eq = eq(tau, .)}, {@code a = Az}, {@code b = Bz}, {@code f = u Cz + E});</li>
 *   <li>{@link #proveQuadratic}: {@code sum_y m(y) z(y)}, degree 2 (sum-check 2).</li>
 * </ul>
 * Variables are bound in big-endian order (first variable = most significant index bit, see
 * {@link foldproof.folding.spartan.polys.EqPoly}). Round {@code j}'s univariate polynomial is sent as its
 * evaluations at {@code 0, 2, .., d} ({@code d} scalars, {@link #storeRound}): {@code p_j(1)} is not sent,
 * the verifier takes it to be {@code claim_j - p_j(0)} (the round check {@code p_j(0) + p_j(1) = claim_j}
 * then holds by construction, and a wrong polynomial shows in a later claim: the same soundness, one scalar
 * less per round), absorbs all {@code d+1} evaluations into the transcript, draws {@code r_j} and sets
 * {@code claim_{j+1} = p_j(r_j)} by Lagrange interpolation.
 *
 * <p>Cost: per hypercube pair and round, the cubic prover does 6 multiplications for the evaluations and
 * 4 for binding; the quadratic one 2 + 2. Total O(2^n), no allocation in the loops.
 */
public final class SumCheck {
    private static final String ROUND = "sumcheck-round";
    private static final String CHALLENGE = "sumcheck-challenge";

    /** 1/denominator of the Lagrange basis at nodes 0..d, for d = 2 and 3. */
    private static final long[] LAGRANGE2 = lagrangeDenominators(2);
    private static final long[] LAGRANGE3 = lagrangeDenominators(3);

    private SumCheck() { }

    /**
     * Proves {@code sum_x eq(x)(a(x) b(x) - f(x)) = claim} over {@code n} variables. The four vectors
     * ({@code 4 * 2^n} longs each) are consumed (bound in place).
     *
     * @param roundsOut receives {@code n * 3} evaluations ({@code 4*3*n} longs, {@link #storeRound}), round-major
     * @param rOut      receives the {@code n} challenges (the point {@code r_x})
     */
    public static void proveCubic(int n, long[] eq, long[] a, long[] b, long[] f, Transcript tr,
                                  long[] roundsOut, long[] rOut) {
        long[] p = new long[16];
        long[] t = new long[4 * 12];
        // scratch layout in t: 0 dEq, 4 dA, 8 dB, 12 dF, 16 eqT, 20 aT, 24 bT, 28 fT, 32 prod, 36 tmp
        int len = 1 << n;
        for (int j = 0; j < n; j++) {
            int half = len >>> 1;
            java.util.Arrays.fill(p, 0L);
            for (int i = 0; i < half; i++) {
                int lo = 4 * i;
                int hi = 4 * (i + half);
                // t = 0
                cubicTerm(eq, lo, a, lo, b, lo, f, lo, p, 0, t);
                // t = 1
                cubicTerm(eq, hi, a, hi, b, hi, f, hi, p, 4, t);
                // t = 2, 3 by stepping with the deltas
                Fr.sub(eq, hi, eq, lo, t, 0);
                Fr.sub(a, hi, a, lo, t, 4);
                Fr.sub(b, hi, b, lo, t, 8);
                Fr.sub(f, hi, f, lo, t, 12);
                Fr.add(eq, hi, t, 0, t, 16);
                Fr.add(a, hi, t, 4, t, 20);
                Fr.add(b, hi, t, 8, t, 24);
                Fr.add(f, hi, t, 12, t, 28);
                cubicTerm(t, 16, t, 20, t, 24, t, 28, p, 8, t);
                Fr.add(t, 16, t, 0, t, 16);
                Fr.add(t, 20, t, 4, t, 20);
                Fr.add(t, 24, t, 8, t, 24);
                Fr.add(t, 28, t, 12, t, 28);
                cubicTerm(t, 16, t, 20, t, 24, t, 28, p, 12, t);
            }
            storeRound(p, 3, roundsOut, 12 * j);
            absorbRound(tr, p, 4);
            tr.challengeScalar(CHALLENGE, rOut, 4 * j);
            Mle.bindTop(eq, len, rOut, j, t);
            Mle.bindTop(a, len, rOut, j, t);
            Mle.bindTop(b, len, rOut, j, t);
            Mle.bindTop(f, len, rOut, j, t);
            len = half;
        }
    }

    /** acc[ao] += e (x y - w); uses t[32..40) as scratch. */
    private static void cubicTerm(long[] e, int eo, long[] x, int xo, long[] y, int yo, long[] w, int wo,
                                  long[] acc, int ao, long[] t) {
        Fr.mul(x, xo, y, yo, t, 32);
        Fr.sub(t, 32, w, wo, t, 32);
        Fr.mul(t, 32, e, eo, t, 36);
        Fr.add(acc, ao, t, 36, acc, ao);
    }

    /**
     * Proves {@code sum_y m(y) z(y) = claim} over {@code n} variables; both vectors are consumed.
     *
     * @param roundsOut receives {@code n * 2} evaluations ({@link #storeRound})
     * @param rOut      receives the {@code n} challenges (the point {@code r_y})
     */
    public static void proveQuadratic(int n, long[] m, long[] z, Transcript tr, long[] roundsOut, long[] rOut) {
        long[] p = new long[12];
        long[] t = new long[16];
        int len = 1 << n;
        for (int j = 0; j < n; j++) {
            int half = len >>> 1;
            java.util.Arrays.fill(p, 0L);
            quadraticRoundInto(m, z, half, p, t);
            storeRound(p, 2, roundsOut, 8 * j);
            absorbRound(tr, p, 3);
            tr.challengeScalar(CHALLENGE, rOut, 4 * j);
            Mle.bindTop(m, len, rOut, j, t);
            Mle.bindTop(z, len, rOut, j, t);
            len = half;
        }
    }

    /**
     * {@code p[0..12) +=} the round evaluations at 0, 1, 2 of {@code sum m z} over the pairs
     * {@code (i, i + half)}; {@code t} is scratch (16 longs).
     */
    static void quadraticRoundInto(long[] m, long[] z, int half, long[] p, long[] t) {
        for (int i = 0; i < half; i++) {
            int lo = 4 * i;
            int hi = 4 * (i + half);
            Fr.mul(m, lo, z, lo, t, 0);
            Fr.add(p, 0, t, 0, p, 0);
            Fr.mul(m, hi, z, hi, t, 0);
            Fr.add(p, 4, t, 0, p, 4);
            Fr.add(m, hi, m, hi, t, 4);
            Fr.sub(t, 4, m, lo, t, 4);
            Fr.add(z, hi, z, hi, t, 8);
            Fr.sub(t, 8, z, lo, t, 8);
            Fr.mul(t, 4, t, 8, t, 0);
            Fr.add(p, 8, t, 0, p, 8);
        }
    }

    /**
     * Verifies {@code n} rounds of degree {@code degree} against {@code claim}; returns the final claim
     * {@code p_{n-1}(r_{n-1})} (to be checked by the caller against the polynomial at {@code rOut}).
     *
     * @param what names the sum-check in the rejection reason, e.g. "layer conv3: sum-check 1"
     */
    public static long[] verify(int n, int degree, long[] claim, long[] rounds, Transcript tr, long[] rOut,
                                String what) throws VerificationException {
        return verify(n, degree, claim, rounds, 0, tr, rOut, what);
    }

    /** As {@link #verify(int, int, long[], long[], Transcript, long[], String)}, rounds read from {@code rounds[ro..]}. */
    public static long[] verify(int n, int degree, long[] claim, long[] rounds, int ro, Transcript tr, long[] rOut,
                                String what) throws VerificationException {
        int k = degree + 1;
        if (rounds.length < ro + 4 * degree * n) {
            throw new VerificationException(what + ": " + n + " rounds need " + degree * n + " scalars");
        }
        long[] cur = claim.clone();
        long[] p = new long[4 * k];
        for (int j = 0; j < n; j++) {
            // p(0), p(2), .., p(d) from the proof; p(1) = claim - p(0)
            int at = ro + 4 * degree * j;
            Fr.copy(rounds, at, p, 0);
            Fr.sub(cur, 0, rounds, at, p, 4);
            System.arraycopy(rounds, at + 4, p, 8, 4 * (degree - 1));
            absorbRound(tr, p, k);
            tr.challengeScalar(CHALLENGE, rOut, 4 * j);
            interpolate(p, degree, rOut, 4 * j, cur);
        }
        return cur;
    }

    /**
     * Writes a round's evaluations {@code p(0), p(2), .., p(d)} (not {@code p(1)}, which the verifier
     * derives from the claim) to {@code out[oo..oo + 4d)}.
     */
    static void storeRound(long[] p, int degree, long[] out, int oo) {
        Fr.copy(p, 0, out, oo);
        System.arraycopy(p, 8, out, oo + 4, 4 * (degree - 1));
    }

    static void absorbRound(Transcript tr, long[] p, int count) {
        tr.absorbScalars(ROUND, p, count);
    }

    /** Draws round {@code j}'s challenge into {@code r[4j..4j+4)}. */
    static void challenge(Transcript tr, long[] r, int j) {
        tr.challengeScalar(CHALLENGE, r, 4 * j);
    }

    /** out = the degree-d polynomial with values p[0..d] at 0..d, evaluated at r (d = 2 or 3). */
    static void interpolate(long[] p, int degree, long[] r, int ro, long[] out) {
        long[] inv = degree == 3 ? LAGRANGE3 : LAGRANGE2;
        if (degree != 2 && degree != 3) {
            throw new IllegalArgumentException("degree " + degree);
        }
        int k = degree + 1;
        long[] diff = new long[4 * k]; // r - j
        long[] node = new long[4];
        for (int j = 0; j < k; j++) {
            Fr.fromLong(j, node, 0);
            Fr.sub(r, ro, node, 0, diff, 4 * j);
        }
        long[] acc = new long[4];
        long[] term = new long[4];
        for (int i = 0; i < k; i++) {
            Fr.copy(inv, 4 * i, term, 0);
            for (int j = 0; j < k; j++) {
                if (j != i) {
                    Fr.mul(term, 0, diff, 4 * j, term, 0);
                }
            }
            Fr.mul(term, 0, p, 4 * i, term, 0);
            Fr.add(acc, 0, term, 0, acc, 0);
        }
        Fr.copy(acc, 0, out, 0);
    }

    /** Element i: 1 / prod_{j != i} (i - j). */
    private static long[] lagrangeDenominators(int d) {
        long[] out = new long[4 * (d + 1)];
        for (int i = 0; i <= d; i++) {
            long den = 1;
            for (int j = 0; j <= d; j++) {
                if (j != i) {
                    den *= (i - j);
                }
            }
            Fr.fromLong(den, out, 4 * i);
            Fr.inv(out, 4 * i, out, 4 * i);
        }
        return out;
    }
}
