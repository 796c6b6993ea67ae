package foldproof.circuits.layers;

import foldproof.circuits.CircuitException;
import foldproof.circuits.gadgets.MaxPair;
import foldproof.circuits.r1cs.ConstraintSystem;
import foldproof.circuits.r1cs.LookupTable;
import foldproof.circuits.r1cs.SegmentLayout;
import foldproof.circuits.r1cs.Vars;
import foldproof.quantizer.model.QLayer;
import foldproof.quantizer.model.Shape;
import foldproof.quantizer.quant.ModelBounds;

import java.util.List;

/**
 * Max pooling of one output row, separable: first the column maxima over the K IN rows for every input
 * column some window uses ({@code K-1} {@link MaxPair}s each, shared by overlapping windows), then per
 * output the maximum over its in-range columns ({@code K-1} pairs; padding columns are skipped, i.e. read
 * the neutral value, as {@code IntInference} does). Border rows are zero rows, neutral only for a uint8
 * input, so a padded max pool over the signed input is refused (at load by {@code ModelChecks}, here again).
 * {@link MaxPair}'s completeness needs inputs within 255 of each other: true for int8 and uint8 tensors. For 3x3 stride 2 that is about 6 pairs = 54 constraints per
 * output instead of 9 range checks + 8 products = 80 for the direct window max ({@code m - v_i in [0,255]}, {@code prod (m - v_i) = 0}).
 */
public final class MaxPoolCircuit extends LayerCircuit {
    private final QLayer.MaxPool pool;
    private final Shape in;
    private final Shape out;

    private final LookupTable table;

    public MaxPoolCircuit(QLayer.MaxPool pool, int layerIndex, List<Shape> shapes, ModelBounds bounds) {
        this(pool, layerIndex, shapes, bounds, false);
    }

    /** @param lookups range-check the pair slacks by lookups in the byte part ({@link MaxPair}: 2 constraints a pair) */
    public MaxPoolCircuit(QLayer.MaxPool pool, int layerIndex, List<Shape> shapes, ModelBounds bounds, boolean lookups) {
        super(pool.name(), layerIndex);
        this.table = lookups ? LookupTable.Builder.withBytes().build() : null;
        this.pool = pool;
        this.in = shapes.get(pool.input());
        this.out = shapes.get(layerIndex + 1);
        long lo = bounds.valueLo(pool.input());
        long hi = bounds.valueHi(pool.input());
        if (hi - lo > 255 || (pool.pad() > 0 && lo != 0)) {
            throw new CircuitException(pool.name() + ": max pool over values in [" + lo + ", " + hi + "] with pad " + pool.pad()
                    + " is not sound (needs a range of width <= 255, and padding only over a uint8 tensor)");
        }
    }

    @Override
    public LookupTable lookupTable() {
        return table;
    }

    public QLayer.MaxPool pool() {
        return pool;
    }

    public Shape inShape() {
        return in;
    }

    public Shape outShape() {
        return out;
    }

    @Override
    public int numTiles() {
        return out.h();
    }

    @Override
    public int[] inRows(int tile) {
        return windowRows(tile, pool.kernel(), pool.stride(), pool.pad(), in.h());
    }

    @Override
    public int inTensor() {
        return pool.input();
    }

    @Override
    public long activations() {
        return out.size();
    }

    @Override
    protected List<SegmentLayout.Kind> slotKinds() {
        return kinds(pool.kernel(), 0, true);
    }

    @Override
    protected int[] slotLengths() {
        int[] len = new int[pool.kernel() + 2];
        for (int i = 0; i < pool.kernel(); i++) {
            len[i] = in.rowLength();
        }
        len[pool.kernel()] = out.rowLength();
        return len;
    }

    @Override
    protected Shape tensorShape(int id) {
        return id == pool.input() ? in : out;
    }

    @Override
    public void synthesize(ConstraintSystem cs) {
        int k = pool.kernel();
        int s = pool.stride();
        int p = pool.pad();
        int inW = in.w();
        int outW = out.w();
        int inStride = in.rowStride();
        int outStride = out.rowStride();
        int outSlot = k;
        int[] bits = new int[9];
        int[] colMax = new int[inW];
        boolean[] used = new boolean[inW];
        for (int x = 0; x < outW; x++) {
            for (int kx = 0; kx < k; kx++) {
                int cx = x * s + kx - p;
                if (cx >= 0 && cx < inW) {
                    used[cx] = true;
                }
            }
        }
        for (int c = 0; c < in.c(); c++) {
            for (int cx = 0; cx < inW; cx++) {
                if (!used[cx]) {
                    continue;
                }
                try (var ns = cs.push("colmax", "c", c, "x", cx)) {
                    int m = Vars.of(0, c * inStride + cx);
                    for (int ky = 1; ky < k; ky++) {
                        int next = cs.aux();
                        MaxPair.max(cs, m, Vars.of(ky, c * inStride + cx), next, bits);
                        m = next;
                    }
                    colMax[cx] = m;
                }
            }
            for (int x = 0; x < outW; x++) {
                try (var ns = cs.push("maxpool", "c", c, "x", x)) {
                    int outVar = Vars.of(outSlot, c * outStride + x);
                    int m = -2;
                    int lastCol = -1;
                    for (int kx = 0; kx < k; kx++) {
                        int cx = x * s + kx - p;
                        if (cx >= 0 && cx < inW) {
                            lastCol = kx;
                        }
                    }
                    for (int kx = 0; kx < k; kx++) {
                        int cx = x * s + kx - p;
                        if (cx < 0 || cx >= inW) {
                            continue;
                        }
                        if (m == -2) {
                            m = colMax[cx];
                            if (kx == lastCol) {
                                MaxPair.copy(cs, m, outVar);
                            }
                            continue;
                        }
                        int next = kx == lastCol ? outVar : cs.aux();
                        MaxPair.max(cs, m, colMax[cx], next, bits);
                        m = next;
                    }
                }
            }
        }
    }
}
