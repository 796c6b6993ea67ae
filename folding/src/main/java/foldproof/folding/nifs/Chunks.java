package foldproof.folding.nifs;

import java.util.stream.IntStream;

/**
 * Runs an element-wise vector kernel over {@code [0, n)} in parallel chunks on the common fork-join pool
 * (the MSMs use the same pool), or inline when {@code n} is small. The folding's field-vector work (cross
 * terms, axpy, conversions) is otherwise the single-threaded part of the prover between two MSMs.
 */
final class Chunks {
    /** Below twice this many elements a kernel runs inline. */
    static final int MIN = 1 << 10;

    /** A kernel over the element range {@code [from, to)}. */
    interface Range {
        void run(int from, int to);
    }

    private Chunks() { }

    static void run(int n, Range body) {
        int chunks = Math.min(4 * Runtime.getRuntime().availableProcessors(), n / MIN);
        if (chunks < 2) {
            body.run(0, n);
            return;
        }
        int per = (n + chunks - 1) / chunks;
        IntStream.range(0, chunks).parallel().forEach(c -> body.run(c * per, Math.min(n, (c + 1) * per)));
    }
}
