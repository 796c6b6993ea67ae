package foldproof.folding;

/**
 * Bad input or a malformed proof file at the folding module boundary (e.g. a point encoding that
 * is not canonical or not on the curve). The message is meant for the user: it says what was wrong
 * and, where it helps, what was expected.
 */
public class ProofException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An error with a user-facing message. */
    public ProofException(String message) {
        super(message);
    }

    /** An error with a user-facing message and the underlying cause. */
    public ProofException(String message, Throwable cause) {
        super(message, cause);
    }
}
