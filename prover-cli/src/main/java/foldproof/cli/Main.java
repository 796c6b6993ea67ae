package foldproof.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** Entry point of the {@code foldproof} command. Each subcommand is a {@code Callable<Integer>} in this package. */
@Command(name = "foldproof", mixinStandardHelpOptions = true, version = "foldproof 0.1.0",
        description = {"Zero-knowledge proofs that a quantized ResNet classified an image as claimed.",
                "Models (--model): a quantized .fpq file, an ONNX or safetensors float model (infer, eval, quantize),"
                        + " or a built-in demo model with untrained demo weights: " + ModelSource.BUILTINS
                        + " (default " + ModelSource.DEFAULT + ").",
                "Progress goes to stderr: a bar on a terminal, plain lines otherwise (FOLDPROOF_PROGRESS=bar|lines|none)."},
        subcommands = {CommandLine.HelpCommand.class, DemoCommand.class, ProveCommand.class, VerifyCommand.class,
                InferCommand.class, EvalCommand.class, QuantizeCommand.class, InspectCommand.class, CheckCommand.class, ExportCommand.class,
                BenchCommand.class})
public final class Main implements Callable<Integer> {
    /** The real stderr as the commands see it; progress bars are drawn only when a command writes here. */
    static final PrintWriter STDERR = new PrintWriter(new OutputStreamWriter(System.err, Charset.defaultCharset()), true);

    /** What exit code 1 means, per command (commands not listed never return 1). */
    private static final Map<String, String> REJECTED = Map.of(
            "verify", "proof rejected, also a malformed proof file or a proof of another model (INVALID: reason)",
            "demo", "the demo proof was rejected",
            "check", "some tile is not satisfied",
            "depth", "a benchmark proof was rejected");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        CommandLine cl = commandLine();
        int code;
        try {
            code = cl.execute(args);
        } catch (OutOfMemoryError e) {
            STDERR.println("internal error: out of memory (" + e.getMessage() + "); give Java more heap, e.g."
                    + " FOLDPROOF_JAVA_OPTS=\"-Xmx8g -Xss16m\" ./foldproof ...");
            code = ErrorHandler.INTERNAL;
        } catch (Throwable e) {
            STDERR.println("internal error: " + e);
            code = ErrorHandler.INTERNAL;
        }
        STDERR.flush();
        System.exit(code);
    }

    /** The configured command line (also used by in-process CLI tests, which replace out and err). */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main()).setExecutionExceptionHandler(new ErrorHandler())
                .setParameterExceptionHandler(ErrorHandler::handleParameterException);
        cl.setErr(STDERR);
        exitCodes(cl);
        return cl;
    }

    /** Every (sub)command documents the exit codes in its help. */
    private static void exitCodes(CommandLine cl) {
        if (!cl.getCommandSpec().usageMessage().hidden() && !"help".equals(cl.getCommandName())) {
            String one = cl.getParent() == null ? "rejected: a proof (verify, demo, bench depth) or a tile (check)"
                    : REJECTED.get(cl.getCommandName());
            Map<String, String> codes = new LinkedHashMap<>();
            codes.put("0", "success");
            if (one != null) {
                codes.put("1", one);
            }
            codes.put("2", "bad usage or unreadable input (one line: error: reason)");
            codes.put("3", "internal error (a bug: rerun with --verbose for the stack trace)");
            cl.getCommandSpec().usageMessage().exitCodeListHeading("Exit codes:%n").exitCodeList(codes);
        }
        for (CommandLine sub : cl.getSubcommands().values()) {
            exitCodes(sub);
        }
    }

    /** {@code foldproof} without a command: the usage on stderr, exit 2 ({@code --help} prints it on stdout, exit 0). */
    @Override
    public Integer call() {
        CommandLine cl = spec.commandLine();
        cl.getErr().println("error: no command given");
        cl.usage(cl.getErr());
        cl.getErr().flush();
        return ErrorHandler.BAD_INPUT;
    }
}
