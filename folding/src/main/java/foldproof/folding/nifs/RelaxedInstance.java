package foldproof.folding.nifs;

import foldproof.bn254.g1.G1Point;

import java.util.Objects;

/**
 * A committed relaxed R1CS instance {@code U = (comm_W, comm_E, u, x)} of Kothapalli-Setty-Tzialla 2022
 * (Nova, section 4), with the witness commitment split into one Pedersen commitment per layout slot of the
 * layer's {@link foldproof.circuits.r1cs.SegmentLayout} (IN rows, SKIP rows, OUT row, AUX), in layout order.
 *
 * <p>Satisfied by a {@link RelaxedWitness} {@code (W, E)} when every slot commitment opens to its slot of W,
 * {@code commE} opens to E, and {@code (A z) o (B z) = u (C z) + E} with {@code z = (W, u, x)}.
 * A fresh (non-relaxed) instance has {@code u = 1}, {@code E = 0}, {@code commE = identity}.
 *
 * <p>{@code u} is one field element (4 limbs), {@code x} the public inputs (4 limbs each, {@code numPublic}
 * elements; the head's logits, empty elsewhere). Field elements are in {@code Fr}'s internal Montgomery
 * representation, as produced and consumed by the {@code Fr} kernels. The arrays are not copied: treat an
 * instance as immutable once built (folding always builds a new one).
 *
 * @param slotComms one commitment per layout slot, in layout order
 * @param commE     commitment to the error vector E
 * @param u         the relaxation scalar, long[4]
 * @param x         public inputs, long[4 * numPublic]
 */
public record RelaxedInstance(G1Point[] slotComms, G1Point commE, long[] u, long[] x) {
    public RelaxedInstance {
        Objects.requireNonNull(slotComms, "slotComms");
        Objects.requireNonNull(commE, "commE");
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
