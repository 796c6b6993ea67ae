package foldproof.quantizer;

/**
 * The quantizer module's one error type: bad or unsupported input (model file, image, calibration set)
 * with an actionable message that names the offending file, tensor or graph node. The CLI maps it to
 * exit code 2.
 */
public class QuantizerException extends RuntimeException {
    public QuantizerException(String message) {
        super(message);
    }

    public QuantizerException(String message, Throwable cause) {
        super(message, cause);
    }
}
