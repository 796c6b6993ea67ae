package foldproof.folding.spartan;

import foldproof.circuits.r1cs.R1CSShape;
import foldproof.circuits.r1cs.SegmentLayout;
import foldproof.folding.ProofException;

/**
 * Sizes of a layer's Spartan proof, all derived from its R1CS shape (never from proof bytes).
 *
 * @param s        number of constraint variables: {@code 2^s} = numConstraints padded to a power of two
 *                 (also the length of E)
 * @param m        number of z variables: {@code 2^m = 2 * witnessLength}
 * @param groupVars the distinct slot sizes (as variable counts), largest first: one batched W opening per
 *                 size, of length {@code 2^groupVars[g]}
 * @param slotGroup for each slot, the index of its size group
 */
record Dims(int s, int m, int[] groupVars, int[] slotGroup) {
    int numSlots() {
        return slotGroup.length;
    }

    int numGroups() {
        return groupVars.length;
    }

    static Dims of(R1CSShape shape) {
        int nc = shape.numConstraints();
        if (nc <= 0) {
            throw new ProofException("shape " + shape.name() + " has no constraints");
        }
        int s = 32 - Integer.numberOfLeadingZeros(nc - 1);
        SegmentLayout layout = shape.layout();
        int m = SegmentedZ.numVars(layout);
        java.util.TreeSet<Integer> sizes = new java.util.TreeSet<>(java.util.Comparator.reverseOrder());
        for (SegmentLayout.Slot slot : layout.slots()) {
            if (slot.offset() < 0 || slot.offset() + (long) slot.padded() > layout.witnessLength()) {
                throw new ProofException("slot " + slot + " lies outside the witness of shape " + shape.name());
            }
            sizes.add(SegmentedZ.slotVars(slot));
        }
        int[] groupVars = sizes.stream().mapToInt(Integer::intValue).toArray();
        int[] slotGroup = new int[layout.slots().size()];
        for (int i = 0; i < slotGroup.length; i++) {
            int v = SegmentedZ.slotVars(layout.slots().get(i));
            for (int g = 0; g < groupVars.length; g++) {
                if (groupVars[g] == v) {
                    slotGroup[i] = g;
                }
            }
        }
        return new Dims(s, m, groupVars, slotGroup);
    }
}
