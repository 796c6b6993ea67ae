package foldproof.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code foldproof} command. Each subcommand is a {@code Callable<Integer>} in this package. */
@Command(name = "foldproof", mixinStandardHelpOptions = true, version = "foldproof 0.1.0",
        description = "Zero-knowledge proofs that a quantized ResNet classified an image as claimed.",
        subcommands = {CommandLine.HelpCommand.class, InferCommand.class, EvalCommand.class, QuantizeCommand.class,
                InspectCommand.class, CheckCommand.class, DemoCommand.class, ProveCommand.class, VerifyCommand.class,
                BenchCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line (also used by in-process CLI tests). */
    public static CommandLine commandLine() {
        return new CommandLine(new Main()).setExecutionExceptionHandler(new ErrorHandler());
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
