package foldproof.folding;

/**
 * A well-formed proof was rejected. {@link #reason()} is a one-line, human-readable reason such as
 * {@code "layer 3 (conv): sum-check round 2 does not match the claimed value"}; the CLI prints it after
 * {@code INVALID} and maps the exception to exit code 1.
 */
public class VerificationException extends Exception {
    private static final long serialVersionUID = 1L;

    public VerificationException(String reason) {
        super(reason);
    }

    public VerificationException(String reason, Throwable cause) {
        super(reason, cause);
    }

    /** The reason the proof was rejected (same as {@link #getMessage()}). */
    public String reason() {
        return getMessage();
    }
}
