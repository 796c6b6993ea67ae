package foldproof.folding.nifs;

import foldproof.bn254.fr.Fr;
import foldproof.bn254.g1.G1Point;
import foldproof.folding.transcript.Transcript;

/**
 * The steps of one coefficient fold (docs/protocol.md, section 2) that prover ({@link Accumulator}) and
 * verifier ({@link FoldLedger}) run identically: which points are drawn, where the fold's message puts each
 * coefficient, which challenges follow its commitment, and how the folded claim is a linear function of the
 * messages.
 *
 * <p>A relaxed instance carries a point {@code tau} of {@code s} coordinates ({@code 2^s} = its constraints,
 * padded) and a claim {@code e = sum_i eq(tau, i) f_i(z)}, {@code f_i = (Az)_i (Bz)_i - u (Cz)_i}; a strict
 * instance (a fresh tile, or a fold of nothing but fresh tiles that has not happened yet) has {@code f = 0}
 * and no point. Folding {@code U2} into {@code U1} with challenge {@code gamma} gives
 * {@code z = z1 + gamma z2} and, at a common point, {@code f(z) = f(z1) + gamma T + gamma^2 f(z2)}.
 * Two kinds of fold:
 * <ul>
 *   <li><b>direct</b> (both sides strict, or {@code U2} is the random blinding instance): one point
 *       {@code tau} (drawn when {@code U1} is strict, else {@code U1}'s), the message holds
 *       {@code t = sum eq(tau, i) T_i} and, for the blinding instance, its own
 *       {@code e_r = sum eq(tau, i) f_i(z_r)}; the new claim is {@code e1 + gamma t + gamma^2 e_r}.</li>
 *   <li><b>line</b> (otherwise): a strict side gets a fresh point; with {@code l(Y) = tau1 + Y (tau2 - tau1)}
 *       the message holds the coefficients of {@code F1(Y) = sum eq(l(Y), i) f_i(z1)} but {@code F1_0 = e1},
 *       of {@code TT(Y)} (the same for {@code T}), and of {@code F2(Y)} but {@code F2_s} (which
 *       {@code F2(1) = e2} fixes), each absent when its side is strict; then {@code alpha} and {@code gamma}
 *       are drawn, the point becomes {@code l(alpha)} and the claim
 *       {@code F1(alpha) + gamma TT(alpha) + gamma^2 F2(alpha)}.</li>
 * </ul>
 * A message is committed (hiding) over its own block of generators, {@code messageLength(s)} of them at
 * {@code index * messageLength(s)}; the layer's messages together form one vector, and every claim is
 * {@code <lambda, messages>} for a {@code lambda} both sides compute ({@link #lambda}, {@link #scale2}).
 */
public final class FoldSteps {
    private FoldSteps() { }

    /** Entries of one fold message: a power of two at least {@code 3s + 1} (and at least 4). */
    public static int messageLength(int s) {
        int n = Math.max(4, 3 * s + 1);
        return Integer.bitCount(n) == 1 ? n : Integer.highestOneBit(n) << 1;
    }

    /** Position of {@code F1_j}, {@code j = 1..s}. */
    static int f1(int s, int j) {
        return j - 1;
    }

    /** Position of {@code TT_j}, {@code j = 0..s}; {@code t} of a direct fold is {@code TT_0}'s. */
    static int tt(int s, int j) {
        return s + j;
    }

    /** Position of {@code F2_j}, {@code j = 0..s-1}; the blinding instance's {@code e_r} is {@code F2_0}'s. */
    static int f2(int s, int j) {
        return 2 * s + 1 + j;
    }

    /** One fold's plan: its kind, points and (after {@link #end}) challenges. */
    public static final class Plan {
        final int s;
        final boolean strict1;
        final boolean strict2;
        final boolean random2;
        final boolean line;
        final long[] tau1;
        final long[] tau2;
        long[] alpha;
        long[] gamma;

        private Plan(int s, boolean strict1, boolean strict2, boolean random2, boolean line, long[] tau1, long[] tau2) {
            this.s = s;
            this.strict1 = strict1;
            this.strict2 = strict2;
            this.random2 = random2;
            this.line = line;
            this.tau1 = tau1;
            this.tau2 = tau2;
        }

        /** The folding challenge {@code gamma} (after {@link #end}). */
        public long[] gamma() {
            return gamma;
        }
    }

