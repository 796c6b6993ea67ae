package foldproof.quantizer.quant;

/**
 * Every tensor of one float forward pass: tensor 0 the input, tensor {@code i + 1} the (post-ReLU) output
 * of layer {@code i}, flat CHW; the head's tensor is the logits. Used as the fidelity oracle and for
 * calibration. Arrays are shared: do not modify.
 */
public record FloatTrace(float[][] tensors, float[] logits) {
    public float[] tensor(int id) {
        return tensors[id];
    }
}
