package foldproof.quantizer.model;

import java.util.ArrayList;
import java.util.List;

/**
 * A float ResNet-style network in network order, as produced by the importers and consumed by the float
 * reference inference and the quantizer. {@code labels} may be null (then labels are class indices).
 */
public record FloatNet(String name, Preprocess preprocess, Shape input, List<FloatLayer> layers, String[] labels) {
    public FloatNet {
        layers = List.copyOf(layers);
    }

    /** Shapes of every tensor: index 0 is the input, index i+1 the output of layer i. */
    public List<Shape> shapes() {
        List<Shape> s = new ArrayList<>();
        s.add(input);
        for (FloatLayer l : layers) {
            Shape in = s.get(l.input());
            s.add(outShape(l, in));
        }
        return s;
    }

    private static Shape outShape(FloatLayer l, Shape in) {
        if (l instanceof FloatLayer.Conv c) {
            return new Shape(c.outC(), Shape.outExtent(in.h(), c.kernel(), c.stride(), c.pad()),
                    Shape.outExtent(in.w(), c.kernel(), c.stride(), c.pad()));
        }
        if (l instanceof FloatLayer.MaxPool m) {
            return new Shape(in.c(), Shape.outExtent(in.h(), m.kernel(), m.stride(), m.pad()),
                    Shape.outExtent(in.w(), m.kernel(), m.stride(), m.pad()));
        }
        return new Shape(((FloatLayer.Head) l).classes(), 1, 1);
    }
}
