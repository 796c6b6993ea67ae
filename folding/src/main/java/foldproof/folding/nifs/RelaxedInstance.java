package foldproof.folding.nifs;

import foldproof.bn254.g1.G1Point;

import java.util.Objects;

/**
 * A committed relaxed R1CS instance {@code U = (comm_W, u, x, tau)}, with the witness commitment split into
 * one Pedersen commitment per layout slot of the layer's {@link foldproof.circuits.r1cs.SegmentLayout} (IN
 * rows, SKIP rows, OUT row, AUX, LOOKUP), in layout order. Its error vector is never committed: a relaxed
 * instance carries a point {@code tau} and the claim (held by the prover's {@link RelaxedWitness}, by the
 * verifier as a linear function of the fold messages, {@link FoldLedger})
 * {@code sum_i eq(tau, i) ((A z)_i (B z)_i - u (C z)_i) = e} with {@code z = (W, u, x)} (docs/protocol.md,
 * section 2). A strict instance (a fresh tile) has {@code tau = null}: it satisfies
 * {@code (A z) o (B z) = u (C z)} row by row, with {@code u = 1}.
 *
 * <p>{@code u} is one field element (4 limbs), {@code x} the public inputs (4 limbs each, {@code numPublic}
 * elements; the head's logits, empty elsewhere). Field elements are in {@code Fr}'s internal Montgomery
 * representation, as produced and consumed by the {@code Fr} kernels. The arrays are not copied: treat an
 * instance as immutable once built (folding always builds a new one).
 *
 * @param slotComms one commitment per layout slot, in layout order
 * @param u         the relaxation scalar, long[4]
 * @param x         public inputs, long[4 * numPublic]
 * @param tau       the claim's point ({@code 4 * s} longs), null for a strict instance
 */
public record RelaxedInstance(G1Point[] slotComms, long[] u, long[] x, long[] tau) {
    public RelaxedInstance {
        Objects.requireNonNull(slotComms, "slotComms");
        Objects.requireNonNull(u, "u");
        Objects.requireNonNull(x, "x");
        if (u.length != 4) {
            throw new IllegalArgumentException("u must be one field element (4 limbs), got " + u.length);
        }
        if (x.length % 4 != 0) {
            throw new IllegalArgumentException("x must hold whole field elements (4 limbs each), got " + x.length);
        }
        for (int i = 0; i < slotComms.length; i++) {
            Objects.requireNonNull(slotComms[i], "slotComms[" + i + "]");
        }
    }

    /** A strict instance (a fresh tile): no point, no claim. */
    public RelaxedInstance(G1Point[] slotComms, long[] u, long[] x) {
        this(slotComms, u, x, null);
    }

    /** Whether this is a strict instance (no point). */
    public boolean strict() {
        return tau == null;
    }

    /** Number of witness slots (= commitments). */
    public int numSlots() {
        return slotComms.length;
    }

    /** Number of public inputs. */
    public int numPublic() {
        return x.length / 4;
    }

    /** Commitment of slot {@code i}. */
    public G1Point slotComm(int i) {
        return slotComms[i];
    }
}
