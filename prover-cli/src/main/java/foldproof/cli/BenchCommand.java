package foldproof.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code foldproof bench}: end-to-end measurements of prover kernels (results go to docs/benchmarks.md). */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure prover kernels (medians after warm-up).",
        subcommands = {BenchMsmCommand.class, BenchGeneratorsCommand.class, BenchDepthCommand.class, BenchBatchCommand.class,
                BenchProveOnceCommand.class, BenchVerifyOnceCommand.class})
public final class BenchCommand implements java.util.concurrent.Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** {@code foldproof bench} without a benchmark: the usage on stderr, exit 2 (as {@link Main} without a command). */
    @Override
    public Integer call() {
        CommandLine cl = spec.commandLine();
        cl.getErr().println("error: no benchmark given");
        cl.usage(cl.getErr());
        cl.getErr().flush();
        return ErrorHandler.BAD_INPUT;
    }
}
