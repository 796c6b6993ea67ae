package foldproof.circuits.r1cs;

/**
 * Compressed-sparse-row matrix with small integer coefficients (kept as integers until they meet field
 * elements). Row {@code i} holds entries {@code rowStart[i] .. rowStart[i+1]-1}; entry {@code e} is
 * {@code coeff[e]} at column {@code col[e]}. Columns index {@code z = (W, u, x)} (see {@link SegmentLayout}).
 */
public final class SparseMatrix {
    private final int rows;
    private final int cols;
    private final int[] rowStart;
    private final int[] col;
    private final long[] coeff;

    /**
     * The arrays may be longer than needed (a verifier's shape built in reused buffers,
     * {@link ShapeBuilder.Buffers}): only {@code rowStart[0..rows]} and the first {@code rowStart[rows]}
     * entries of {@code col} and {@code coeff} are read.
     */
    public SparseMatrix(int rows, int cols, int[] rowStart, int[] col, long[] coeff) {
        if (rows < 0 || rowStart.length < rows + 1 || rowStart[rows] < 0 || col.length < rowStart[rows]
                || coeff.length < rowStart[rows]) {
            throw new IllegalArgumentException("inconsistent CSR arrays");
        }
        this.rows = rows;
        this.cols = cols;
        this.rowStart = rowStart;
        this.col = col;
        this.coeff = coeff;
    }

    public int rows() { return rows; }

    public int cols() { return cols; }

    public int nonZeros() { return rowStart[rows]; }

    /** Shared, not copied: callers must not modify. */
    public int[] rowStart() { return rowStart; }

    /** Shared, not copied: callers must not modify. */
    public int[] col() { return col; }

    /** Shared, not copied: callers must not modify. */
    public long[] coeff() { return coeff; }
}
