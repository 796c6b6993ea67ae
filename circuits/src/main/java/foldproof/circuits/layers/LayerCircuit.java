package foldproof.circuits.layers;

import foldproof.circuits.r1cs.ConstraintSystem;
import foldproof.circuits.r1cs.LookupTable;
import foldproof.circuits.r1cs.R1CSShape;
import foldproof.circuits.r1cs.SegmentLayout;
import foldproof.circuits.r1cs.ShapeBuilder;
import foldproof.circuits.r1cs.WitnessBuilder;
import foldproof.quantizer.model.Shape;
import foldproof.quantizer.quant.IntTrace;

import java.lang.ref.SoftReference;
import java.util.ArrayList;
import java.util.List;

/**
 * The tile circuit of one layer: one R1CS shape shared by all its tiles (a tile = one output row), the
 * rows each tile reads, and witness generation from the integer trace.
 *
 * <p>Slots (see {@link SegmentLayout}): IN rows of {@link #inTensor()} (one slot per kernel row),
 * SKIP rows of {@link #skipTensor()}, the OUT row {@code tile} of {@link #outTensor()} (absent in the
 * head, whose logits are the public inputs), then AUX. Border rows read as zero rows ({@code -1} in
 * {@link #inRows}), so every tile has the same shape.
 */
public abstract class LayerCircuit {
    private final String name;
    private final int layerIndex;
    private SoftReference<R1CSShape> shapeRef = new SoftReference<>(null);
    private SoftReference<R1CSShape> verifierShapeRef = new SoftReference<>(null);

    protected LayerCircuit(String name, int layerIndex) {
        this.name = name;
        this.layerIndex = layerIndex;
    }

    public final String name() { return name; }

    /** Index of the layer in the model (its output is tensor {@code layerIndex + 1}). */
    public final int layerIndex() { return layerIndex; }

    public abstract int numTiles();

    /** Row of the input tensor held by each IN slot for this tile, -1 for a border (zero) row. */
    public abstract int[] inRows(int tile);

    /** Row of the skip tensor held by each SKIP slot, -1 for a border row; empty without a skip. */
    public int[] skipRows(int tile) {
        return new int[0];
    }

    public abstract int inTensor();

    /** Tensor id of the skip input, or -1. */
    public int skipTensor() {
        return -1;
    }

    public final int outTensor() {
        return layerIndex + 1;
    }

    /** Number of activation values the layer computes (output tensor size). */
    public abstract long activations();

    /** Slot kinds and lengths, AUX last with a placeholder length. */
    protected abstract List<SegmentLayout.Kind> slotKinds();

    protected abstract int[] slotLengths();

    protected int numPublic() {
        return 0;
    }

    /**
     * The layer's lookup table, or null for a layer without lookups (the head; every layer of a model built
     * with {@code Circuits.forModel(model, false)}). Fixed per layer: the same for every tile.
     */
    public LookupTable lookupTable() {
        return null;
    }

    /** Whether the layer's tiles use the lookup argument (then they have a LOOKUP slot and public inputs {@code c, gamma}). */
    public final boolean hasLookups() {
        return lookupTable() != null;
    }

    /** Number of public inputs of a tile: {@code c, gamma} with lookups, the logits in the head, else none. */
    public final int publicCount() {
        return hasLookups() ? 2 : numPublic();
    }

    /** Index of the AUX slot in the layout (the LOOKUP slot, if any, is the next one). */
    public final int auxSlot() {
        return slotKinds().size() - 1;
    }

    private List<SegmentLayout.Kind> allKinds() {
        List<SegmentLayout.Kind> k = slotKinds();
        if (!hasLookups()) {
            return k;
        }
        List<SegmentLayout.Kind> all = new ArrayList<>(k);
        all.add(SegmentLayout.Kind.LOOKUP);
        return all;
    }

    private int[] allLengths() {
        int[] len = slotLengths();
        return hasLookups() ? java.util.Arrays.copyOf(len, len.length + 1) : len;
    }

    /** Emits the tile's constraints. Identical for every tile; labels are pushed by the caller. */
    public abstract void synthesize(ConstraintSystem cs);

    /**
     * {@link #synthesize} with the lookups opened before and closed after (the table side and the balance):
     * what every builder of a tile runs.
     */
    public final void synthesizeTile(ConstraintSystem cs) {
        if (hasLookups()) {
            cs.beginLookups(lookupTable(), auxSlot() + 1);
        }
        synthesize(cs);
        cs.finishLookups();
    }

    /** The layer's shape (built on first use; softly cached, rebuilt identically when dropped). */
    public final synchronized R1CSShape shape() {
        R1CSShape s = shapeRef.get();
        if (s == null) {
            s = build(ShapeBuilder::new);
            shapeRef = new SoftReference<>(s);
        }
        return s;
    }

    /**
     * The layer's shape as the verifier needs it: the same constraints and layout as {@link #shape}, but
     * convolution weight terms are described ({@link R1CSShape#cTerms}) instead of listed in C, so it is
     * faster to build and its matrix evaluations cost O(weights), not O(weights * width). Softly cached.
     */
    public final synchronized R1CSShape verifierShape() {
        R1CSShape s = verifierShapeRef.get();
        if (s == null) {
            s = build(aux -> new ShapeBuilder(aux, true));
            verifierShapeRef = new SoftReference<>(s);
        }
        return s;
    }

