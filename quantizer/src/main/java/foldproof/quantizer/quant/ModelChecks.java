package foldproof.quantizer.quant;

import foldproof.quantizer.QuantizerException;
import foldproof.quantizer.model.QLayer;
import foldproof.quantizer.model.QModel;
import foldproof.quantizer.model.Shape;

import java.util.List;

/**
 * Structural checks of a {@link QModel}: tensor references point backwards, channel counts and array
 * lengths match the shapes, skip tensors line up with the output, exactly one head and it is last.
 * Run by {@link IntInference} and by the model file parser so that no malformed model gets further.
 */
public final class ModelChecks {
    /** Largest accepted requantization shift (keeps {@code 2^(shift-1)} and the shifts well inside a long). */
    public static final int MAX_SHIFT = 40;

    private ModelChecks() { }

    /** @throws QuantizerException naming the first offending layer */
    public static void validate(QModel m) {
        List<Shape> shapes;
        int n = m.layers().size();
        if (n == 0) {
            throw new QuantizerException("model " + m.name() + " has no layers");
        }
        for (int i = 0; i < n; i++) {
            int in = m.layers().get(i).input();
            if (in < 0 || in > i) {
                throw new QuantizerException("layer " + i + " (" + m.layers().get(i).name() + ") reads tensor " + in + ", which is not an earlier tensor");
            }
        }
        try {
            shapes = m.shapes();
        } catch (IllegalArgumentException e) {
            throw new QuantizerException("model " + m.name() + ": " + e.getMessage(), e);
        }
        if (m.scales() == null || m.scales().length != n + 1) {
            throw new QuantizerException("model " + m.name() + ": expected " + (n + 1) + " tensor scales");
        }
        for (int i = 0; i < n; i++) {
            QLayer l = m.layers().get(i);
            Shape src = shapes.get(l.input());
            Shape dst = shapes.get(i + 1);
            String where = "layer " + i + " (" + l.name() + "): ";
            if (l instanceof QLayer.Head h) {
                if (i != n - 1) {
                    throw new QuantizerException(where + "the head must be the last layer");
                }
                need(h.inC() == src.c(), where + "head inC " + h.inC() + " but input has " + src.c() + " channels");
                need(h.w().length == (long) h.classes() * h.inC() && h.b().length == h.classes(), where + "head weight/bias length mismatch");
                if (m.labels() != null && m.labels().length != h.classes()) {
                    throw new QuantizerException(where + m.labels().length + " labels for " + h.classes() + " classes");
                }
                continue;
            }
            need(i != n - 1, "model " + m.name() + ": the last layer must be the head");
            if (l instanceof QLayer.Conv c) {
                need(c.inC() == src.c(), where + "inC " + c.inC() + " but input tensor " + c.input() + " is " + src);
                need(c.w().length == (long) c.outC() * c.inC() * c.kernel() * c.kernel(), where + "weight length does not match " + c.outC() + "x" + c.inC() + "x" + c.kernel() + "x" + c.kernel());
                need(c.b().length == c.outC(), where + "bias length " + c.b().length + " != outC " + c.outC());
                need(c.shift() >= 0 && c.shift() <= MAX_SHIFT, where + "shift " + c.shift() + " outside [0, " + MAX_SHIFT + "]");
                need(c.stride() > 0 && c.pad() >= 0 && c.pad() < c.kernel(), where + "bad stride/pad");
                checkSkip(c.skip(), i, shapes, dst, where);
            } else {
                QLayer.MaxPool p = (QLayer.MaxPool) l;
                need(p.stride() > 0 && p.pad() >= 0 && p.pad() < p.kernel(), where + "bad maxpool stride/pad");
            }
        }
    }

    private static void checkSkip(QLayer.QSkip skip, int i, List<Shape> shapes, Shape dst, String where) {
        if (skip instanceof QLayer.QSkip.None) {
            return;
        }
        int tensor;
        if (skip instanceof QLayer.QSkip.Identity id) {
            tensor = id.tensor();
            need(tensor >= 0 && tensor <= i, where + "skip reads tensor " + tensor + ", not an earlier tensor");
            need(shapes.get(tensor).equals(dst), where + "identity skip tensor " + tensor + " is " + shapes.get(tensor) + ", output is " + dst);
        } else if (skip instanceof QLayer.QSkip.Projection pr) {
            tensor = pr.tensor();
            need(tensor >= 0 && tensor <= i, where + "skip reads tensor " + tensor + ", not an earlier tensor");
            Shape s = shapes.get(tensor);
            need(pr.inC() == s.c(), where + "projection inC " + pr.inC() + " but tensor " + tensor + " is " + s);
            need(pr.w().length == (long) dst.c() * pr.inC() * pr.kernel() * pr.kernel(), where + "projection weight length mismatch");
            need(pr.stride() > 0 && pr.pad() >= 0 && pr.pad() < pr.kernel(), where + "bad projection stride/pad");
            try {
                need(Shape.outExtent(s.h(), pr.kernel(), pr.stride(), pr.pad()) == dst.h()
                        && Shape.outExtent(s.w(), pr.kernel(), pr.stride(), pr.pad()) == dst.w(), where + "projection output extent does not match " + dst);
            } catch (IllegalArgumentException e) {
                throw new QuantizerException(where + e.getMessage(), e);
            }
        } else {
            QLayer.QSkip.OptionA oa = (QLayer.QSkip.OptionA) skip;
            tensor = oa.tensor();
            need(tensor >= 0 && tensor <= i, where + "skip reads tensor " + tensor + ", not an earlier tensor");
            Shape s = shapes.get(tensor);
            need(oa.inC() == s.c() && oa.stride() > 0 && oa.padBefore() >= 0 && oa.padBefore() + oa.inC() <= dst.c(),
                    where + "option-A skip channels do not fit: inC " + oa.inC() + ", padBefore " + oa.padBefore() + ", tensor " + s + ", output " + dst);
            need((s.h() + oa.stride() - 1) / oa.stride() == dst.h() && (s.w() + oa.stride() - 1) / oa.stride() == dst.w(),
                    where + "option-A subsampled " + s + " by " + oa.stride() + " does not match output " + dst);
        }
    }

    private static void need(boolean ok, String message) {
        if (!ok) {
            throw new QuantizerException(message);
        }
    }
}
