package foldproof.folding;

/**
 * A proof could not be produced or read: malformed, truncated or out-of-range proof bytes, a witness that
 * does not satisfy its circuit, or an unusable input. The message says what was wrong and where
 * (section, layer, tile, byte offset) so the user can act on it. Unchecked: it crosses the folding module's
 * boundary and the CLI maps it to exit code 2.
 */
public class ProofException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ProofException(String message) {
        super(message);
    }

    public ProofException(String message, Throwable cause) {
        super(message, cause);
    }
}
