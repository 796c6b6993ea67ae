package foldproof.cli;

import foldproof.folding.proof.ModelContext;
import foldproof.folding.proof.ProofCodec;
import foldproof.folding.proof.Prover;
import foldproof.quantizer.model.QModel;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.Random;

/** Proving as the CLI does it (shared by {@code prove} and {@code demo}): progress, summary, atomic write. */
final class ProofSession {
    /** A finished proof: its bytes, the prover's phases and the circuit build time. */
    record Outcome(ModelContext ctx, Prover.Result result, byte[] bytes, long circuitNanos, long totalNanos) { }

    private ProofSession() { }

    /** The blinding source: SecureRandom, or a seeded generator (tests and benchmarks only: not zero-knowledge). */
    static Random random(Long seed, PrintWriter err) {
        if (seed == null) {
            return new SecureRandom();
        }
        err.println("warning: --seed " + seed + " makes the blinding reproducible: this proof is NOT zero-knowledge"
                + " (for tests and benchmarks only)");
        return new Random(seed);
    }

    static Outcome prove(QModel model, int[] inputQ, boolean publicInput, Random rnd, PrintWriter err) {
        long t0 = System.nanoTime();
        err.println("building circuits for " + model.name() + " ...");
        err.flush();
        ModelContext ctx = ModelContext.of(model);
        long t1 = System.nanoTime();
        Prover.Result res = Prover.prove(ctx, inputQ, new Prover.Options(publicInput, rnd, true),
                (layer, n, name, tiles, nanos) -> {
                    err.printf(Locale.ROOT, "[%3d/%d] %-28s %5d tiles %8.2f s%n", layer + 1, n, name, tiles, nanos / 1e9);
                    err.flush();
                });
        byte[] bytes = ProofCodec.write(res.proof(), ctx.table());
        return new Outcome(ctx, res, bytes, t1 - t0, System.nanoTime() - t0);
    }

    /** Prints label, top-5 logits, time per phase, proof size and peak memory. */
    static void summary(PrintWriter out, Outcome o, Path file) {
        QModel m = o.ctx().model();
        long[] logits = o.result().proof().logits();
        int label = o.result().proof().label();
        out.println("model:      " + m.name() + " (" + m.description() + ")");
        out.println("label:      " + Labels.describe(m, label));
        out.println("top-5:      " + Labels.top5(m, logits));
        Prover.Stats s = o.result().stats();
        out.printf(Locale.ROOT, "time:       circuits %.2f s, inference %.2f s, row table %.2f s, witnesses+folding %.2f s,"
                        + " blinding %.2f s, compression %.2f s, total %.2f s%n",
                o.circuitNanos() / 1e9, s.inferenceNanos() / 1e9, s.rowTableNanos() / 1e9, s.foldNanos() / 1e9,
                s.blindNanos() / 1e9, s.compressNanos() / 1e9, o.totalNanos() / 1e9);
        out.println("proof:      " + (file == null ? "" : file + ", ") + String.format(Locale.ROOT, "%,d bytes", o.bytes().length)
                + (o.result().proof().hasPublicInput() ? " (input public)" : " (input hidden)"));
        out.println("peak mem:   " + PeakMemory.describe());
        out.flush();
    }

    /**
     * Writes {@code bytes} to {@code out} atomically: a temporary file in the same directory, then a rename.
     * An existing {@code out} is replaced only once the new proof is complete.
     */
    static void writeAtomically(Path out, byte[] bytes) throws IOException {
        Path abs = out.toAbsolutePath();
        Path dir = abs.getParent();
        Path tmp = Files.createTempFile(dir, "." + abs.getFileName(), ".tmp");
        try {
            Files.write(tmp, bytes);
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
