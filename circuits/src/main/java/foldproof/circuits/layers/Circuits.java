package foldproof.circuits.layers;

import foldproof.circuits.CircuitException;
import foldproof.quantizer.model.QLayer;
import foldproof.quantizer.model.QModel;
import foldproof.quantizer.model.Shape;
import foldproof.quantizer.quant.ModelBounds;
import foldproof.quantizer.quant.ModelChecks;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds the tile circuits of a model, in proof order: one circuit per model layer in network order, and
 * the input range check: inside the stem conv when its tiles can own every input row exactly once
 * ({@link ConvCircuit#canOwnInputCheck}), else a proof layer of its own ({@link InputCircuit}) placed first. Shapes are built lazily per layer. The model must have
 * passed {@link foldproof.quantizer.quant.ModelChecks}; the exact bounds come from {@link ModelBounds}.
 */
public final class Circuits {
    private Circuits() { }

    /** The circuits with lookups (proof format 6): range checks by the lookup argument where it applies. */
    public static List<LayerCircuit> forModel(QModel model) {
        return forModel(model, true);
    }

    /**
     * @param lookups range checks by lookups (what proofs use) or by bit decomposition only (plain R1CS with no
     *                challenge inside: what {@code export} writes, and the baseline {@code inspect} compares with)
     */
    public static List<LayerCircuit> forModel(QModel model, boolean lookups) {
        ModelChecks.validate(model);
        ModelBounds bounds = ModelBounds.of(model);
        List<Shape> shapes = model.shapes();
        List<LayerCircuit> out = new ArrayList<>();
        // the input range check: inside the stem conv when its tiles can own every input row once (the usual
        // case, no extra layer), else a proof layer of its own
        boolean stemOwns = model.layers().get(0) instanceof QLayer.Conv c0
                && ConvCircuit.canOwnInputCheck(c0, shapes.get(0), shapes.get(1));
        if (!stemOwns) {
            out.add(new InputCircuit(shapes.get(0), lookups));
        }
        for (int i = 0; i < model.layers().size(); i++) {
            QLayer l = model.layers().get(i);
            if (l instanceof QLayer.Conv c) {
                out.add(new ConvCircuit(c, i, shapes, bounds, i == 0 && stemOwns, lookups));
            } else if (l instanceof QLayer.MaxPool m) {
                out.add(new MaxPoolCircuit(m, i, shapes, bounds, lookups));
            } else if (l instanceof QLayer.Head h) {
                if (i != model.layers().size() - 1) {
                    throw new CircuitException("head layer " + h.name() + " must be last");
                }
                out.add(new HeadCircuit(h, i, shapes, bounds));
            } else {
                throw new CircuitException("unsupported layer " + l.name());
            }
        }
        return out;
    }
}
