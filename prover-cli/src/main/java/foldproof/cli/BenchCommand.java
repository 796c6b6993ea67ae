package foldproof.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code foldproof bench}: end-to-end measurements of prover kernels (results go to docs/benchmarks.md). */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure prover kernels (medians after warm-up).",
        subcommands = {BenchMsmCommand.class, BenchGeneratorsCommand.class, BenchDepthCommand.class,
                BenchProveOnceCommand.class, BenchVerifyOnceCommand.class})
public final class BenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
