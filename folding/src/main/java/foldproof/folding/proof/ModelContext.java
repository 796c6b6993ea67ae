package foldproof.folding.proof;

import foldproof.circuits.layers.Circuits;
import foldproof.circuits.layers.LayerCircuit;
import foldproof.circuits.r1cs.R1CSShape;
import foldproof.circuits.r1cs.SegmentLayout;
import foldproof.circuits.r1cs.SparseMatrix;
import foldproof.quantizer.model.QModel;
import foldproof.quantizer.model.Shape;
import foldproof.quantizer.quant.ModelFile;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything prover, verifier and proof decoder derive from the model alone: the circuits, the model
 * digest, tensor shapes, the row-table layout, the number of Pedersen generators, and per layer a shape
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
        List<LayerCircuit> circuits = List.copyOf(Circuits.forModel(model));
        List<R1CSShape> skeletons = new ArrayList<>();
        for (LayerCircuit lc : circuits) {
            R1CSShape s = lc.verifierShape();   // same layout as the prover's shape, cheaper to build
            skeletons.add(skeleton(s));
            lc.dropShape();
        }
        List<Shape> shapes = model.shapes();
        return new ModelContext(model, circuits, List.copyOf(skeletons), ModelFile.digest(model), shapes,
                RowTable.layout(shapes, circuits, skeletons), Protocol.generatorCount(skeletons));
    }

    /** Name, constraint count and layout of {@code s}, with empty matrices. */
    static R1CSShape skeleton(R1CSShape s) {
        SegmentLayout lay = s.layout();
        SparseMatrix empty = new SparseMatrix(0, lay.zLength(), new int[1], new int[0], new long[0]);
        return new R1CSShape(s.name(), s.numConstraints(), empty, empty, empty, lay);
    }

    public int numClasses() {
        return model.numClasses();
    }

    /** Layout of layer {@code l}. */
    public SegmentLayout layout(int l) {
        return skeletons.get(l).layout();
    }
}
