package foldproof.circuits.r1cs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Records A, B, C row by row (CSR over logical variable ids), then maps ids to columns of
 * {@code z = (W, u, x)} once the AUX length, and so the layout, is known. Ignores names.
 */
public final class ShapeBuilder extends ConstraintSystem {
    private final Csr ma;
    private final Csr mb;
    private final Csr mc;
    private final Buffers buffers;
    private final boolean structured;
    private final boolean counting;
    private final List<ConvTerms> cTerms = new ArrayList<>();

    /** A builder that lists every term (the prover's shape). */
    public ShapeBuilder(int auxSlot) {
        this(auxSlot, false);
    }

    /**
     * @param structured leave convolution weight terms out of C and describe them instead
     *                   ({@link #structuredTerms}, {@link ConvTerms}): the verifier's shape
     */
    public ShapeBuilder(int auxSlot, boolean structured) {
        this(auxSlot, structured, false, null);
    }

    /**
     * A verifier's builder (structured terms) whose matrices live in {@code buffers}: nothing is copied or
     * trimmed, and the arrays are reused by the next shape built in the same buffers, so the shape is valid
     * only until then. Layer-by-layer verification thus makes no garbage per layer.
     */
    public ShapeBuilder(int auxSlot, Buffers buffers) {
        this(auxSlot, true, false, buffers);
    }

    private ShapeBuilder(int auxSlot, boolean structured, boolean counting, Buffers buffers) {
        super(auxSlot, !counting);
        this.structured = structured;
        this.counting = counting;
        this.buffers = buffers;
        this.ma = new Csr(buffers, 0);
        this.mb = new Csr(buffers, 1);
        this.mc = new Csr(buffers, 2);
    }

    /** CSR arrays of A, B and C, reused from one shape to the next (they only grow). */
    public static final class Buffers {
        private final int[][] rowStart = new int[3][];
        private final int[][] col = new int[3][];
        private final long[][] coeff = new long[3][];
    }

    /**
     * A builder that only counts constraints and AUX variables: {@link #finish} gives the layout and the
     * constraint count with empty matrices (what a proof decoder or a row-table layout needs), at a
     * fraction of the cost of recording the matrices.
     */
    public static ShapeBuilder counting(int auxSlot) {
        return new ShapeBuilder(auxSlot, true, true, null);
    }

    @Override
    public boolean structuredTerms() {
        return structured;
    }

    @Override
    public void addConvTerms(ConvTerms t) {
        if (!structured) {
            throw new IllegalStateException("conv terms described in a shape that lists every term");
        }
        if (!counting) {
            cTerms.add(t);
        }
    }

    @Override
    protected void record(Lc a, Lc b, Lc c, int index) {
        if (counting) {
            return;
        }
        ma.row(a);
        mb.row(b);
        mc.row(c);
    }

    /**
     * Finishes the shape. {@code lengths[i]} is the length of slot {@code i}; the AUX slot's entry is replaced
     * by the number of AUX variables allocated.
     */
    public R1CSShape finish(String name, List<SegmentLayout.Kind> kinds, int[] lengths, int numPublic) {
        int[] len = lengths.clone();
        len[auxSlot] = numAux;
        if (lookupSlot() >= 0) {
            len[lookupSlot()] = numLookupVars();
        }
        SegmentLayout layout = SegmentLayout.build(kinds, len, numPublic);
        int[] slotOffset = new int[kinds.size()];
        int[] slotLength = new int[kinds.size()];
        for (int i = 0; i < kinds.size(); i++) {
            slotOffset[i] = layout.slots().get(i).offset();
            slotLength[i] = layout.slots().get(i).length();
        }
        if (counting) {
            SparseMatrix empty = new SparseMatrix(0, layout.zLength(), new int[1], new int[0], new long[0]);
            return new R1CSShape(name, numConstraints, empty, empty, empty, layout);
        }
        for (ConvTerms t : cTerms) {
            for (int ky = 0; ky < t.k(); ky++) {
                if (t.firstSlot() + ky >= len.length || (long) (t.inC() - 1) * t.inStride() + t.inW() > len[t.firstSlot() + ky]) {
                    throw new IllegalStateException("conv terms read past slot " + (t.firstSlot() + ky));
                }
            }
        }
        return new R1CSShape(name, numConstraints, ma.build(layout, slotOffset, slotLength), mb.build(layout, slotOffset, slotLength),
                mc.build(layout, slotOffset, slotLength), layout, cTerms);
    }

    /** Growable CSR arrays with logical column ids. */
    private static final class Csr {
        int rows;
        int nnz;
        int[] rowStart = new int[1024];
        int[] col = new int[4096];
        long[] coeff = new long[4096];
        final Buffers buffers;
        final int which;

        Csr(Buffers buffers, int which) {
            this.buffers = buffers;
            this.which = which;
            if (buffers != null && buffers.col[which] != null) {
                rowStart = buffers.rowStart[which];
                col = buffers.col[which];
                coeff = buffers.coeff[which];
            }
        }

        void row(Lc lc) {
            if (nnz + lc.size > col.length) {
                int cap = Math.max(col.length * 2, nnz + lc.size);
                col = Arrays.copyOf(col, cap);
                coeff = Arrays.copyOf(coeff, cap);
            }
            System.arraycopy(lc.vars, 0, col, nnz, lc.size);
            System.arraycopy(lc.coeffs, 0, coeff, nnz, lc.size);
            nnz += lc.size;
            rows++;
            if (rows + 1 > rowStart.length) {
                rowStart = Arrays.copyOf(rowStart, rowStart.length * 2);
            }
            rowStart[rows] = nnz;
        }

        SparseMatrix build(SegmentLayout layout, int[] slotOffset, int[] slotLength) {
            int[] c = buffers == null ? Arrays.copyOf(col, nnz) : col;   // in place in reused buffers
            int u = layout.uColumn();
            for (int e = 0; e < nnz; e++) {
                int s = Vars.slot(c[e]);
                int p = Vars.pos(c[e]);
                if (s == Vars.U_SLOT) {
                    c[e] = u;
                } else if (s == Vars.PUB_SLOT) {
                    if (p >= layout.numPublic()) {
                        throw new IllegalStateException("public input " + p + " out of range");
                    }
                    c[e] = u + 1 + p;
                } else {
                    if (p >= slotLength[s]) {
                        throw new IllegalStateException("slot " + s + " position " + p + " out of range");
                    }
                    c[e] = slotOffset[s] + p;
                }
            }
            if (buffers != null) {
                buffers.rowStart[which] = rowStart;
                buffers.col[which] = col;
                buffers.coeff[which] = coeff;
                return new SparseMatrix(rows, layout.zLength(), rowStart, c, coeff);
            }
            return new SparseMatrix(rows, layout.zLength(), Arrays.copyOf(rowStart, rows + 1), c,
                    Arrays.copyOf(coeff, nnz));
        }
    }
}
