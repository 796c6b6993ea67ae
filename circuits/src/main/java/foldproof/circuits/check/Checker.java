package foldproof.circuits.check;

import foldproof.circuits.CircuitException;
import foldproof.circuits.layers.LayerCircuit;
import foldproof.circuits.layers.TileWitness;
import foldproof.circuits.r1cs.CheckingBuilder;
import foldproof.circuits.r1cs.MatVec;
import foldproof.circuits.r1cs.R1CSShape;
import foldproof.circuits.r1cs.SegmentLayout;
import foldproof.circuits.r1cs.SparseMatrix;

import java.math.BigInteger;
import java.util.Optional;

/**
 * Satisfaction checker. Fast path: {@code A z, B z, C z} over CSR in exact long arithmetic (rows that would
 * overflow are redone modulo r with BigInteger); if a row fails, the tile is synthesized once more against a
 * {@link CheckingBuilder}, which names the first failing constraint by its label path. Labels cost nothing
 * on satisfied tiles.
 */
public final class Checker {
    private Checker() { }

    public static Optional<Failure> check(LayerCircuit circuit, TileWitness w) {
        R1CSShape shape = circuit.shape();
        SegmentLayout layout = shape.layout();
        if (w.slots().length != layout.slots().size()) {
            throw new CircuitException(circuit.name() + ": witness has " + w.slots().length + " slots, layout " + layout.slots().size());
        }
        for (int i = 0; i < w.slots().length; i++) {
            if (layout.slots().get(i).kind() == SegmentLayout.Kind.LOOKUP) {
                continue;   // second phase: helpers depend on the tile's challenges, checked by membership instead
            }
            if (w.slots()[i].length != layout.slots().get(i).length()) {
                throw new CircuitException(circuit.name() + ": witness slot " + i + " has length " + w.slots()[i].length
                        + ", layout " + layout.slots().get(i).length());
            }
        }
        if (w.publicInputs().length != layout.numPublic()) {
            throw new CircuitException(circuit.name() + ": " + w.publicInputs().length + " public inputs, expected " + layout.numPublic());
        }
        if (circuit.hasLookups()) {
            // the lookup rows hold second-phase helpers: check the tile by synthesis (constraints exactly,
            // every lookup by membership, every multiplicity by count), naming the first failure
            Failure f = name(circuit, w, -1);
            return f.constraint() < 0 ? Optional.empty() : Optional.of(f);
        }
        long[] z = w.z(layout);
        int m = shape.numConstraints();
        long[] az = new long[m];
        long[] bz = new long[m];
        long[] cz = new long[m];
        boolean[] ovf = new boolean[m];
        MatVec.mulLong(shape.a(), z, az, ovf);
        MatVec.mulLong(shape.b(), z, bz, ovf);
        MatVec.mulLong(shape.c(), z, cz, ovf);
        int first = -1;
        for (int i = 0; i < m; i++) {
            boolean ok = ovf[i] ? bigRowOk(shape, z, i) : MatVec.productEquals(az[i], bz[i], cz[i]);
            if (!ok) {
                first = i;
                break;
            }
        }
        if (first < 0) {
            return Optional.empty();
        }
        return Optional.of(name(circuit, w, first));
    }

    /** Re-synthesizes against a checking builder to name the failure (only called on failure). */
    static Failure name(LayerCircuit circuit, TileWitness w, int row) {
        CheckingBuilder cb = new CheckingBuilder(circuit.auxSlot(), w.slots(), w.publicInputs());
        try (var ns = cb.push(circuit.name()); var ts = cb.push("tile", w.tile())) {
            circuit.synthesizeTile(cb);
        }
        if (cb.failedIndex() >= 0) {
            return new Failure(circuit.name(), w.tile(), cb.failedIndex(), cb.failedPath(), cb.failedDetail());
        }
        if (row < 0) {
            return new Failure(circuit.name(), w.tile(), -1, null, null);
        }
        return new Failure(circuit.name(), w.tile(), row, circuit.name() + "/tile " + w.tile() + "/constraint " + row,
                "fails in the CSR kernel only");
    }

    private static boolean bigRowOk(R1CSShape s, long[] z, int row) {
        BigInteger a = rowBig(s.a(), z, row);
        BigInteger b = rowBig(s.b(), z, row);
        BigInteger c = rowBig(s.c(), z, row);
        return a.multiply(b).subtract(c).mod(CheckingBuilder.R).signum() == 0;
    }

    private static BigInteger rowBig(SparseMatrix m, long[] z, int row) {
        BigInteger s = BigInteger.ZERO;
        for (int e = m.rowStart()[row]; e < m.rowStart()[row + 1]; e++) {
            s = s.add(BigInteger.valueOf(m.coeff()[e]).multiply(BigInteger.valueOf(z[m.col()[e]])));
        }
        return s;
    }
}
