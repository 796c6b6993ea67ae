package foldproof.cli;

import foldproof.api.FoldproofException;
import foldproof.circuits.CircuitException;
import foldproof.folding.ProofException;
import foldproof.folding.VerificationException;
import foldproof.quantizer.QuantizerException;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

/**
 * Maps exceptions from a subcommand to exit codes (CONVENTIONS 7): a rejected proof
 * ({@link VerificationException}) is 1 and prints {@code INVALID: <reason>}; bad input
 * ({@link QuantizerException}, {@link CircuitException}, {@link ProofException}, I/O problems, bad option
 * values) is 2 with one line {@code error: <message>}; anything else is a bug: exit 3,
 * {@code internal error: ...}. Stack traces only with {@code --verbose}. Bad usage (unknown or missing
 * options) is 2 as well, with one line from {@link #handleParameterException}.
 */
public final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
    public static final int REJECTED = 1;
    public static final int BAD_INPUT = 2;
    public static final int INTERNAL = 3;

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        boolean verbose = verbose(parsed);
        int code = exitCode(ex);
        String msg = oneLine(ex);
        if (code == REJECTED) {
            err.println("INVALID: " + msg);
        } else if (code == BAD_INPUT) {
            err.println("error: " + msg);
        } else {
            err.println("internal error: " + ex.getClass().getSimpleName() + ": " + msg
                    + (verbose ? "" : " (rerun with --verbose for the stack trace)"));
        }
        if (verbose) {
            ex.printStackTrace(err);
        }
        err.flush();
        return code;
    }

    /**
     * Bad usage (unknown option, missing required option, unparsable value): one line
     * {@code error: <reason> (see 'foldproof <command> --help')}, exit 2.
     */
    static int handleParameterException(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        String unknown = unknownCommand(ex);
        if (unknown != null) {
            err.println("error: unknown command '" + unknown + "' (commands: " + commands(cmd) + "; see '"
                    + cmd.getCommandSpec().qualifiedName() + " --help')");
            err.flush();
            return BAD_INPUT;
        }
        err.println("error: " + oneLine(ex) + " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')");
        err.flush();
        return BAD_INPUT;
    }

    /**
     * The word taken as a subcommand name, if {@code ex} is picocli's "Unmatched argument" for the first
     * positional word of a command that has subcommands and no positional parameters; else null.
     */
    private static String unknownCommand(CommandLine.ParameterException ex) {
        CommandLine cmd = ex.getCommandLine();
        if (!(ex instanceof CommandLine.UnmatchedArgumentException u) || cmd.getSubcommands().isEmpty()
                || !cmd.getCommandSpec().positionalParameters().isEmpty() || u.getUnmatched().isEmpty()) {
            return null;
        }
        String first = u.getUnmatched().get(0);
        return first.startsWith("-") ? null : first;
    }

    /** The visible subcommand names of {@code cmd}, comma-separated. */
    private static String commands(CommandLine cmd) {
        return String.join(", ", cmd.getSubcommands().entrySet().stream()
                .filter(e -> !e.getValue().getCommandSpec().usageMessage().hidden() && e.getKey().equals(e.getValue().getCommandName()))
                .map(java.util.Map.Entry::getKey).toList());
    }

    /** The exit code for {@code ex} (see the class comment). */
    public static int exitCode(Throwable ex) {
        if ((ex instanceof java.util.concurrent.CompletionException || ex instanceof java.util.concurrent.ExecutionException)
                && ex.getCause() != null) {
            return exitCode(ex.getCause());
        }
        if (ex instanceof VerificationException) {
            return REJECTED;
        }
        if (ex instanceof FoldproofException || ex instanceof QuantizerException || ex instanceof CircuitException || ex instanceof ProofException
                || ex instanceof IOException || ex instanceof UncheckedIOException || ex instanceof IllegalArgumentException
                || ex instanceof CommandLine.ParameterException) {
            return BAD_INPUT;
        }
        return INTERNAL;
    }

    private static String oneLine(Throwable ex) {
        if ((ex instanceof java.util.concurrent.CompletionException || ex instanceof java.util.concurrent.ExecutionException)
                && ex.getCause() != null) {
            return oneLine(ex.getCause());
        }
        String m = ex.getMessage();
        if (m == null || m.isBlank()) {
            m = ex.getClass().getSimpleName();
        }
        if (ex instanceof java.nio.file.NoSuchFileException) {
            m = "file not found: " + m;
        }
        return m.lines().findFirst().orElse(m).strip();
    }

    private static boolean verbose(CommandLine.ParseResult parsed) {
        for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }
}
