package foldproof.circuits.layers;

/** The integer trace as the circuits read it: tensors by id (CHW) and the logits. */
public interface Activations {
    int[] tensor(int id);

    long[] logits();
}
