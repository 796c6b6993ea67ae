package foldproof.folding.nifs;

import foldproof.circuits.r1cs.R1CSShape;
import foldproof.circuits.r1cs.SegmentLayout;
import foldproof.circuits.r1cs.SparseMatrix;
import foldproof.folding.ProofException;

import java.util.Arrays;

/**
 * Where a layer with lookups leaves the small integers (docs/protocol.md, "Lookups"): the rows that read a
 * second-phase helper (LOOKUP slot) or a challenge (public input {@code c, gamma}) are <em>wide</em>, their
 * products full field elements; every other row stays a small-integer row. Computed once per shape.
 *
 * <p>Each helper is defined by one row: the lookup row whose {@code B} is exactly that helper,
 * {@code (A z) h = C z}, so {@code h = (C z) / (A z)}, with {@code A z} and {@code C z} reading only first-phase
 * values and challenges.
 */
public final class LookupRows {
    final int slot;
    final int offset;
    final int length;
    final int padded;
    final int xColumn;
    final int numPublic;
    /** Wide rows, ascending. */
    final int[] wide;
    /** Row to its index in {@link #wide}, -1 for a small row. */
    final int[] wideIndex;
    /** Per matrix (A, B, C): the entries in wide columns, row-major: row, column, coefficient. */
    final int[][] eRow = new int[3][];
    final int[][] eCol = new int[3][];
    final long[][] eCoeff = new long[3][];
    /** Defining row of each helper. */
    final int[] defRow;

    private LookupRows(R1CSShape shape) {
        SegmentLayout lay = shape.layout();
        int s = -1;
        for (int i = 0; i < lay.slots().size(); i++) {
            if (lay.slots().get(i).kind() == SegmentLayout.Kind.LOOKUP) {
                s = i;
            }
        }
        if (s < 0) {
            throw new IllegalArgumentException(shape.name() + " has no LOOKUP slot");
        }
        SegmentLayout.Slot sl = lay.slots().get(s);
        this.slot = s;
        this.offset = sl.offset();
        this.length = sl.length();
        this.padded = sl.padded();
        this.xColumn = lay.uColumn() + 1;
        this.numPublic = lay.numPublic();
        int m = shape.numConstraints();
        boolean[] isWide = new boolean[m];
        SparseMatrix[] ms = {shape.a(), shape.b(), shape.c()};
        for (int k = 0; k < 3; k++) {
            SparseMatrix mat = ms[k];
            int[] rs = mat.rowStart();
            int[] col = mat.col();
            int count = 0;
            for (int e = 0; e < rs[mat.rows()]; e++) {
                if (wideColumn(col[e])) {
                    count++;
                }
            }
            eRow[k] = new int[count];
            eCol[k] = new int[count];
            eCoeff[k] = new long[count];
            int n = 0;
            for (int r = 0; r < mat.rows(); r++) {
                for (int e = rs[r]; e < rs[r + 1]; e++) {
                    if (wideColumn(col[e])) {
                        eRow[k][n] = r;
                        eCol[k][n] = col[e];
                        eCoeff[k][n] = mat.coeff()[e];
                        n++;
                        isWide[r] = true;
                    }
                }
            }
        }
        this.wideIndex = new int[m];
        Arrays.fill(wideIndex, -1);
        int nw = 0;
        for (int r = 0; r < m; r++) {
            if (isWide[r]) {
                wideIndex[r] = nw++;
            }
        }
        this.wide = new int[nw];
        for (int r = 0; r < m; r++) {
            if (isWide[r]) {
                wide[wideIndex[r]] = r;
            }
        }
        this.defRow = new int[length];
        Arrays.fill(defRow, -1);
        SparseMatrix b = shape.b();
        for (int r = 0; r < b.rows(); r++) {
            int e0 = b.rowStart()[r];
            if (b.rowStart()[r + 1] - e0 == 1 && b.coeff()[e0] == 1) {
                int v = b.col()[e0] - offset;
                if (v >= 0 && v < length) {
                    if (defRow[v] >= 0) {
                        throw new ProofException(shape.name() + ": helper " + v + " is defined by two rows");
                    }
                    defRow[v] = r;
                }
            }
        }
        for (int v = 0; v < length; v++) {
            if (defRow[v] < 0) {
                throw new ProofException(shape.name() + ": helper " + v + " has no defining row");
            }
        }
    }

    private boolean wideColumn(int col) {
        return (col >= offset && col < offset + length) || col >= xColumn;
    }

    /** The wide rows of {@code shape}, which must have a LOOKUP slot. */
    public static LookupRows of(R1CSShape shape) {
        return new LookupRows(shape);
    }

    /** Index of the LOOKUP slot in the layout. */
    public int slot() {
        return slot;
    }

    /** Number of wide rows. */
    public int numWide() {
        return wide.length;
    }
}
