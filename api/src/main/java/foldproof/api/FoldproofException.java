package foldproof.api;

/**
 * Bad input to the API: an unreadable or refused model file, an unreadable image, a float model where a
 * quantized one is needed, calibration images that do not fit. The message is one line saying what to fix.
 * (A proof that does not verify is not an exception: see {@link Verification}.)
 */
public class FoldproofException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message one line: what is wrong and, where it helps, what to do */
    public FoldproofException(String message) {
        super(message);
    }

    /** @param message one line; {@code cause} the module's exception it wraps */
    public FoldproofException(String message, Throwable cause) {
        super(message, cause);
    }
}
