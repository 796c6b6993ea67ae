package foldproof.folding.nifs;

import java.util.Objects;

/**
 * The witness of a committed relaxed R1CS instance ({@link RelaxedInstance}) with the blinding factors of its
 * hiding slot commitments, and the value of its claim: slot {@code i} of W is committed as
 * {@code Com(slots[i]; slotBlinds[i])} over the generators {@code G_0 ..} (the same generators for every slot),
 * and {@code e = sum_i eq(tau, i) f_i(z)} (zero for a strict instance).
 *
 * <p>Layout (all field elements 4 limbs, in {@code Fr}'s internal Montgomery representation):
 * <ul>
 *   <li>{@code slots[i]}: Fr vector of the slot's padded length ({@code 4 * padded} longs), layout order;</li>
 *   <li>{@code slotBlinds}: one Fr per slot, {@code 4 * numSlots} longs;</li>
 *   <li>{@code e}: one Fr, long[4].</li>
 * </ul>
 * The arrays are shared, not copied; folding writes into fresh arrays (or, in the prover's accumulator,
 * in place when it owns them).
 *
 * @param slots      witness slots, layout order
 * @param slotBlinds blinding factor per slot
 * @param e          the claim's value
 */
public record RelaxedWitness(long[][] slots, long[] slotBlinds, long[] e) {
    public RelaxedWitness {
        Objects.requireNonNull(slots, "slots");
        Objects.requireNonNull(slotBlinds, "slotBlinds");
        Objects.requireNonNull(e, "e");
        if (slotBlinds.length != 4 * slots.length) {
            throw new IllegalArgumentException("slotBlinds must hold one field element per slot: "
                    + slotBlinds.length + " longs for " + slots.length + " slots");
        }
        if (e.length != 4) {
            throw new IllegalArgumentException("e must be one field element (4 limbs)");
        }
    }

    /** Number of witness slots. */
    public int numSlots() {
        return slots.length;
    }
}
