package foldproof.circuits.export;

import foldproof.circuits.CircuitException;
import foldproof.circuits.layers.LayerCircuit;
import foldproof.circuits.layers.TileWitness;
import foldproof.circuits.r1cs.R1CSShape;
import foldproof.circuits.r1cs.SegmentLayout;
import foldproof.circuits.r1cs.SparseMatrix;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One or more tiles of a layer as a single plain R1CS in the iden3 wire numbering (written by
 * {@link R1csFile} and {@link WtnsFile}), with its witness.
 *
 * <p>Our tile relation is over {@code z = (W, u, x)} with padded slots; iden3 wants wire 0 = the constant 1,
 * then the public outputs, public inputs, private inputs, then every other signal. The remap:
 * <ul>
 *   <li>wire 0 is {@code u} (1 in a fresh instance);</li>
 *   <li>wires {@code 1 .. P} are the public inputs {@code x} (the head's logits), declared public
 *       <em>outputs</em> (they are what the circuit computes); there are no public inputs;</li>
 *   <li>then the private inputs: every distinct activation row read through an IN or SKIP slot, once
 *       (tiles that read the same row share its wires, so a whole layer is one consistent circuit);</li>
 *   <li>then, tile by tile, the OUT row and the AUX values.</li>
 * </ul>
 * Padding positions of the slots are referenced by no constraint (checked) and get no wire. A border row
 * ({@code -1}: the zero row the folding proof commits as the identity point) gets no wire either: its terms
 * are dropped, which is substituting its value 0, so the exported circuit is exactly the tile relation with
 * {@code u = 1}. Linear combinations are merged per wire and sorted by wire id, as the format requires.
 */
public final class ExportedCircuit {
    private static final int PADDING = -2;
    private static final int ZERO = -1;

    private final String name;
    private final R1CSShape shape;
    private final int[] tiles;
    private final int[][] slotBase;      // [tile][slot] -> first wire of the slot, ZERO for a border row
    private final int[] colSlot;         // column of W -> slot, or PADDING
    private final int[] colPos;          // column of W -> position in its slot
    private final int nPublic;
    private final int nPrivateInputs;
    private final long[] values;         // witness by wire

    private ExportedCircuit(String name, R1CSShape shape, int[] tiles, int[][] slotBase, int nPrivateInputs, long[] values) {
        this.name = name;
        this.shape = shape;
        this.tiles = tiles;
        this.slotBase = slotBase;
        this.nPublic = shape.layout().numPublic();
        this.nPrivateInputs = nPrivateInputs;
        this.values = values;
        SegmentLayout layout = shape.layout();
        this.colSlot = new int[layout.witnessLength()];
        this.colPos = new int[layout.witnessLength()];
        Arrays.fill(colSlot, PADDING);
        for (int s = 0; s < layout.slots().size(); s++) {
            SegmentLayout.Slot sl = layout.slots().get(s);
            for (int p = 0; p < sl.length(); p++) {
                colSlot[sl.offset() + p] = s;
                colPos[sl.offset() + p] = p;
            }
        }
    }

    /**
     * The given tiles of {@code circuit} (each witness from {@link LayerCircuit#witness}) as one circuit.
     * Rows shared between tiles (same tensor, same row) become the same wires; their values must agree.
     *
     * @throws CircuitException if the witnesses do not fit the layer's layout, repeat a tile, or disagree
     *                          on a shared row or the public inputs
     */
    public static ExportedCircuit of(LayerCircuit circuit, List<TileWitness> witnesses) {
        if (witnesses.isEmpty()) {
            throw new CircuitException(circuit.name() + ": no tile to export");
        }
        R1CSShape shape = circuit.shape();
        SegmentLayout layout = shape.layout();
        List<SegmentLayout.Slot> slots = layout.slots();
        int nt = witnesses.size();
        int nPub = layout.numPublic();
        long[] pub = witnesses.get(0).publicInputs();
        int[] tiles = new int[nt];
        long[][] keys = new long[nt][slots.size()];   // (tensor << 32 | row) of each activation slot, -1 border
        for (int t = 0; t < nt; t++) {
            TileWitness w = witnesses.get(t);
            tiles[t] = w.tile();
            checkFits(circuit, layout, w, pub);
            int[] in = circuit.inRows(w.tile());
            int[] skip = circuit.skipRows(w.tile());
            for (int s = 0; s < slots.size(); s++) {
                SegmentLayout.Slot sl = slots.get(s);
                int row;
                int tensor;
                switch (sl.kind()) {
                    case IN -> { row = in[sl.index()]; tensor = circuit.inTensor(); }
                    case SKIP -> { row = skip[sl.index()]; tensor = circuit.skipTensor(); }
                    case OUT -> { row = w.tile(); tensor = circuit.outTensor(); }
                    default -> { row = -1; tensor = -1; }
                }
                keys[t][s] = row < 0 ? -1 : ((long) tensor << 32) | row;
            }
        }
        if (Arrays.stream(tiles).distinct().count() != nt) {
            throw new CircuitException(circuit.name() + ": a tile is listed twice");
        }
        // wires: 0 = one, 1..P = public, then the private inputs (IN/SKIP rows), then OUT rows and AUX
        int[][] base = new int[nt][slots.size()];
        Map<Long, Integer> rowWire = new HashMap<>();
        int next = 1 + nPub;
        int nPrivateInputs = 0;
        for (int pass = 0; pass < 2; pass++) {
            for (int t = 0; t < nt; t++) {
                for (int s = 0; s < slots.size(); s++) {
                    SegmentLayout.Slot sl = slots.get(s);
                    boolean input = sl.kind() == SegmentLayout.Kind.IN || sl.kind() == SegmentLayout.Kind.SKIP;
                    if (input != (pass == 0)) {
                        continue;
                    }
                    if (sl.kind() == SegmentLayout.Kind.AUX) {
                        base[t][s] = next;
                        next = Math.addExact(next, sl.length());
                    } else if (keys[t][s] < 0) {
                        base[t][s] = ZERO;
                    } else {
                        Integer b = rowWire.get(keys[t][s]);
                        if (b == null) {
                            b = next;
                            rowWire.put(keys[t][s], b);
                            next = Math.addExact(next, sl.length());
                        }
                        base[t][s] = b;
                    }
                }
            }
            if (pass == 0) {
                nPrivateInputs = next - 1 - nPub;
            }
        }
        long[] values = new long[next];
        boolean[] set = new boolean[next];
        values[0] = 1;
        System.arraycopy(pub, 0, values, 1, nPub);
        for (int t = 0; t < nt; t++) {
            long[][] ws = witnesses.get(t).slots();
            for (int s = 0; s < slots.size(); s++) {
                int b = base[t][s];
                for (int p = 0; p < ws[s].length; p++) {
                    if (b == ZERO) {
                        if (ws[s][p] != 0) {
                            throw new CircuitException(circuit.name() + ": tile " + tiles[t] + " holds a nonzero value in a border row");
                        }
                    } else if (set[b + p] && values[b + p] != ws[s][p]) {
                        throw new CircuitException(circuit.name() + ": tile " + tiles[t] + " disagrees with an earlier tile on a shared row");
                    } else {
                        values[b + p] = ws[s][p];
                        set[b + p] = true;
                    }
                }
            }
        }
        String name = nt == 1 ? circuit.name() + "/tile " + tiles[0] : circuit.name() + "/" + nt + " tiles";
        return new ExportedCircuit(name, shape, tiles, base, nPrivateInputs, values);
    }

    private static void checkFits(LayerCircuit circuit, SegmentLayout layout, TileWitness w, long[] pub) {
        if (w.slots().length != layout.slots().size()) {
            throw new CircuitException(circuit.name() + ": witness has " + w.slots().length + " slots, layout " + layout.slots().size());
        }
        for (int s = 0; s < w.slots().length; s++) {
            if (w.slots()[s].length != layout.slots().get(s).length()) {
                throw new CircuitException(circuit.name() + ": witness slot " + s + " has length " + w.slots()[s].length
                        + ", layout " + layout.slots().get(s).length());
            }
        }
        if (w.publicInputs().length != layout.numPublic() || !Arrays.equals(w.publicInputs(), pub)) {
            throw new CircuitException(circuit.name() + ": tiles disagree on the public inputs");
        }
    }

    /** What is exported, e.g. {@code layer1.0.conv1/tile 3} or {@code layer1.0.conv1/32 tiles}. */
    public String name() { return name; }

    /** The exported tiles, in wire order. */
    public int[] tiles() { return tiles.clone(); }

    /** Number of wires, the constant-one wire 0 included. */
    public int numWires() { return values.length; }

    /** Public outputs: wires {@code 1 .. numPublicOutputs()} (the head's logits; 0 elsewhere). */
    public int numPublicOutputs() { return nPublic; }

    /** Private inputs: the activation rows the tiles read (IN and SKIP), each once, after the public wires. */
    public int numPrivateInputs() { return nPrivateInputs; }

    /** Number of constraints: the tile's count times the number of tiles. */
    public long numConstraints() { return (long) shape.numConstraints() * tiles.length; }

    /** The witness by wire (wire 0 is 1); small integers, negative ones stand for {@code r - |v|}. */
    public long[] witness() { return values.clone(); }

    /** Receives the constraints in order; the arrays are reused between calls. */
    public interface ConstraintSink {
        /** One constraint {@code A * B = C}; each term list sorted by wire, one term per wire, no zero coefficient. */
        void accept(Terms a, Terms b, Terms c);
    }

    /** A linear combination: {@code size} (wire, coefficient) pairs. Reused: copy what you keep. */
    public static final class Terms {
        private int[] wires = new int[16];
        private long[] coeffs = new long[16];
        private long[] sortKeys = new long[16];
        private int size;

        /** Number of terms. */
        public int size() { return size; }

        /** Wire of term {@code i}. */
        public int wire(int i) { return wires[i]; }

        /** Integer coefficient of term {@code i} (the field element {@code coeff mod r}). */
        public long coeff(int i) { return coeffs[i]; }

        private void load(SparseMatrix m, int row, ExportedCircuit ec, int tile) {
            int from = m.rowStart()[row];
            int to = m.rowStart()[row + 1];
            int n = 0;
            if (sortKeys.length < to - from) {
                sortKeys = new long[to - from];
            }
            for (int e = from; e < to; e++) {
                int w = ec.wire(tile, m.col()[e]);
                if (w >= 0 && m.coeff()[e] != 0) {
                    sortKeys[n++] = ((long) w << 32) | (e - from);   // sort by wire, keep the entry
                }
            }
            Arrays.sort(sortKeys, 0, n);
            if (wires.length < n) {
                wires = new int[n];
                coeffs = new long[n];
            }
            int k = -1;
            for (int i = 0; i < n; i++) {
                int w = (int) (sortKeys[i] >>> 32);
                long c = m.coeff()[from + (int) sortKeys[i]];
                if (k >= 0 && wires[k] == w) {
                    coeffs[k] = Math.addExact(coeffs[k], c);
                } else {
                    if (k >= 0 && coeffs[k] == 0) {
                        k--;
                    }
                    wires[++k] = w;
                    coeffs[k] = c;
                }
            }
            if (k >= 0 && coeffs[k] == 0) {
                k--;
            }
            size = k + 1;
        }
    }

    /** Calls {@code sink} for every constraint, tile by tile in {@link #tiles()} order, the tile's rows in order. */
    public void forEachConstraint(ConstraintSink sink) {
        Terms a = new Terms();
        Terms b = new Terms();
        Terms c = new Terms();
        for (int t = 0; t < tiles.length; t++) {
            for (int i = 0; i < shape.numConstraints(); i++) {
                a.load(shape.a(), i, this, t);
                b.load(shape.b(), i, this, t);
                c.load(shape.c(), i, this, t);
                sink.accept(a, b, c);
            }
        }
    }

    /** Wire of column {@code col} of z in tile number {@code t}; -1 for a border row (value 0, term dropped). */
    private int wire(int t, int col) {
        int u = shape.layout().uColumn();
        if (col == u) {
            return 0;
        }
        if (col > u) {
            return col - u;   // public input j is column u + 1 + j, wire 1 + j
        }
        int s = colSlot[col];
        if (s == PADDING) {
            throw new IllegalStateException(shape.name() + ": a constraint references padding column " + col);
        }
        int b = slotBase[t][s];
        return b == ZERO ? -1 : b + colPos[col];
    }
}
