package foldproof.circuits.layers;

import foldproof.circuits.gadgets.Bits;
import foldproof.circuits.r1cs.ConstraintSystem;
import foldproof.circuits.r1cs.Lc;
import foldproof.circuits.r1cs.LookupTable;
import foldproof.circuits.r1cs.SegmentLayout;
import foldproof.circuits.r1cs.Vars;
import foldproof.quantizer.model.Shape;

import java.util.List;

/**
 * The range check of the network input as a proof layer of its own, placed first, for every model whose stem
 * is not a conv that can check the rows it owns ({@link ConvCircuit#canOwnInputCheck}): tile {@code y} reads row
 * {@code y} of tensor 0 (its one IN slot, the same row-table commitment every consumer of the input reads)
 * and checks every entry is int8, {@code v + 128 in [0, 256)} ({@link Bits#range}, 8 bits). The statement
 * "X is an int8 tensor" thus holds whatever reads the input: a convolution, its residual skip, a max pool
 * or the head directly. <b>8 constraints and 7 AUX bits per input value</b>, or with lookups <b>1 constraint</b> (a
 * lookup in the byte part) plus the table side; no OUT slot.
 */
public final class InputCircuit extends LayerCircuit {
    /** The name the proof, progress and labels use for this layer. */
    public static final String NAME = "input";
    private final Shape in;
    private final LookupTable table;

    public InputCircuit(Shape in) {
        this(in, false);
    }

    /** @param lookups check by lookups in the byte part (1 constraint per value) instead of 8 bits */
    public InputCircuit(Shape in, boolean lookups) {
        super(NAME, -1);
        this.in = in;
        this.table = lookups ? LookupTable.Builder.withBytes().build() : null;
    }

    @Override
    public LookupTable lookupTable() {
        return table;
    }

    @Override
    public int numTiles() {
        return in.h();
    }

    @Override
    public int[] inRows(int tile) {
        return new int[] {tile};
    }

    @Override
    public int inTensor() {
        return 0;
    }

    @Override
    public long activations() {
        return in.size();
    }

    @Override
    protected List<SegmentLayout.Kind> slotKinds() {
        return kinds(1, 0, false);
    }

    @Override
    protected int[] slotLengths() {
        return new int[] {in.rowLength(), 0};
    }

    @Override
    protected Shape tensorShape(int id) {
        return in;
    }

    @Override
    public void synthesize(ConstraintSystem cs) {
        int[] bits = new int[8];
        int stride = in.rowStride();
        for (int c = 0; c < in.c(); c++) {
            for (int x = 0; x < in.w(); x++) {
                int e = c * stride + x;   // the row's gaps (x >= w) are read by nothing
                try (var es = cs.push("int8", "e", e)) {
                    Lc v = cs.scratch(0).add(Vars.of(0, e), 1).constant(128);
                    Bits.byteCheck(cs, v, cs.witnessing() ? cs.value(Vars.of(0, e)) + 128 : 0, bits);
                }
            }
        }
    }
}
