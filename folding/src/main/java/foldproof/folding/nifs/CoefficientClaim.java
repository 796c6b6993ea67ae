package foldproof.folding.nifs;

import foldproof.bn254.fr.Fr;

/**
 * The prover's side of a layer's claim on its fold messages (docs/protocol.md, section 2): the messages as one
 * vector {@code a} (message {@code i} at entries {@code [i L, (i + 1) L)}, {@code L = block} =
 * {@link FoldSteps#messageLength}), message {@code i} committed with blind {@code blinds[i]}, and the public
 * coefficients {@code b} with {@code <b, a> = e}, the folded instance's claim. Both vectors hold {@code 2^k}
 * elements (4 limbs each).
 *
 * <p>{@code spill}, when not null, is the part of message {@code spillOwner} (the blinding one) outside its
 * block: uniform masks at entries whose coefficient is zero ({@code Accumulator}'s mask positions).
 *
 * <p>The compression opens {@link #combine}{@code (beta)}, not the plain sum of the messages: a message
 * commitment with a component on another message's block would otherwise change that block's entries after its
 * coefficients were fixed, i.e. change the claim at will (docs/security.md, "Message blocks").
 */
public record CoefficientClaim(long[] a, long[] b, int k, int block, long[] blinds, long[] spill, int spillOwner) {
    /** A claim whose messages stay within their blocks. */
    public CoefficientClaim(long[] a, long[] b, int k, int block, long[] blinds) {
        this(a, b, k, block, blinds, null, -1);
    }

    /** Variables of the message vector of {@code count} messages of {@code len} entries: {@code ceil(log2(count len))}. */
    public static int vars(int count, int len) {
        long n = (long) count * len;
        if (n > 1 << 30) {
            throw new IllegalArgumentException(count + " fold messages of " + len + " entries");
        }
        return n <= 1 ? 0 : 64 - Long.numberOfLeadingZeros(n - 1);
    }

    /** Number of messages. */
    public int count() {
        return blinds.length / 4;
    }

    /**
     * The claim on {@code sum_i beta^i C_i} ({@code C_i} message {@code i}'s commitment, {@code beta} drawn after
     * every message): block {@code i} of {@code a} scaled by {@code beta^i}, of {@code b} by {@code beta^-i}, the
     * blind {@code sum_i beta^i blinds_i}; the same value {@code <b, a>}. Returned with one block of {@code 2^k}.
     */
    public CoefficientClaim combine(long[] beta) {
        long[] a2 = a.clone();
        long[] b2 = b.clone();
        long[] blind = new long[4];
        long[][] pw = powers(beta, count());
        long[] t = new long[4];
        for (int i = 0; i < count(); i++) {
            Fr.scale(pw[0], 4 * i, a, 4 * i * block, a2, 4 * i * block, block);
            Fr.scale(pw[1], 4 * i, b, 4 * i * block, b2, 4 * i * block, block);
            Fr.mul(pw[0], 4 * i, blinds, 4 * i, t, 0);
            Fr.add(blind, 0, t, 0, blind, 0);
            if (i == spillOwner) {
                Fr.axpy(pw[0], 4 * i, spill, 0, a2, 0, 1 << k);
            }
        }
        return new CoefficientClaim(a2, b2, k, 1 << k, blind);
    }

    /** {@code beta^i} and {@code beta^-i} for {@code i < count}, 4 limbs each ({@link #combine}'s, and the verifier's side of it). */
    public static long[][] powers(long[] beta, int count) {
        long[] pw = new long[4 * count];
        long[] ipw = new long[4 * count];
        long[] inv = new long[4];
        Fr.inv(beta, 0, inv, 0);
        Fr.copy(Fr.ONE, 0, pw, 0);
        Fr.copy(Fr.ONE, 0, ipw, 0);
        for (int i = 1; i < count; i++) {
            Fr.mul(pw, 4 * (i - 1), beta, 0, pw, 4 * i);
            Fr.mul(ipw, 4 * (i - 1), inv, 0, ipw, 4 * i);
        }
        return new long[][] {pw, ipw};
    }
}
