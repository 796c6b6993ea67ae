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

    public SparseMatrix(int rows, int cols, int[] rowStart, int[] col, long[] coeff) {
        if (rowStart.length != rows + 1 || col.length != coeff.length || rowStart[rows] != col.length) {
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

    public int nonZeros() { return col.length; }

    /** Shared, not copied: callers must not modify. */
    public int[] rowStart() { return rowStart; }

    /** Shared, not copied: callers must not modify. */
    public int[] col() { return col; }

    /** Shared, not copied: callers must not modify. */
    public long[] coeff() { return coeff; }
}
