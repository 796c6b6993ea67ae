package foldproof.cli;

import foldproof.folding.proof.ModelContext;
import foldproof.folding.proof.ProofCodec;
import foldproof.folding.proof.Prover;
import foldproof.folding.proof.Verifier;
import foldproof.quantizer.model.QModel;
import foldproof.quantizer.quant.ModelFile;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.Random;

/** Proving as the CLI does it (shared by {@code prove} and {@code demo}): progress and summary ({@link OutputTarget} writes the file). */
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

    /**
     * Proves, with one {@link LayerLog} line per finished layer on {@code err} (nothing with
     * {@link Progress.Mode#NONE}; on a terminal also a first line while the circuits are built).
     */
    static Outcome prove(QModel model, int[] inputQ, boolean publicInput, Random rnd, PrintWriter err, Progress.Mode mode) {
        long t0 = System.nanoTime();
        if (mode == Progress.Mode.BAR) {
            err.println("building circuits for " + model.name() + " ...");
            err.flush();
        }
        ModelContext ctx = ModelContext.of(model);
        long t1 = System.nanoTime();
        Prover.Result res = Prover.prove(ctx, inputQ, new Prover.Options(publicInput, rnd, true),
                (layer, n, name, tiles, nanos) -> {
                    if (mode != Progress.Mode.NONE) {
                        LayerLog.print(err, layer, n, name, tiles, nanos);
                    }
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
        out.println("digest:     " + ModelFile.hex(o.ctx().digest()));
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

    /** The proof summary as one JSON line ({@code --json}); {@code verified} null if the proof was not verified here. */
    static String json(Outcome o, Path file, Verifier.Verified verified, double verifySeconds) {
        QModel m = o.ctx().model();
        Prover.Stats s = o.result().stats();
        long[] logits = o.result().proof().logits();
        int label = o.result().proof().label();
        StringBuilder sb = new StringBuilder("{");
        sb.append("\"model\":").append(Json.str(m.name()));
        sb.append(",\"digest\":").append(Json.str(ModelFile.hex(o.ctx().digest())));
        sb.append(",\"label\":").append(label);
        sb.append(",\"labelName\":").append(Json.str(Labels.name(m, label)));
        sb.append(",\"logits\":").append(Json.longs(logits));
        sb.append(",\"proof\":").append(Json.str(file == null ? null : file.toString()));
        sb.append(",\"proofBytes\":").append(o.bytes().length);
        sb.append(",\"publicInput\":").append(o.result().proof().hasPublicInput());
        sb.append(',').append(BenchProveOnceCommand.secs("circuitSeconds", o.circuitNanos()));
        sb.append(',').append(BenchProveOnceCommand.secs("foldSeconds", s.foldNanos()));
        sb.append(',').append(BenchProveOnceCommand.secs("blindSeconds", s.blindNanos()));
        sb.append(',').append(BenchProveOnceCommand.secs("compressSeconds", s.compressNanos()));
        sb.append(',').append(BenchProveOnceCommand.secs("proveSeconds", o.totalNanos()));
        sb.append(",\"peakRssBytes\":").append(PeakMemory.peakRssBytes());
        if (verified != null) {
            sb.append(",\"valid\":true");
            sb.append(',').append(String.format(Locale.ROOT, "\"verifySeconds\":%.3f", verifySeconds));
        }
        return sb.append('}').toString();
    }
}
