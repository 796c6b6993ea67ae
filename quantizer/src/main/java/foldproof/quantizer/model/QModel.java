package foldproof.quantizer.model;

import java.util.ArrayList;
import java.util.List;

/**
 * The fixed-point network: the single source of truth that circuits and proofs agree with bit for bit.
 *
 * @param name         model name, e.g. {@code resnet18-imagenet-demo}
 * @param description  human text shown wherever the model is shown (e.g. "untrained demo weights")
 * @param inputScale   {@code x_q = clamp(round(x / inputScale), -128, 127)}
 * @param scales       per tensor id, the real value of one unit (index 0 = inputScale)
 * @param labels       class names, or null
 */
public record QModel(String name, String description, Preprocess preprocess, Shape input, double inputScale,
                     double[] scales, List<QLayer> layers, String[] labels) {
    public QModel {
        layers = List.copyOf(layers);
    }

    /** Shapes of every tensor: index 0 is the input, index i+1 the output of layer i. */
    public List<Shape> shapes() {
        List<Shape> s = new ArrayList<>();
        s.add(input);
        for (QLayer l : layers) {
            Shape in = s.get(l.input());
            s.add(outShape(l, in));
        }
        return s;
    }

    public int numClasses() {
        return ((QLayer.Head) layers.get(layers.size() - 1)).classes();
    }

    private static Shape outShape(QLayer l, Shape in) {
        if (l instanceof QLayer.Conv c) {
            return new Shape(c.outC(), Shape.outExtent(in.h(), c.kernel(), c.stride(), c.pad()),
                    Shape.outExtent(in.w(), c.kernel(), c.stride(), c.pad()));
        }
        if (l instanceof QLayer.MaxPool m) {
            return new Shape(in.c(), Shape.outExtent(in.h(), m.kernel(), m.stride(), m.pad()),
                    Shape.outExtent(in.w(), m.kernel(), m.stride(), m.pad()));
        }
        return new Shape(((QLayer.Head) l).classes(), 1, 1);
    }
}
