package foldproof.api;

import java.util.List;
import java.util.Optional;

/**
 * The answer of {@link Foldproof#verify}: valid, with the proven label and logits (and the input, if the
 * proof opens it), or rejected with the reason in one line. A malformed file and a proof of another model
 * are rejections too, never exceptions.
 */
public final class Verification {
    private final boolean valid;
    private final String reason;
    private final int label;
    private final long[] logits;
    private final int[] openedInput;
    private final long nanos;
    private final int[] labels;
    private final List<long[]> batchLogits;
    private final List<int[]> openedInputs;

    private Verification(boolean valid, String reason, int[] labels, List<long[]> logits, List<int[]> openedInputs, long nanos) {
        this.valid = valid;
        this.reason = reason;
        this.labels = labels;
        this.batchLogits = logits;
        this.openedInputs = openedInputs;
        this.label = labels.length == 0 ? -1 : labels[0];
        this.logits = logits.isEmpty() ? null : logits.get(0);
        this.openedInput = openedInputs.isEmpty() ? null : openedInputs.get(0);
        this.nanos = nanos;
    }

    static Verification accepted(int[] labels, List<long[]> logits, List<int[]> openedInputs, long nanos) {
        return new Verification(true, null, labels.clone(), List.copyOf(logits),
                openedInputs.stream().map(a -> a == null ? null : a.clone()).toList(), nanos);
    }

    static Verification rejected(String reason, long nanos) {
        return new Verification(false, reason, new int[0], List.of(), List.of(), nanos);
    }

    /** Number of images the proof covers (0 if rejected). */
    public int batchSize() {
        return labels.length;
    }

    /** The proven class of image {@code n} of the batch. */
    public int label(int n) {
        return labels[n];
    }

    /** The proven logits of image {@code n} (a copy). */
    public long[] logits(int n) {
        return batchLogits.get(n).clone();
    }

    /** Image {@code n}'s quantized input if the proof opens it. */
    public Optional<int[]> openedInput(int n) {
        return Optional.ofNullable(openedInputs.get(n)).map(int[]::clone);
    }

    /** True if the proof verified against the model. */
    public boolean valid() {
        return valid;
    }

    /** Why the proof was rejected (one line), or null if it is valid. */
    public String reason() {
        return reason;
    }

    /** The proven class (of image 0 in a batch), or -1 if rejected. */
    public int label() {
        return label;
    }

    /** The proven logits (a copy), or an empty array if rejected. */
    public long[] logits() {
        return logits == null ? new long[0] : logits.clone();
    }

    /** The quantized input (CHW, int8 values) if the proof opens it. */
    public Optional<int[]> openedInput() {
        return Optional.ofNullable(openedInput).map(int[]::clone);
    }

    /** Wall-clock time of the verification, in seconds. */
    public double seconds() {
        return nanos / 1e9;
    }

    @Override
    public String toString() {
        return valid ? "VALID: label " + label : "INVALID: " + reason;
    }
}
