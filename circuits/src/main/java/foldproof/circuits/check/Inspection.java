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
     */
    public record Layer(String name, int tiles, int constraints, int witness, int paddedWitness, int aux,
                        long nonZeros, long activations) {
        public long totalConstraints() {
            return (long) tiles * constraints;
        }
    }

    private Inspection() { }

    public static List<Layer> of(QModel model) {
        List<Layer> out = new ArrayList<>();
        for (LayerCircuit c : Circuits.forModel(model)) {
            R1CSShape s = c.shape();
            var slots = s.layout().slots();
            out.add(new Layer(c.name(), c.numTiles(), s.numConstraints(), s.layout().witnessEntries(),
                    s.layout().witnessLength(), slots.get(slots.size() - 1).length(),
                    (long) s.a().nonZeros() + s.b().nonZeros() + s.c().nonZeros(), c.activations()));
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

    public static long totalActivations(List<Layer> layers) {
        long t = 0;
        for (Layer l : layers) {
            t += l.activations();
        }
        return t;
    }
}
