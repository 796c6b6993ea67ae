package foldproof.bn254;

/**
 * Bad input at the bn254 module boundary: a G1 point encoding that is not canonical or not on the curve, or
 * affine coordinates off the curve. The message says what was wrong; callers that parse a proof file wrap it
 * with where it was found. An {@link IllegalArgumentException}, as the field classes' refusals are.
 */
public class Bn254Exception extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** An error with a user-facing message. */
    public Bn254Exception(String message) {
        super(message);
    }
}
