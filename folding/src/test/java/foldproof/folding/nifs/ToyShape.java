package foldproof.folding.nifs;

import foldproof.circuits.r1cs.R1CSShape;
import foldproof.circuits.r1cs.SegmentLayout;
import foldproof.circuits.r1cs.SparseMatrix;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A six-constraint test shape with the slot structure of a layer circuit: AUX (3 bits, padded 8, offset 0),
 * IN (3 values, padded 4, offset 8), OUT (2 values, padded 4, offset 12), one public input.
 * Constraints: {@code aux_i^2 = aux_i} (i < 3); {@code in0 * in1 = out0}; {@code (in2 + aux0) * 1 = out1};
 * {@code out0 * 1 = x0}.
 */
final class ToyShape {
    static final int U = 16;
    static final int X0 = 17;

    private ToyShape() { }

    static R1CSShape shape() {
        SegmentLayout lay = new SegmentLayout(List.of(
                new SegmentLayout.Slot(SegmentLayout.Kind.AUX, 0, 3, 8, 0),
                new SegmentLayout.Slot(SegmentLayout.Kind.IN, 0, 3, 4, 8),
                new SegmentLayout.Slot(SegmentLayout.Kind.OUT, 0, 2, 4, 12)), 16, 1);
        Builder a = new Builder();
        Builder b = new Builder();
        Builder c = new Builder();
        for (int i = 0; i < 3; i++) {
            a.row(i, 1); b.row(i, 1); c.row(i, 1);
        }
        a.row(8, 1); b.row(9, 1); c.row(12, 1);
        a.row(10, 1, 0, 1); b.row(U, 1); c.row(13, 1);
        a.row(12, 1); b.row(U, 1); c.row(X0, 1);
        int cols = lay.zLength();
        return new R1CSShape("toy", 6, a.build(cols), b.build(cols), c.build(cols), lay);
    }

    /** A satisfying tile: slots and public inputs. */
    static long[][] tile(Random rnd, long[] xOut) {
        long[] aux = {rnd.nextInt(2), rnd.nextInt(2), rnd.nextInt(2)};
        long[] in = {rnd.nextInt(256), rnd.nextInt(256), rnd.nextInt(256)};
        long[] out = {in[0] * in[1], in[2] + aux[0]};
        xOut[0] = out[0];
        return new long[][] {aux, in, out};
    }

    /** A fresh toy tile with its slot commitments (hiding, blinds from {@code rnd}) and its instance. */
    record Committed(FreshTile ft, RelaxedInstance u, long[] blinds) { }

    /** A random toy tile, failing its output constraint when {@code bad}, committed over {@code key}. */
    static Committed committed(Random rnd, boolean bad, foldproof.folding.commit.PedersenKey key) {
        long[] x = new long[1];
        long[][] slots = tile(rnd, x);
        if (bad) {
            slots[2][1] += 1;   // out1 != in2 + aux0
        }
        FreshTile ft = FreshTile.of(shape(), slots, x);
        long[] blinds = new long[4 * 3];
        foldproof.bn254.g1.G1Point[] comms = new foldproof.bn254.g1.G1Point[3];
        for (int s = 0; s < 3; s++) {
            Scalars.random(rnd, blinds, 4 * s);
            long[] b = new long[4];
            System.arraycopy(blinds, 4 * s, b, 0, 4);
            comms[s] = key.commitSmall(ft.slot(s), 0, ft.slot(s).length, b);
        }
        return new Committed(ft, new RelaxedInstance(comms, foldproof.bn254.fr.Fr.ONE.clone(), Scalars.fromLongs(x)), blinds);
    }

    private static final class Builder {
        final List<int[]> cols = new ArrayList<>();
        final List<long[]> coeffs = new ArrayList<>();

        /** pairs (col, coeff, col, coeff, ...) */
        void row(int... cc) {
            int[] c = new int[cc.length / 2];
            long[] k = new long[cc.length / 2];
            for (int i = 0; i < c.length; i++) {
                c[i] = cc[2 * i];
                k[i] = cc[2 * i + 1];
            }
            cols.add(c);
            coeffs.add(k);
        }

        SparseMatrix build(int ncols) {
            int n = 0;
            for (int[] c : cols) {
                n += c.length;
            }
            int[] rs = new int[cols.size() + 1];
            int[] col = new int[n];
            long[] co = new long[n];
            int e = 0;
            for (int i = 0; i < cols.size(); i++) {
                rs[i] = e;
                for (int j = 0; j < cols.get(i).length; j++) {
                    col[e] = cols.get(i)[j];
                    co[e++] = coeffs.get(i)[j];
                }
            }
            rs[cols.size()] = e;
            return new SparseMatrix(cols.size(), ncols, rs, col, co);
        }
    }
}
