package foldproof.quantizer.quant;

import foldproof.quantizer.QuantizerException;
import foldproof.quantizer.model.QModel;

/** The input map of DESIGN section 2: {@code x_q = clamp(round(x / s_in), -128, 127)} (round half up). */
public final class InputQuantizer {
    private InputQuantizer() { }

    public static int[] quantize(float[] x, double inputScale) {
        if (!(inputScale > 0)) {
            throw new QuantizerException("input scale must be positive, got " + inputScale);
        }
        int[] q = new int[x.length];
        for (int j = 0; j < x.length; j++) {
            long v = Math.round(x[j] / inputScale);
            q[j] = (int) Math.max(-128L, Math.min(127L, v));
        }
        return q;
    }

    /** {@link #quantize(float[], double)} with the model's input scale, after checking the length. */
    public static int[] quantize(QModel m, float[] x) {
        if (x.length != m.input().size()) {
            throw new QuantizerException("input has " + x.length + " values, model " + m.name() + " expects " + m.input());
        }
        return quantize(x, m.inputScale());
    }
}
