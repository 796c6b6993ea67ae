package foldproof.circuits.layers;

import foldproof.circuits.gadgets.Requant;
import foldproof.quantizer.model.QLayer;
import foldproof.quantizer.quant.ModelBounds;

/**
 * Requantisation bit counts per output channel from the model's exact static bounds ({@link ModelBounds}:
 * every input of the accumulator lies in its tensor's range, so
 * {@code acc in [b + sum min(w lo, w hi), b + sum max(w lo, w hi)]}, skip terms included). Each count is
 * checked against {@link Requant}'s soundness condition when the shape is built.
 */
final class Bounds {
    private Bounds() { }

    static int[] requantBits(QLayer.Conv c, int layerIndex, ModelBounds bounds) {
        int[] n = new int[c.outC()];
        for (int o = 0; o < c.outC(); o++) {
            long lo = bounds.lo(layerIndex, o);
            long hi = bounds.hi(layerIndex, o);
            n[o] = Requant.bits(lo, hi, c.shift());
            Requant.requireSound(lo, hi, c.shift(), n[o], c.name() + " channel " + o);
        }
        return n;
    }
}
