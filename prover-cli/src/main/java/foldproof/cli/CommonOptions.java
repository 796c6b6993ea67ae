package foldproof.cli;

import picocli.CommandLine.Option;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;

/**
 * Options every subcommand shares, mixed in with {@code @Mixin CommonOptions common;}:
 * {@code --verbose} (stack traces and extra detail), {@code --json} (machine-readable output on stdout)
 * and {@code --threads} (worker threads; default: all processors).
 */
public final class CommonOptions {
    @Option(names = {"-v", "--verbose"}, description = "Print stack traces on errors and more detail.")
    public boolean verbose;

    @Option(names = "--json", description = "Print machine-readable JSON on stdout.")
    public boolean json;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: all processors).")
    public int threads = Runtime.getRuntime().availableProcessors();

    /** Runs {@code task} in a fork-join pool of {@link #threads} workers (parallel streams inside it use that pool). */
    public <T> T inPool(Callable<T> task) throws Exception {
        if (threads < 1) {
            throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
        }
        ForkJoinPool pool = new ForkJoinPool(threads);
        try {
            return pool.submit(task).get();
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            // fork-join rethrows a copy of a worker's exception whose cause is the original: report the original
            while (c.getCause() != null && c.getCause().getClass() == c.getClass()
                    && (c.getMessage() == null || c.getMessage().equals(c.getCause().toString()))) {
                c = c.getCause();
            }
            if (c instanceof Exception x) {
                throw x;
            }
            throw (Error) c;
        } finally {
            pool.shutdown();
        }
    }
}
