package foldproof.circuits;

/** Bad input to the circuits module (unsupported layer geometry, witness outside a gadget's static bound, ...). */
public class CircuitException extends RuntimeException {
    public CircuitException(String message) {
        super(message);
    }

    public CircuitException(String message, Throwable cause) {
        super(message, cause);
    }
}