    /**
     * {@link #verifierShape()} built in {@code buffers} (not cached): valid until the next shape is built in
     * the same buffers. A verifier going layer by layer alternates two sets and makes no garbage per layer.
     */
    public final R1CSShape verifierShape(ShapeBuilder.Buffers buffers) {
        return build(aux -> new ShapeBuilder(aux, buffers));
    }

    /**
     * The layer's constraint count and slot layout, with empty matrices (a counting pass of
     * {@link #synthesize}: much cheaper than {@link #shape}); not cached.
     */
    public final R1CSShape skeleton() {
        return build(ShapeBuilder::counting);
    }

    /** Synthesizes the layer into the builder {@code builder} makes for the AUX slot index, and finishes it. */
    private R1CSShape build(java.util.function.IntFunction<ShapeBuilder> builder) {
        ShapeBuilder b = builder.apply(auxSlot());
        synthesizeTile(b);
        return b.finish(name, allKinds(), allLengths(), publicCount());
    }

    /** Releases the cached shapes (callers that go layer by layer keep memory O(layer)). */
    public final synchronized void dropShape() {
        shapeRef = new SoftReference<>(null);
        verifierShapeRef = new SoftReference<>(null);
    }

    /** Witness of one tile from the integer trace ({@link foldproof.quantizer.quant.IntInference}). */
    public final TileWitness witness(IntTrace trace, int tile) {
        return witness(new Activations() {
            @Override
            public int[] tensor(int id) {
                return trace.tensor(id);
            }

            @Override
            public long[] logits() {
                return trace.logits();
            }
        }, tile);
    }

    /** Witness of one tile from any source of the trace's tensors. */
    public final TileWitness witness(Activations trace, int tile) {
        List<SegmentLayout.Kind> kinds = slotKinds();
        int[] len = slotLengths();
        long[][] slots = new long[allKinds().size()][];
        int inIdx = 0;
        int skipIdx = 0;
        int[] in = inRows(tile);
        int[] skip = skipRows(tile);
        for (int i = 0; i < kinds.size() - 1; i++) {
            switch (kinds.get(i)) {
                case IN:
                    slots[i] = row(trace.tensor(inTensor()), tensorShape(inTensor()), in[inIdx++]);
                    break;
                case SKIP:
                    slots[i] = row(trace.tensor(skipTensor()), tensorShape(skipTensor()), skip[skipIdx++]);
                    break;
                case OUT:
                    slots[i] = row(trace.tensor(outTensor()), tensorShape(outTensor()), tile);
                    break;
                default:
                    throw new IllegalStateException("AUX must be last");
            }
            if (slots[i].length != len[i]) {
                throw new IllegalStateException(name + ": slot " + i + " length " + slots[i].length + " != " + len[i]);
            }
        }
        int aux = kinds.size() - 1;
        slots[aux] = new long[Math.max(16, expectedAux())];
        // with lookups the public inputs are the tile's challenges c, gamma: drawn by the prover later
        long[] pub = hasLookups() ? new long[2] : numPublic() > 0 ? trace.logits().clone() : new long[0];
        WitnessBuilder w = new WitnessBuilder(aux, slots, pub);
        try (var ns = w.push(name); var ts = w.push("tile", tile)) {
            synthesizeTile(w);
        }
        return new TileWitness(tile, w.slots(), pub);
    }

    /** A guess of the AUX length (for preallocation); exact once the shape is built. */
    protected int expectedAux() {
        R1CSShape s = shapeRef.get();
        return s == null ? 1024 : s.layout().slots().get(auxSlot()).length();
    }

    protected abstract Shape tensorShape(int id);

    /**
     * Row {@code y} of a CHW tensor as {@code c*rowStride + x} (zero gaps); zeros for {@code y = -1}: the one
     * definition of a committed row's layout (slots here, the proof's row table in folding).
     */
    public static long[] row(int[] t, Shape sh, int y) {
        long[] r = new long[sh.rowLength()];
        if (y < 0) {
            return r;
        }
        int w = sh.w();
        int stride = sh.rowStride();
        for (int c = 0; c < sh.c(); c++) {
            int base = (c * sh.h() + y) * w;
            for (int x = 0; x < w; x++) {
                r[c * stride + x] = t[base + x];
            }
        }
        return r;
    }

    /** Kinds list helper: {@code nIn} IN, {@code nSkip} SKIP, optional OUT, AUX. */
    static List<SegmentLayout.Kind> kinds(int nIn, int nSkip, boolean out) {
        List<SegmentLayout.Kind> k = new ArrayList<>();
        for (int i = 0; i < nIn; i++) {
            k.add(SegmentLayout.Kind.IN);
        }
        for (int i = 0; i < nSkip; i++) {
            k.add(SegmentLayout.Kind.SKIP);
        }
        if (out) {
            k.add(SegmentLayout.Kind.OUT);
        }
        k.add(SegmentLayout.Kind.AUX);
        return k;
    }

    /** Window rows {@code tile*stride + k - pad}, -1 outside {@code [0, h)}. */
    static int[] windowRows(int tile, int kernel, int stride, int pad, int h) {
        int[] r = new int[kernel];
        for (int k = 0; k < kernel; k++) {
            int y = tile * stride + k - pad;
            r[k] = y >= 0 && y < h ? y : -1;
        }
        return r;
    }
}
