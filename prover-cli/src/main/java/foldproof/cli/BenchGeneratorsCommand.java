package foldproof.cli;

import foldproof.folding.commit.HashToCurve;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code foldproof bench generators}: times fresh hash-to-curve generation of {@code 2^log-size} generators (no cache). */
@Command(name = "generators", mixinStandardHelpOptions = true,
        description = "Benchmark uncached Pedersen generator setup (hash-to-curve).")
public final class BenchGeneratorsCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--log-size", required = true, description = "log2 of the number of generators (1..24).")
    int logSize;

    @Option(names = "--json", description = "Print one JSON line.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (logSize < 1 || logSize > 24) throw new CommandLine.ParameterException(spec.commandLine(), "need 1 <= --log-size <= 24");
        int n = 1 << logSize;
        long[] buf = new long[n * 8];
        long s = System.nanoTime();
        HashToCurve.generators("foldproof/bench-fresh", 0, n, buf);
        double ms = (System.nanoTime() - s) / 1e6;
        int threads = Runtime.getRuntime().availableProcessors();
        if (json) {
            out.printf(Locale.ROOT, "{\"bench\":\"generators\",\"log_size\":%d,\"n\":%d,\"ms\":%.1f,\"us_per_point\":%.2f,\"threads\":%d}%n",
                    logSize, n, ms, ms * 1000 / n, threads);
        } else {
            out.printf(Locale.ROOT, "hash-to-curve 2^%d generators: %.1f ms (%.2f us/point, %d cores)%n", logSize, ms, ms * 1000 / n, threads);
        }
        out.flush();
        return 0;
    }
}
