package foldproof.folding.proof;

import foldproof.circuits.layers.Circuits;
import foldproof.circuits.layers.LayerCircuit;
import foldproof.quantizer.model.QModel;
import foldproof.quantizer.model.Shape;
import foldproof.quantizer.quant.ModelFile;

import java.util.List;

/**
 * Everything prover, verifier and proof decoder derive from the model alone: the circuits (one shape per
 * layer), the model digest, tensor shapes, the row-table layout and the number of Pedersen generators.
 * Nothing here is ever read from a proof.
 */
public record ModelContext(QModel model, List<LayerCircuit> circuits, byte[] digest, List<Shape> shapes,
                           RowTable table, int generators) {

    /** Builds the circuits of {@code model} (the expensive part) and the derived layout. */
    public static ModelContext of(QModel model) {
        List<LayerCircuit> circuits = Circuits.forModel(model);
        List<Shape> shapes = model.shapes();
        return new ModelContext(model, List.copyOf(circuits), ModelFile.digest(model), shapes,
                RowTable.layout(shapes, circuits), Protocol.generatorCount(circuits));
    }

    public int numClasses() {
        return model.numClasses();
    }
}
