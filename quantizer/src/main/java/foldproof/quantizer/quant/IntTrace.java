package foldproof.quantizer.quant;

/**
 * Every tensor of one integer forward pass (the witness source for the circuits): tensor 0 is the
 * quantized input (int8 values), tensor {@code i + 1} the output of layer {@code i} (uint8 values), each a
 * flat CHW {@code int[]} (index {@code (c*h + y)*w + x}). The head's output is not an activation: it is
 * {@link #logits()} (exact {@code long} values), and {@link #tensor(int)} of the head's id returns the
 * logits clamped to {@code int} only for convenience of generic printers.
 *
 * <p>The arrays are shared, not copied: callers must not modify them.
 */
public final class IntTrace {
    private final int[][] tensors;
    private final long[] logits;

    IntTrace(int[][] tensors, long[] logits) {
        this.tensors = tensors;
        this.logits = logits;
    }

    /**
     * A trace from given tensors, unchecked: for soundness tests that forge one (a wrong activation, an
     * out-of-range input) and show that the proof built from it is rejected. Never used to prove honestly.
     */
    public static IntTrace forged(int[][] tensors, long[] logits) {
        return new IntTrace(tensors.clone(), logits.clone());
    }

    /** Number of tensors: layers + 1. */
    public int numTensors() {
        return tensors.length;
    }

    /** Tensor {@code id} as flat CHW ints (do not modify). */
    public int[] tensor(int id) {
        if (id < 0 || id >= tensors.length) {
            throw new IndexOutOfBoundsException("tensor " + id + " of " + tensors.length);
        }
        return tensors[id];
    }

    /** The integer logits of the head (float logit = {@code logitScale * logit}). */
    public long[] logits() {
        return logits;
    }

    /** Index of the largest logit (the first one on ties). */
    public int argmax() {
        int best = 0;
        for (int j = 1; j < logits.length; j++) {
            if (logits[j] > logits[best]) {
                best = j;
            }
        }
        return best;
    }
}
