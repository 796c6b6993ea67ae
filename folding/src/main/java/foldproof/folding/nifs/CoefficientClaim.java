package foldproof.folding.nifs;

/**
 * The prover's side of a layer's claim on its fold messages (docs/protocol.md, section 2): the messages as one
 * vector {@code a} (message {@code i} at entries {@code [i L, (i + 1) L)}, {@code L} =
 * {@link FoldSteps#messageLength}), committed as the sum of the messages' commitments with blind
 * {@code blind}, and the public coefficients {@code b} with {@code <b, a> = e}, the folded instance's claim.
 * Both vectors hold {@code 2^k} elements (4 limbs each).
 */
public record CoefficientClaim(long[] a, long[] b, int k, long[] blind) {
    /** Variables of the message vector of {@code count} messages of {@code len} entries: {@code ceil(log2(count len))}. */
    public static int vars(int count, int len) {
        long n = (long) count * len;
        if (n > 1 << 30) {
            throw new IllegalArgumentException(count + " fold messages of " + len + " entries");
        }
        return n <= 1 ? 0 : 64 - Long.numberOfLeadingZeros(n - 1);
    }
}
