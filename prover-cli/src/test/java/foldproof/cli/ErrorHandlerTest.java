package foldproof.cli;

import foldproof.circuits.CircuitException;
import foldproof.folding.ProofException;
import foldproof.folding.VerificationException;
import foldproof.quantizer.QuantizerException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        assertEquals(2, ErrorHandler.exitCode(new java.util.concurrent.CompletionException(new QuantizerException("x"))));
    }

    @picocli.CommandLine.Command(name = "boom")
    static final class Boom implements java.util.concurrent.Callable<Integer> {
        @picocli.CommandLine.Option(names = "--verbose")
        boolean verbose;

        @Override
        public Integer call() {
            throw new IllegalStateException("a bug\nsecond line");
        }
    }

    /** A bug: exit 3, one line naming the exception type, the stack trace only with --verbose. */
    @Test
    void internalErrorsExitThree() {
        for (boolean verbose : new boolean[] {false, true}) {
            picocli.CommandLine cl = new picocli.CommandLine(new Boom()).setExecutionExceptionHandler(new ErrorHandler());
            java.io.StringWriter err = new java.io.StringWriter();
            cl.setErr(new java.io.PrintWriter(err));
            assertEquals(3, cl.execute(verbose ? new String[] {"--verbose"} : new String[0]));
            String first = err.toString().lines().findFirst().orElse("");
            assertTrue(first.startsWith("internal error: IllegalStateException: a bug"), err.toString());
            assertEquals(verbose, err.toString().contains("\tat "), err.toString());
            if (!verbose) {
                assertEquals(1, err.toString().strip().lines().count(), err.toString());
            }
        }
    }

    /** A worker's exception in the command's fork-join pool surfaces as itself (message unchanged), not as a copy. */
    @Test
    void poolExceptionsKeepTheirMessage() {
        CommonOptions c = new CommonOptions();
        c.threads = 2;
        Exception e = assertThrows(IllegalArgumentException.class, () -> c.inPool(() -> {
            java.util.stream.IntStream.range(0, 64).parallel().forEach(i -> {
                throw new IllegalArgumentException("bad value " + 7);
            });
            return 0;
        }));
        assertEquals("bad value 7", e.getMessage());
        Exception q = assertThrows(QuantizerException.class, () -> c.inPool(() -> {
            throw new QuantizerException("outer", new QuantizerException("inner"));
        }));
        assertEquals("outer", q.getMessage(), "a real wrapper of the same type is kept");
    }
}
