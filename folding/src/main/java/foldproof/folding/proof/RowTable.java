package foldproof.folding.proof;

import foldproof.circuits.layers.LayerCircuit;
import foldproof.circuits.r1cs.R1CSShape;
import foldproof.circuits.r1cs.SegmentLayout;
import foldproof.quantizer.model.Shape;

import java.util.Arrays;
import java.util.List;

/**
 * Where each activation row of the proof lives in the row-commitment table. Every row (all channels of
 * one {@code y}, order {@code c*rowStride + x}, zero gaps when the width is no power of two) of every tensor some layer reads (IN, SKIP) or writes (OUT) is
 * committed once; the table lists tensors by increasing id and, within a tensor, rows by increasing y.
 * The layout depends only on the model and its circuits, never on the proof bytes.
 *
 * <p>With {@code --public-input} the input tensor's rows are committed with a zero blind and left out of
 * the encoded table: the verifier recomputes them from the input carried by the proof.
 */
public final class RowTable {
    private final int[] first;     // per tensor id: index of its row 0 in the table, or -1 if absent
    private final int[] height;    // per tensor id: rows (0 if absent)
    private final int[] rowLength; // per tensor id: entries per row (0 if absent)
    private final int size;

    private RowTable(int[] first, int[] height, int[] rowLength, int size) {
        this.first = first;
        this.height = height;
        this.rowLength = rowLength;
        this.size = size;
    }

    /** The table of a model: tensor shapes from {@code QModel.shapes()}, use from the circuits. */
    public static RowTable layout(List<Shape> shapes, List<LayerCircuit> circuits, List<R1CSShape> skeletons) {
        int nt = shapes.size();
        boolean[] used = new boolean[nt];
        for (int l = 0; l < circuits.size(); l++) {
            LayerCircuit lc = circuits.get(l);
            boolean in = false;
            boolean skip = false;
            boolean out = false;
            for (SegmentLayout.Slot s : skeletons.get(l).layout().slots()) {
                in |= s.kind() == SegmentLayout.Kind.IN;
                skip |= s.kind() == SegmentLayout.Kind.SKIP;
                out |= s.kind() == SegmentLayout.Kind.OUT;
            }
            if (in) {
                used[lc.inTensor()] = true;
            }
            if (skip) {
                used[lc.skipTensor()] = true;
            }
            if (out) {
                used[lc.outTensor()] = true;
            }
        }
        int[] first = new int[nt];
        int[] height = new int[nt];
        int[] len = new int[nt];
        Arrays.fill(first, -1);
        int size = 0;
        for (int t = 0; t < nt; t++) {
            if (used[t]) {
                first[t] = size;
                height[t] = shapes.get(t).h();
                len[t] = shapes.get(t).rowLength();
                size += height[t];
            }
        }
        return new RowTable(first, height, len, size);
    }

    /** Number of rows in the table (including the input rows, even when they are public). */
    public int size() {
        return size;
    }

    /** Table index of row {@code y} of tensor {@code t}. */
    public int index(int tensor, int y) {
        if (tensor < 0 || tensor >= first.length || first[tensor] < 0 || y < 0 || y >= height[tensor]) {
            throw new IllegalArgumentException("row " + y + " of tensor " + tensor + " is not in the row table");
        }
        return first[tensor] + y;
    }

    /** Whether tensor {@code t} has rows in the table. */
    public boolean contains(int tensor) {
        return tensor >= 0 && tensor < first.length && first[tensor] >= 0;
    }

    /** Rows of tensor {@code t} (0 when absent). */
    public int height(int tensor) {
        return height[tensor];
    }

    /** Entries per row of tensor {@code t}. */
    public int rowLength(int tensor) {
        return rowLength[tensor];
    }

    /** Number of tensor ids (layers + 1). */
    public int numTensors() {
        return first.length;
    }

    /** Number of rows the proof encodes: all rows, minus the input tensor's when the input is public. */
    public int encodedSize(boolean publicInput) {
        return publicInput && contains(0) ? size - height[0] : size;
    }

    /** Whether table index {@code i} is one of the input tensor's rows. */
    public boolean isInputRow(int i) {
        return contains(0) && i >= first[0] && i < first[0] + height[0];
    }

    /**
     * Row {@code y} of a CHW tensor of shape {@code (c, h, w)} in row order {@code c*rowStride + x}
     * ({@link Shape#rowStride}; zeros in the gaps), as longs.
     */
    public static long[] row(int[] chw, Shape s, int y) {
        return LayerCircuit.row(chw, s, y);
    }
}
