package foldproof.circuits.layers;

import foldproof.circuits.CircuitException;
import foldproof.quantizer.model.QLayer;
import foldproof.quantizer.model.QModel;
import foldproof.quantizer.model.Shape;

import java.util.ArrayList;
import java.util.List;

/** Builds the tile circuits of a model, in network order. Shapes are built lazily per layer. */
public final class Circuits {
    private Circuits() { }

    public static List<LayerCircuit> forModel(QModel model) {
        List<Shape> shapes = model.shapes();
        List<LayerCircuit> out = new ArrayList<>();
        for (int i = 0; i < model.layers().size(); i++) {
            QLayer l = model.layers().get(i);
            if (l instanceof QLayer.Conv c) {
                out.add(new ConvCircuit(c, i, shapes));
            } else if (l instanceof QLayer.MaxPool m) {
                out.add(new MaxPoolCircuit(m, i, shapes));
            } else if (l instanceof QLayer.Head h) {
                if (i != model.layers().size() - 1) {
                    throw new CircuitException("head layer " + h.name() + " must be last");
                }
                out.add(new HeadCircuit(h, i, shapes));
            } else {
                throw new CircuitException("unsupported layer " + l.name());
            }
        }
        return out;
    }
}
