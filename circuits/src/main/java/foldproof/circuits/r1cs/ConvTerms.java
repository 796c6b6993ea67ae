package foldproof.circuits.r1cs;

/**
 * A convolution's weight terms in matrix C of a tile shape, described instead of listed: for every output
 * channel {@code o} and column {@code x}, row {@code rows[o * outW + x]} of C holds
 * {@code sign * w[o, i, ky, kx]} ({@code i < inC / groups}) at slot {@code firstSlot + ky}, position
 * {@code (firstInput(o) + i) * inStride + x*stride + kx - pad} (only where {@code 0 <= x*stride + kx - pad < inW}):
 * a grouped conv's output channel reads the input channels of its group only. That is the accumulator of a conv (or of a projection
 * skip) inside {@link foldproof.circuits.gadgets.Requant}'s decomposition constraint.
 *
 * <p>A shape built for the verifier ({@link ShapeBuilder} with structured terms) leaves these terms out of
 * its CSR and lists them here; the verifier evaluates their multilinear extension in closed form, in
 * O(weights) instead of O(weights * outW) (the positions split into channel bits and column bits because
 * {@code inStride} is a power of two). The prover's shape lists every term in its CSR.
 *
 * @param w         weights, {@code [outC][inC / groups][k][k]}
 * @param inC       channels of the input rows
 * @param inStride  distance between channels in a row slot, a power of two at least {@code inW}
 * @param rows      the C row of each {@code (o, x)}, {@code outC * outW} entries
 * @param inA       the terms are in A instead of C (the class lookup of {@link foldproof.circuits.gadgets.LookupRequant})
 * @param groups    the conv's groups (1: dense)
 */
public record ConvTerms(int[] w, int outC, int inC, int k, int stride, int pad, int inW, int inStride, int outW,
                        int firstSlot, long sign, int[] rows, boolean inA, int groups) {
    /** Dense terms ({@code groups = 1}). */
    public ConvTerms(int[] w, int outC, int inC, int k, int stride, int pad, int inW, int inStride, int outW,
                     int firstSlot, long sign, int[] rows, boolean inA) {
        this(w, outC, inC, k, stride, pad, inW, inStride, outW, firstSlot, sign, rows, inA, 1);
    }

    /** Terms in C (the bit gadget's decomposition constraint). */
    public ConvTerms(int[] w, int outC, int inC, int k, int stride, int pad, int inW, int inStride, int outW,
                     int firstSlot, long sign, int[] rows) {
        this(w, outC, inC, k, stride, pad, inW, inStride, outW, firstSlot, sign, rows, false);
    }

    public ConvTerms {
        if (Integer.bitCount(inStride) != 1 || inStride < inW) {
            throw new IllegalArgumentException("channel stride " + inStride + " is not a power of two >= " + inW);
        }
        if (groups < 1 || inC % groups != 0 || outC % groups != 0) {
            throw new IllegalArgumentException("conv terms: groups " + groups + " must divide " + inC + " and " + outC);
        }
        if ((long) outC * (inC / groups) * k * k != w.length || (long) outC * outW != rows.length) {
            throw new IllegalArgumentException("conv terms: " + w.length + " weights, " + rows.length + " rows for "
                    + outC + "x" + inC + "x" + k + "x" + k + " and " + outW + " columns");
        }
    }

    /** Number of nonzeros these terms stand for (what the CSR would hold). */
    public long nonzeros() {
        long n = 0;
        for (int x = 0; x < outW; x++) {
            for (int kx = 0; kx < k; kx++) {
                int cx = x * stride + kx - pad;
                if (cx >= 0 && cx < inW) {
                    n++;
                }
            }
        }
        return n * outC * groupInC() * k;
    }

    /** Input channels each output channel reads ({@code inC / groups}): the weights' second dimension. */
    public int groupInC() {
        return inC / groups;
    }

    /** The first input channel output channel {@code o} reads. */
    public int firstInput(int o) {
        return o / (outC / groups) * groupInC();
    }
}
