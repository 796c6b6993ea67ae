package foldproof.folding.spartan;

import foldproof.bn254.fr.Fr;
import foldproof.bn254.g1.G1Point;
import foldproof.circuits.r1cs.R1CSShape;
import foldproof.circuits.r1cs.SegmentLayout;
import foldproof.circuits.r1cs.SparseMatrix;
import foldproof.folding.commit.PedersenKey;
import foldproof.folding.nifs.CoefficientClaim;
import foldproof.folding.nifs.LinearInstance;
import foldproof.folding.nifs.RelaxedInstance;
import foldproof.folding.nifs.RelaxedWitness;
import foldproof.folding.spartan.polys.PolysTest;
import foldproof.folding.spartan.polys.SparseMle;
import java.util.List;
import java.util.Random;

/** Random R1CS shapes with several slot sizes and random relaxed instances with true claims. */
final class RandomRelaxed {
    private RandomRelaxed() { }

    /**
     * A shape with witness length {@code 8 * unit}: an AUX slot of {@code 4 unit}, two IN rows and a
     * SKIP row of {@code unit}, an OUT row of {@code unit/2}, and 2 public inputs.
     */
    static R1CSShape shape(Random rnd, int unit, int numConstraints, int perRow) {
        List<SegmentLayout.Slot> slots = List.of(
                new SegmentLayout.Slot(SegmentLayout.Kind.AUX, 0, 4 * unit - 3, 4 * unit, 0),
                new SegmentLayout.Slot(SegmentLayout.Kind.IN, 0, unit - 1, unit, 4 * unit),
                new SegmentLayout.Slot(SegmentLayout.Kind.IN, 1, unit, unit, 5 * unit),
                new SegmentLayout.Slot(SegmentLayout.Kind.SKIP, 0, unit, unit, 6 * unit),
                new SegmentLayout.Slot(SegmentLayout.Kind.OUT, 0, unit / 2, unit / 2, 7 * unit));
        SegmentLayout layout = new SegmentLayout(slots, 8 * unit, 2);
        int cols = layout.zLength();
        SparseMatrix a = PolysTest.randomMatrix(rnd, numConstraints, cols, perRow);
        SparseMatrix b = PolysTest.randomMatrix(rnd, numConstraints, cols, perRow);
        SparseMatrix c = PolysTest.randomMatrix(rnd, numConstraints, cols, perRow);
        return new R1CSShape("rand" + numConstraints, numConstraints, a, b, c, layout);
    }

    /**
     * A relaxed pair with its claim's point and value, the fold messages' vector {@code coeffs.a()} (committed as
     * {@code messages}) and coefficients {@code coeffs.b()} with {@code <b, a> = e}.
     */
    record Pair(RelaxedInstance instance, RelaxedWitness witness, CoefficientClaim coeffs, G1Point messages) {
        /** The verifier's view of the instance. */
        LinearInstance linear() {
            return linear(instance);
        }

        /** The verifier's view of {@code inst} with this pair's message claim. */
        LinearInstance linear(RelaxedInstance inst) {
            return LinearInstance.of(inst, messages, coeffs.b(), coeffs.k());
        }
    }

    /** A random relaxed pair: random W, u, x and point; its claim's value computed; random messages that carry it. */
    static Pair satisfying(Random rnd, R1CSShape shape, PedersenKey key) {
        SegmentLayout layout = shape.layout();
        int ns = layout.slots().size();
        long[][] w = new long[ns][];
        long[] blinds = PolysTest.randomVec(rnd, ns);
        G1Point[] comms = new G1Point[ns];
        for (int s = 0; s < ns; s++) {
            SegmentLayout.Slot slot = layout.slots().get(s);
            w[s] = new long[4 * slot.padded()];
            System.arraycopy(PolysTest.randomVec(rnd, slot.length()), 0, w[s], 0, 4 * slot.length());
            comms[s] = key.commit(w[s], slot.padded(), new long[] {blinds[4 * s], blinds[4 * s + 1],
                    blinds[4 * s + 2], blinds[4 * s + 3]});
        }
        long[] u = PolysTest.randomVec(rnd, 1);
        long[] x = PolysTest.randomVec(rnd, layout.numPublic());
        long[] f = errorVector(shape, w, u, x);
        int s = Integer.numberOfTrailingZeros(f.length / 4);
        long[] tau = PolysTest.randomVec(rnd, s);
        long[] e = new long[4];
        foldproof.folding.spartan.polys.Mle.evaluate(f, f.length / 4, s, tau, 0, e, 0);
        int k = 4;
        long[] a = PolysTest.randomVec(rnd, 1 << k);
        long[] b = PolysTest.randomVec(rnd, 1 << k);
        // b_0 = (e - sum_{j >= 1} b_j a_j) / a_0
        long[] rest = new long[4];
        Fr.innerProduct(b, 4, a, 4, rest, 0, (1 << k) - 1);
        long[] inv = new long[4];
        Fr.inv(a, 0, inv, 0);
        Fr.sub(e, 0, rest, 0, rest, 0);
        Fr.mul(rest, 0, inv, 0, b, 0);
        long[] rho = PolysTest.randomVec(rnd, 1);
        G1Point messages = key.commit(a, 1 << k, rho);
        return new Pair(new RelaxedInstance(comms, u, x, tau), new RelaxedWitness(w, blinds, e),
                new CoefficientClaim(a, b, k, 1 << k, rho), messages);
    }

    /** The error vector {@code f = Az o Bz - u Cz}, padded to a power of two. */
    static long[] errorVector(R1CSShape shape, long[][] w, long[] u, long[] x) {        int n = Integer.highestOneBit(Math.max(1, shape.numConstraints() - 1)) << 1;
        if (shape.numConstraints() == 1) {
            n = 1;
        }
        long[] z = SegmentedZ.build(shape.layout(), w, u, x);
        long[] az = new long[4 * n];
        long[] bz = new long[4 * n];
        long[] cz = new long[4 * n];
        SparseMle.multiply(shape.a(), z, az);
        SparseMle.multiply(shape.b(), z, bz);
        SparseMle.multiply(shape.c(), z, cz);
        long[] e = new long[4 * n];
        long[] t = new long[4];
        for (int i = 0; i < n; i++) {
            Fr.mul(az, 4 * i, bz, 4 * i, e, 4 * i);
            Fr.mul(u, 0, cz, 4 * i, t, 0);
            Fr.sub(e, 4 * i, t, 0, e, 4 * i);
        }
        return e;
    }
}
