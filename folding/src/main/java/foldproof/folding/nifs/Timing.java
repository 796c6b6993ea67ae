package foldproof.folding.nifs;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Wall time per phase of the tile folds, for benchmarks: with {@code -Dfoldproof.fold.timing=true} the prover
 * prints the totals to stderr after a proof. Off by default (one {@code nanoTime} pair per phase and tile).
 */
public final class Timing {
    static final boolean ON = Boolean.getBoolean("foldproof.fold.timing");
    private static final String[] NAMES = {"witness", "aux commit", "lookup phase two", "lookup commit", "fold",
        "fold: messages", "fold: commit", "fold: instance", "fold: witness", "prepare: synthesis", "prepare: phase one"};
    private static final AtomicLongArray NANOS = new AtomicLongArray(NAMES.length);

    private Timing() { }

    /** Adds {@code nanos} to phase {@code i}. */
    public static void add(int i, long nanos) {
        if (ON) {
            NANOS.addAndGet(i, nanos);
        }
    }

    /** Prints and resets the totals (when on). */
    public static void print() {
        if (!ON) {
            return;
        }
        for (int i = 0; i < NAMES.length; i++) {
            System.err.printf("  fold phase %-18s %8.3f s%n", NAMES[i], NANOS.getAndSet(i, 0) / 1e9);
        }
    }
}
