package foldproof.circuits.layers;

import foldproof.circuits.r1cs.SegmentLayout;

/**
 * A fresh tile witness: one array per layout slot (in {@link SegmentLayout#slots()} order, unpadded), all
 * small integers (bits, bytes, int8 inputs, small sums), and the public inputs (the head's logits; empty
 * elsewhere).
 */
public record TileWitness(int tile, long[][] slots, long[] publicInputs) {
    /** {@code z = (W, u = 1, x)} as longs, each slot at its offset, zero padding. */
    public long[] z(SegmentLayout layout) {
        long[] z = new long[layout.zLength()];
        for (int i = 0; i < slots.length; i++) {
            SegmentLayout.Slot s = layout.slots().get(i);
            System.arraycopy(slots[i], 0, z, s.offset(), Math.min(slots[i].length, s.length()));
        }
        z[layout.uColumn()] = 1;
        System.arraycopy(publicInputs, 0, z, layout.uColumn() + 1, Math.min(publicInputs.length, layout.numPublic()));
        return z;
    }

    /** A deep copy (for mutation tests). */
    public TileWitness copy() {
        long[][] s = new long[slots.length][];
        for (int i = 0; i < s.length; i++) {
            s[i] = slots[i].clone();
        }
        return new TileWitness(tile, s, publicInputs.clone());
    }
}
