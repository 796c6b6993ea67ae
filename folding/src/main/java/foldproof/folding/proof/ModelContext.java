package foldproof.folding.proof;

import foldproof.circuits.layers.Circuits;
import foldproof.circuits.layers.LayerCircuit;
import foldproof.circuits.r1cs.R1CSShape;
import foldproof.circuits.r1cs.SegmentLayout;
import foldproof.quantizer.model.QModel;
import foldproof.quantizer.model.Shape;
import foldproof.quantizer.quant.ModelFile;

import java.util.List;

/**
 * Everything prover, verifier and proof decoder derive from the model alone: the circuits, the model
 * digest, tensor shapes, the row-table layout, the number of Pedersen generators of a single-image proof
 * ({@link Protocol#generators} for a batch), and per layer a shape
 * <em>skeleton</em> (name, constraint count and slot layout, no matrices), which is all the proof decoder
 * needs. Nothing here is ever read from a proof.
 *
 * <p>Memory O(layer): the full R1CS shapes are built once here to read their layouts and dropped again;
 * prover and verifier rebuild each layer's shape when they reach it and drop it afterwards.
 */
public record ModelContext(QModel model, List<LayerCircuit> circuits, List<R1CSShape> skeletons, byte[] digest,
                           List<Shape> shapes, RowTable table, int generators) {

    /** Builds the circuits of {@code model} and the derived layout. */
    public static ModelContext of(QModel model) {
        return of(model, true);
    }

    /**
     * @param lookups false: every range check by bits (the circuits a layer falls back to when its interval
     *                does not suit the lookup gadget), for the soundness suite's attacks on the bit gadgets. Proofs
     *                of the product always use {@link #of(QModel)}: a verifier holds the statement fixed.
     */
    static ModelContext of(QModel model, boolean lookups) {
        List<LayerCircuit> circuits = List.copyOf(Circuits.forModel(model, lookups));
        // a counting pass per layer gives the layouts (in parallel: the layers are independent)
        List<R1CSShape> skeletons = circuits.parallelStream().map(LayerCircuit::skeleton).toList();
        List<Shape> shapes = model.shapes();
        return new ModelContext(model, circuits, List.copyOf(skeletons), ModelFile.digest(model), shapes,
                RowTable.layout(shapes, circuits, skeletons),
                Protocol.generatorCount(skeletons, circuits.stream().mapToInt(LayerCircuit::numTiles).toArray(), 1));
    }

    public int numClasses() {
        return model.numClasses();
    }

    /** Layout of layer {@code l}. */
    public SegmentLayout layout(int l) {
        return skeletons.get(l).layout();
    }
}
