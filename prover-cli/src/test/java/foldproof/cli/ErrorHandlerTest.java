package foldproof.cli;

import foldproof.circuits.CircuitException;
import foldproof.folding.ProofException;
import foldproof.folding.VerificationException;
import foldproof.quantizer.QuantizerException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ErrorHandlerTest {
    @Test
    void exitCodes() {
        assertEquals(1, ErrorHandler.exitCode(new VerificationException("layer 3: bad")));
        assertEquals(2, ErrorHandler.exitCode(new QuantizerException("x")));
        assertEquals(2, ErrorHandler.exitCode(new CircuitException("x")));
        assertEquals(2, ErrorHandler.exitCode(new ProofException("x")));
        assertEquals(2, ErrorHandler.exitCode(new IOException("x")));
        assertEquals(2, ErrorHandler.exitCode(new UncheckedIOException(new IOException("x"))));
        assertEquals(3, ErrorHandler.exitCode(new NullPointerException()));
    }
}
