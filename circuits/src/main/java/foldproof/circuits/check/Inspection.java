package foldproof.circuits.check;

import foldproof.circuits.layers.Circuits;
import foldproof.circuits.layers.LayerCircuit;
import foldproof.circuits.r1cs.R1CSShape;
import foldproof.quantizer.model.QModel;

import java.util.ArrayList;
import java.util.List;

/** Size figures of a model's circuits (what {@code foldproof inspect} prints). Builds one shape at a time. */
public final class Inspection {
    /**
     * @param name          layer name
     * @param tiles         number of tiles
     * @param constraints   constraints per tile
     * @param witness       meaningful witness entries per tile (IN, SKIP, OUT, AUX; unpadded)
     * @param paddedWitness padded witness length (a power of two)
     * @param aux           AUX entries per tile
     * @param nonZeros      nonzeros of A + B + C
     * @param activations   activation values the layer computes
     * @param lookups       lookup queries per tile (each is one of the constraints)
     * @param tableEntries  lookup table entries per tile (each is one of the constraints, and one multiplicity)
     * @param bitConstraints constraints per tile of the same layer with range checks by bits only (no lookups)
     */
    public record Layer(String name, int tiles, int constraints, int witness, int paddedWitness, int aux,
                        long nonZeros, long activations, int lookups, int tableEntries, int bitConstraints) {
        public long totalConstraints() {
            return (long) tiles * constraints;
        }
    }

    private Inspection() { }

    public static List<Layer> of(QModel model) {
        List<Layer> out = new ArrayList<>();
        List<LayerCircuit> bitsOnly = Circuits.forModel(model, false);
        List<LayerCircuit> circuits = Circuits.forModel(model, true);
        for (int l = 0; l < circuits.size(); l++) {
            LayerCircuit c = circuits.get(l);
            R1CSShape s = c.shape();
            var slots = s.layout().slots();
            int table = c.hasLookups() ? c.lookupTable().size() : 0;
            int lookups = c.hasLookups() ? slots.get(c.auxSlot() + 1).length() - table : 0;
            out.add(new Layer(c.name(), c.numTiles(), s.numConstraints(), s.layout().witnessEntries(),
                    s.layout().witnessLength(), slots.get(c.auxSlot()).length(),
                    (long) s.a().nonZeros() + s.b().nonZeros() + s.c().nonZeros(), c.activations(),
                    lookups, table, bitsOnly.get(l).skeleton().numConstraints()));
            c.dropShape();
        }
        return out;
    }

    public static long totalConstraints(List<Layer> layers) {
        long t = 0;
        for (Layer l : layers) {
            t += l.totalConstraints();
        }
        return t;
    }

    /** Total constraints of the same circuits with range checks by bits only. */
    public static long totalBitConstraints(List<Layer> layers) {
        long t = 0;
        for (Layer l : layers) {
            t += (long) l.tiles() * l.bitConstraints();
        }
        return t;
    }

    public static long totalActivations(List<Layer> layers) {
        long t = 0;
        for (Layer l : layers) {
            t += l.activations();
        }
        return t;
    }
}
