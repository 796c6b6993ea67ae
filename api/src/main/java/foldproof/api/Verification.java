package foldproof.api;

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

    private Verification(boolean valid, String reason, int label, long[] logits, int[] openedInput, long nanos) {
        this.valid = valid;
        this.reason = reason;
        this.label = label;
        this.logits = logits;
        this.openedInput = openedInput;
        this.nanos = nanos;
    }

    static Verification accepted(int label, long[] logits, int[] openedInput, long nanos) {
        return new Verification(true, null, label, logits.clone(), openedInput == null ? null : openedInput.clone(), nanos);
    }

    static Verification rejected(String reason, long nanos) {
        return new Verification(false, reason, -1, null, null, nanos);
    }

    /** True if the proof verified against the model. */
    public boolean valid() {
        return valid;
    }

    /** Why the proof was rejected (one line), or null if it is valid. */
    public String reason() {
        return reason;
    }

    /** The proven class, or -1 if rejected. */
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
