package foldproof.api;

/**
 * A finished proof: the bytes to send to a verifier, and what it claims (the label and the logits, public
 * anyway). Made by {@link Foldproof#prove}; checked with {@link Foldproof#verify}.
 */
public final class Proof {
    /**
     * Wall-clock time per phase of {@link Foldproof#prove}, in nanoseconds.
     *
     * @param circuitNanos   building the circuits (0 when the {@link Model} had them already)
     * @param inferenceNanos the integer inference
     * @param rowTableNanos  committing every activation row
     * @param foldNanos      tile witnesses and folding
     * @param blindNanos     folding in the random instances (zero knowledge)
     * @param compressNanos  the Spartan compression and the final opening
     * @param totalNanos     the whole call
     */
    public record Timings(long circuitNanos, long inferenceNanos, long rowTableNanos, long foldNanos, long blindNanos,
                          long compressNanos, long totalNanos) { }

    private final Model model;
    private final byte[] bytes;
    private final int label;
    private final long[] logits;
    private final boolean publicInput;
    private final Timings timings;

    private final int[] labels;
    private final java.util.List<long[]> batchLogits;

    Proof(Model model, byte[] bytes, int[] labels, java.util.List<long[]> logits, boolean publicInput, Timings timings) {
        this.model = model;
        this.bytes = bytes;
        this.labels = labels;
        this.batchLogits = java.util.List.copyOf(logits);
        this.label = labels[0];
        this.logits = logits.get(0);
        this.publicInput = publicInput;
        this.timings = timings;
    }

    /** The proof file's bytes (a copy): what {@link Foldproof#verify} takes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Size of {@link #bytes()}. */
    public int size() {
        return bytes.length;
    }

    /** Number of images the proof covers (1 unless made by {@link Foldproof#proveBatch}). */
    public int batchSize() {
        return labels.length;
    }

    /** The claimed class of image {@code n} of the batch. */
    public int label(int n) {
        return labels[n];
    }

    /** The claimed logits of image {@code n} (a copy). */
    public long[] logits(int n) {
        return batchLogits.get(n).clone();
    }

    /** The claimed class (of image 0 in a batch): the index of the largest logit (the first on ties). */
    public int label() {
        return label;
    }

    /** The claimed integer logits (a copy). */
    public long[] logits() {
        return logits.clone();
    }

    /** Whether the proof opens its input ({@link ProveOptions#withPublicInput}). */
    public boolean opensInput() {
        return publicInput;
    }

    /** The model it proves. */
    public Model model() {
        return model;
    }

    /** Time per phase. */
    public Timings timings() {
        return timings;
    }
}
