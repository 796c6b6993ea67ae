package foldproof.folding.proof;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A statistical test that two sets of proofs (of two images with the same logits) are indistinguishable, element
 * by element, as zero knowledge demands (docs/security.md, "Zero knowledge, measured").
 *
 * <p>After the public header (magic to label, which must be identical), a proof is a sequence of 32-byte field
 * elements at fixed positions: compressed points (their x coordinate) and scalars mod r. In an honest proof each
 * is uniform on a set of about 2^253 values, whatever the image. For every position {@code j} and the {@code 2n}
 * proofs, the test computes:
 * <ul>
 *   <li><b>repeats</b>: whether any value repeats at {@code j}; under uniformity its probability is below
 *       {@code (2n)^2 / 2^253}, so a repeat is a p-value of about 0 (a deterministic or low-entropy element);</li>
 *   <li><b>uniformity</b> of two bits of the value, its top half ({@code v > m/2}, {@code m} = q or r) and its
 *       parity: exact two-sided binomial tests against 1/2 over all {@code 2n} proofs;</li>
 *   <li><b>two-sample</b>: the same two bits, image A against image B: exact two-sided Fisher tests (2 x 2).</li>
 * </ul>
 * and over the whole proof (constant positions left out) the <b>byte histograms</b>: image A's 256-bin histogram
 * of every byte after the header against image B's (chi-square, 255 df), and the pooled histogram of bytes 2..31 of every element against
 * uniform (chi-square, 255 df; bytes 0 and 1 carry the flags and the modulus' shape).
 *
 * <p>Some positions are constant in every honest proof, whatever the image: structural zeros of the protocol
 * (see {@link #constants}). They reveal nothing; they are not tested for uniformity, but every proof under test
 * must hold the honest constant there (p = 0 otherwise).
 *
 * <p>Decision: the hypothesis "indistinguishable" is rejected when any of the {@code M} p-values is below
 * {@code alpha / M} (Bonferroni: valid however the tests depend on each other; family-wise error at most alpha).
 */
final class Indistinguishability {
    /** BN254 base field modulus q (point x coordinates are below it). */
    static final BigInteger Q = new BigInteger("21888242871839275222246405745257275088696311157297823662689037894645226208583");
    /** BN254 scalar field modulus r. */
    static final BigInteger R = new BigInteger("21888242871839275222246405745257275088548364400416034343698204186575808495617");
    /** Bits of the smallest value set an honest element is uniform on (x coordinates: (q+1)/2 of them). */
    private static final int ENTROPY_BITS = 252;

    private Indistinguishability() { }

    /** One test's p-value and what it tested. */
    record P(String test, double p) { }

    /** The outcome: every p-value, the threshold and what failed. */
    record Report(int positions, int constantPositions, int tests, double alpha, double threshold, List<P> failures,
                  P smallest, P smallestByteTest) {
        boolean indistinguishable() {
            return failures.isEmpty();
        }

        @Override
        public String toString() {
            return String.format("%d positions (%d honest constants), %d tests, alpha %.3g, Bonferroni threshold %.3g: smallest p "
                            + "%.3g (%s), byte histograms smallest p %.3g (%s); %s", positions, constantPositions, tests, alpha,
                    threshold, smallest.p(),
                    smallest.test(), smallestByteTest.p(), smallestByteTest.test(),
                    failures.isEmpty() ? "indistinguishable" : failures.size() + " failures, first " + failures.subList(0,
                            Math.min(5, failures.size())));
        }
    }

    /**
     * The elements after {@code header} that are the same in all {@code honest} proofs (null where they differ).
     * Computed from honest proofs of two images with fresh blinds, these are the protocol's structural constants.
     */
    static byte[][] constants(List<byte[]> honest, int header) {
        byte[] first = honest.get(0);
        byte[][] out = new byte[(first.length - header) / 32][];
        for (int j = 0; j < out.length; j++) {
            int off = header + 32 * j;
            boolean same = true;
            for (byte[] p : honest) {
                same &= Arrays.equals(p, off, off + 32, first, off, off + 32);
            }
            out[j] = same ? Arrays.copyOfRange(first, off, off + 32) : null;
        }
        return out;
    }

    /**
     * Runs the test.
     *
     * @param a         proofs of image A (encoded)
     * @param b         as many proofs of image B
     * @param header    length of the public header (magic to label), identical in every proof
     * @param point     {@code point[j]}: element {@code j} after the header is a compressed point (else a scalar)
     * @param constants the honest prover's constant elements ({@link #constants}); null entries are tested
     */
    static Report test(List<byte[]> a, List<byte[]> b, int header, boolean[] point, byte[][] constants, double alpha) {
        int n = a.size();
        if (b.size() != n || n < 2) {
            throw new IllegalArgumentException("need as many proofs of each image, at least 2");
        }
        List<byte[]> all = new ArrayList<>(a);
        all.addAll(b);
        int len = all.get(0).length;
        for (byte[] p : all) {
            if (p.length != len || !Arrays.equals(p, 0, header, all.get(0), 0, header)) {
                throw new IllegalArgumentException("proofs differ in length or public header: not the same statement");
            }
        }
        int positions = (len - header) / 32;
        if (positions * 32 != len - header || point.length != positions || constants.length != positions) {
            throw new IllegalArgumentException("the proof is not a whole number of field elements after the header");
        }
        List<P> ps = new ArrayList<>();
        int[] top = new int[2 * n];
        int[] low = new int[2 * n];
        int constant = 0;
        for (int j = 0; j < positions; j++) {
            int off = header + 32 * j;
            String where = (point[j] ? "point" : "scalar") + " " + j + " (byte " + off + ")";
            if (constants[j] != null) {
                constant++;
                boolean same = true;
                for (byte[] p : all) {
                    same &= Arrays.equals(p, off, off + 32, constants[j], 0, 32);
                }
                ps.add(new P("honest constant at " + where, same ? 1 : 0));
                continue;
            }
            Set<ByteBuffer> seen = new HashSet<>();
            boolean repeat = false;
            for (int i = 0; i < 2 * n; i++) {
                byte[] e = Arrays.copyOfRange(all.get(i), off, off + 32);
                repeat |= !seen.add(ByteBuffer.wrap(e));
                BigInteger v;
                if (point[j]) {
                    e[0] &= 0x3F;   // flags: identity (0x80), y odd (0x40)
                    v = new BigInteger(1, e);
                    top[i] = v.compareTo(Q.shiftRight(1)) > 0 ? 1 : 0;
                } else {
                    v = new BigInteger(1, e);
                    top[i] = v.compareTo(R.shiftRight(1)) > 0 ? 1 : 0;
                }
                low[i] = v.testBit(0) ? 1 : 0;
            }
            double pairs = (double) n * (2 * n - 1);
            ps.add(new P("repeats at " + where, repeat ? pairs * Math.pow(2, -ENTROPY_BITS) : 1));
            ps.add(new P("top-half uniformity at " + where, binomial(sum(top, 0, 2 * n), 2 * n)));
            ps.add(new P("parity uniformity at " + where, binomial(sum(low, 0, 2 * n), 2 * n)));
            ps.add(new P("top-half A vs B at " + where, fisher(sum(top, 0, n), n, sum(top, n, 2 * n), n)));
            ps.add(new P("parity A vs B at " + where, fisher(sum(low, 0, n), n, sum(low, n, 2 * n), n)));
        }
        long[][] hist = new long[2][256];
        long[] uniform = new long[256];
        for (int i = 0; i < 2 * n; i++) {
            byte[] p = all.get(i);
            for (int k = header; k < len; k++) {
                if (constants[(k - header) / 32] != null) {
                    continue;
                }
                hist[i < n ? 0 : 1][p[k] & 0xFF]++;
                if ((k - header) % 32 >= 2) {
                    uniform[p[k] & 0xFF]++;
                }
            }
        }
        P twoSample = new P("byte histogram A vs B", chiSquareP(twoSampleChiSquare(hist[0], hist[1]), 255));
        P flat = new P("byte histogram (bytes 2..31 of each element) vs uniform", chiSquareP(uniformChiSquare(uniform), 255));
        ps.add(twoSample);
        ps.add(flat);

        double threshold = alpha / ps.size();
        List<P> failures = new ArrayList<>();
        P smallest = ps.get(0);
        for (P p : ps) {
            if (p.p() < threshold) {
                failures.add(p);
            }
            if (p.p() < smallest.p()) {
                smallest = p;
            }
        }
        return new Report(positions, constant, ps.size(), alpha, threshold, failures, smallest,
                twoSample.p() < flat.p() ? twoSample : flat);
    }

    private static int sum(int[] v, int from, int to) {
        int s = 0;
        for (int i = from; i < to; i++) {
            s += v[i];
        }
        return s;
    }

    /** Exact two-sided binomial p-value of {@code k} successes in {@code n} trials against 1/2. */
    static double binomial(int k, int n) {
        int m = Math.min(k, n - k);
        double tail = 0;
        for (int i = 0; i <= m; i++) {
            tail += Math.exp(logChoose(n, i) - n * Math.log(2));
        }
        return Math.min(1, 2 * tail);
    }

    /**
     * Exact two-sided Fisher p-value of the 2 x 2 table (ones and zeros of two groups): {@code k1} ones of
     * {@code n1}, {@code k2} ones of {@code n2}. Sums the probabilities of the tables with the same margins that
     * are at most as likely as the observed one.
     */
    static double fisher(int k1, int n1, int k2, int n2) {
        int ones = k1 + k2;
        int n = n1 + n2;
        double observed = hyper(k1, n1, n2, ones, n);
        double p = 0;
        for (int x = Math.max(0, ones - n2); x <= Math.min(ones, n1); x++) {
            double q = hyper(x, n1, n2, ones, n);
            if (q <= observed * (1 + 1e-9)) {
                p += q;
            }
        }
        return Math.min(1, p);
    }

    private static double hyper(int x, int n1, int n2, int ones, int n) {
        return Math.exp(logChoose(n1, x) + logChoose(n2, ones - x) - logChoose(n, ones));
    }

    private static double logChoose(int n, int k) {
        return logFactorial(n) - logFactorial(k) - logFactorial(n - k);
    }

    private static double logFactorial(int n) {
        double s = 0;
        for (int i = 2; i <= n; i++) {
            s += Math.log(i);
        }
        return s;
    }

    /** Pearson's statistic of a 2 x k table (two histograms over the same bins). */
    static double twoSampleChiSquare(long[] h1, long[] h2) {
        double n1 = Arrays.stream(h1).sum();
        double n2 = Arrays.stream(h2).sum();
        double stat = 0;
        for (int i = 0; i < h1.length; i++) {
            double col = h1[i] + h2[i];
            if (col == 0) {
                continue;
            }
            double e1 = col * n1 / (n1 + n2);
            double e2 = col * n2 / (n1 + n2);
            stat += (h1[i] - e1) * (h1[i] - e1) / e1 + (h2[i] - e2) * (h2[i] - e2) / e2;
        }
        return stat;
    }

    /** Pearson's statistic of a histogram against equal bins. */
    static double uniformChiSquare(long[] h) {
        double e = (double) Arrays.stream(h).sum() / h.length;
        double stat = 0;
        for (long c : h) {
            stat += (c - e) * (c - e) / e;
        }
        return stat;
    }

    /** Upper tail of the chi-square distribution with {@code df} degrees of freedom: Q(df/2, x/2). */
    static double chiSquareP(double x, int df) {
        return upperGamma(df / 2.0, x / 2.0);
    }

    /** Regularized upper incomplete gamma Q(a, x): series below a + 1, Lentz continued fraction above. */
    static double upperGamma(double a, double x) {
        if (x <= 0) {
            return 1;
        }
        double lead = Math.exp(-x + a * Math.log(x) - logGamma(a));
        if (x < a + 1) {
            double term = 1 / a;
            double sum = term;
            for (int k = 1; k < 10_000 && Math.abs(term) > Math.abs(sum) * 1e-15; k++) {
                term *= x / (a + k);
                sum += term;
            }
            return Math.max(0, 1 - sum * lead);
        }
        double tiny = 1e-300;
        double b = x + 1 - a;
        double c = 1 / tiny;
        double d = 1 / b;
        double h = d;
        for (int i = 1; i < 10_000; i++) {
            double an = -i * (i - a);
            b += 2;
            d = an * d + b;
            d = Math.abs(d) < tiny ? tiny : d;
            c = b + an / c;
            c = Math.abs(c) < tiny ? tiny : c;
            d = 1 / d;
            double delta = d * c;
            h *= delta;
            if (Math.abs(delta - 1) < 1e-15) {
                break;
            }
        }
        return lead * h;
    }

    /** ln Gamma(a) for a > 0 (Lanczos, g = 7, n = 9; relative error below 1e-13). */
    static double logGamma(double a) {
        double[] c = {0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
            -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7};
        if (a < 0.5) {
            return Math.log(Math.PI / Math.sin(Math.PI * a)) - logGamma(1 - a);
        }
        a -= 1;
        double s = c[0];
        for (int i = 1; i < 9; i++) {
            s += c[i] / (a + i);
        }
        double t = a + 7.5;
        return 0.5 * Math.log(2 * Math.PI) + (a + 0.5) * Math.log(t) - t + Math.log(s);
    }
}