    /**
     * Step 1: absorbs {@code incoming} (the instance new to this transcript, or null), then draws the points a
     * strict side needs.
     *
     * @param tau1    {@code U1}'s point, null when {@code U1} is strict
     * @param tau2    {@code U2}'s point, null when {@code U2} is strict or random
     * @param random2 {@code U2} is the blinding instance
     */
    public static Plan begin(Transcript tr, RelaxedInstance incoming, int s, long[] tau1, long[] tau2, boolean random2) {
        if (incoming != null) {
            Nifs.absorbInstance(tr, "U2", incoming);
        }
        boolean strict1 = tau1 == null;
        boolean strict2 = tau2 == null && !random2;
        if (strict1 && (strict2 || random2)) {
            return new Plan(s, true, strict2, random2, false, draw(tr, "fold-tau", s), null);
        }
        if (random2) {
            return new Plan(s, false, false, true, false, tau1, null);
        }
        long[] p1 = strict1 ? draw(tr, "fold-tau1", s) : tau1;
        long[] p2 = strict2 ? draw(tr, "fold-tau2", s) : tau2;
        return new Plan(s, strict1, strict2, false, true, p1, p2);
    }

    private static long[] draw(Transcript tr, String label, int s) {
        long[] out = new long[4 * s];
        for (int k = 0; k < s; k++) {
            tr.challengeScalar(label, out, 4 * k);
        }
        return out;
    }

    /** Step 3: absorbs the message commitment, then draws {@code alpha} (a line fold) and {@code gamma}. */
    public static void end(Transcript tr, Plan p, G1Point message) {
        tr.absorbPoint("fold-message", message);
        if (p.line) {
            p.alpha = tr.challengeScalar("fold-alpha");
        }
        p.gamma = tr.challengeScalar("fold-gamma");
    }

    /** The folded instance's point: {@code tau1} for a direct fold, {@code tau1 + alpha (tau2 - tau1)} for a line. */
    public static long[] point(Plan p) {
        if (!p.line) {
            return p.tau1.clone();
        }
        long[] out = new long[4 * p.s];
        for (int k = 0; k < p.s; k++) {
            Fr.sub(p.tau2, 4 * k, p.tau1, 4 * k, out, 4 * k);
            Fr.mul(out, 4 * k, p.alpha, 0, out, 4 * k);
            Fr.add(out, 4 * k, p.tau1, 4 * k, out, 4 * k);
        }
        return out;
    }

    /**
     * The new claim's coefficients of this fold's message entries ({@code 4 * messageLength(s)} longs): the
     * folded claim is {@code e1 + scale2 * e2 + <lambda, message>}.
     */
    public static long[] lambda(Plan p) {
        int s = p.s;
        long[] out = new long[4 * messageLength(s)];
        long[] g2 = new long[4];
        Fr.mul(p.gamma, 0, p.gamma, 0, g2, 0);
        if (!p.line) {
            Fr.copy(p.gamma, 0, out, 4 * tt(s, 0));
            if (p.random2) {
                Fr.copy(g2, 0, out, 4 * f2(s, 0));
            }
            return out;
        }
        long[] pw = powers(p.alpha, s);
        for (int j = 0; j <= s; j++) {
            if (!p.strict1 && j >= 1) {
                Fr.copy(pw, 4 * j, out, 4 * f1(s, j));
            }
            Fr.mul(p.gamma, 0, pw, 4 * j, out, 4 * tt(s, j));
            if (!p.strict2 && j < s) {
                Fr.sub(pw, 4 * j, pw, 4 * s, out, 4 * f2(s, j));
                Fr.mul(out, 4 * f2(s, j), g2, 0, out, 4 * f2(s, j));
            }
        }
        return out;
    }

    /**
     * The factor of {@code U2}'s claim in the folded claim, {@code gamma^2 alpha^s} for a line fold with a
     * relaxed {@code U2}; null when {@code U2} carries no claim of its own (strict, or the blinding instance,
     * whose {@code e_r} is a message entry).
     */
    public static long[] scale2(Plan p) {
        if (!p.line || p.strict2) {
            return null;
        }
        long[] out = powers(p.alpha, p.s);
        long[] as = new long[4];
        Fr.copy(out, 4 * p.s, as, 0);
        Fr.mul(as, 0, p.gamma, 0, as, 0);
        Fr.mul(as, 0, p.gamma, 0, as, 0);
        return as;
    }

    /** {@code 1, y, .., y^n}. */
    static long[] powers(long[] y, int n) {
        long[] out = new long[4 * (n + 1)];
        Fr.copy(Fr.ONE, 0, out, 0);
        for (int j = 1; j <= n; j++) {
            Fr.mul(out, 4 * (j - 1), y, 0, out, 4 * j);
        }
        return out;
    }

    /** Whether this fold is a line fold. */
    public static boolean isLine(Plan p) {
        return p.line;
    }

    /** The first point of the fold (its only one when direct). */
    public static long[] tau1(Plan p) {
        return p.tau1;
    }

    /** The second point of a line fold. */
    public static long[] tau2(Plan p) {
        return p.tau2;
    }
}
