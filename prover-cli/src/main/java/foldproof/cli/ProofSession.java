package foldproof.cli;

import foldproof.api.Foldproof;
import foldproof.api.Model;
import foldproof.api.Proof;
import foldproof.api.ProveOptions;
import foldproof.api.Verification;
import foldproof.quantizer.model.QModel;

import java.io.PrintWriter;
import java.nio.file.Path;
import foldproof.folding.commit.BlindingRandom;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Proving as the CLI does it (shared by {@code prove}, {@code demo} and {@code bench prove-once}), through the
 * library API ({@link Foldproof#prove}): progress, summary and JSON ({@link OutputTarget} writes the file).
 */
final class ProofSession {
    /** A finished proof and the model it proves. */
    record Outcome(Model model, Proof proof) {
        byte[] bytes() {
            return proof.bytes();
        }
    }

    private ProofSession() { }

    /** The blinding source: {@link BlindingRandom}, or a seeded generator (tests and benchmarks only: not zero-knowledge). */
    static Random random(Long seed, PrintWriter err) {
        if (seed == null) {
            return new BlindingRandom();
        }
        err.println("warning: --seed " + seed + " makes the blinding reproducible: this proof is NOT zero-knowledge"
                + " (for tests and benchmarks only)");
        return new Random(seed);
    }

    /** The API's options for the CLI: one {@link LayerLog} line per finished layer on {@code err} (none with {@code NONE}). */
    static ProveOptions options(boolean publicInput, Random rnd, PrintWriter err, Progress.Mode mode) {
        return ProveOptions.defaults().withPublicInput(publicInput).withRandom(rnd)
                .withWarnings(w -> {
                    err.println("warning: " + w);
                    err.flush();
                })
                .withProgress((layer, n, name, tiles, nanos) -> {
                    if (mode != Progress.Mode.NONE) {
                        LayerLog.print(err, layer, n, name, tiles, nanos);
                    }
                });
    }

    /**
     * Proves the preprocessed input {@code x} with {@link Foldproof#prove(Model, float[], ProveOptions)}; on a
     * terminal also a first line while the circuits are built.
     */
    static Outcome prove(QModel model, float[] x, boolean publicInput, Random rnd, PrintWriter err, Progress.Mode mode) {
        if (mode == Progress.Mode.BAR) {
            err.println("building circuits for " + model.name() + " ...");
            err.flush();
        }
        Model m = Model.of(model);
        return new Outcome(m, Foldproof.prove(m, x, options(publicInput, rnd, err, mode)));
    }

    /** Proves a batch of preprocessed inputs in one proof ({@link Foldproof#proveBatch}). */
    static Outcome proveBatch(QModel model, List<float[]> xs, boolean publicInput, Random rnd, PrintWriter err, Progress.Mode mode) {
        Model m = Model.of(model);
        return new Outcome(m, Foldproof.proveBatch(m, xs, options(publicInput, rnd, err, mode)));
    }

    /** Prints label, top-5 logits, time per phase, proof size and peak memory. */
    static void summary(PrintWriter out, Outcome o, Path file) {
        QModel m = o.model().quantized();
        long[] logits = o.proof().logits();
        int label = o.proof().label();
        out.println("model:      " + m.name() + " (" + m.description() + ")");
        out.println("digest:     " + o.model().digestHex());
        if (o.proof().batchSize() > 1) {
            out.println("batch:      " + o.proof().batchSize() + " images (label and top-5 of image 0; every image below)");
        }
        out.println("label:      " + Labels.describe(m, label));
        out.println("top-5:      " + Labels.top5(m, logits));
        Proof.Timings s = o.proof().timings();
        out.printf(Locale.ROOT, "time:       circuits %.2f s, inference %.2f s, row table %.2f s, witnesses+folding %.2f s,"
                        + " blinding %.2f s, compression %.2f s, total %.2f s%n",
                s.circuitNanos() / 1e9, s.inferenceNanos() / 1e9, s.rowTableNanos() / 1e9, s.foldNanos() / 1e9,
                s.blindNanos() / 1e9, s.compressNanos() / 1e9, s.totalNanos() / 1e9);
        out.println("proof:      " + (file == null ? "" : file + ", ") + String.format(Locale.ROOT, "%,d bytes", o.proof().size())
                + (o.proof().opensInput() ? " (input public)" : " (input hidden)"));
        out.println("peak mem:   " + PeakMemory.describe());
        out.flush();
    }

    /** The proof summary as one JSON line ({@code --json}); {@code verified} null if the proof was not verified here. */
    static String json(Outcome o, Path file, Verification verified) {
        QModel m = o.model().quantized();
        Proof.Timings s = o.proof().timings();
        long[] logits = o.proof().logits();
        int label = o.proof().label();
        StringBuilder sb = new StringBuilder("{");
        sb.append("\"model\":").append(Json.str(m.name()));
        sb.append(",\"digest\":").append(Json.str(o.model().digestHex()));
        sb.append(",\"label\":").append(label);
        sb.append(",\"labelName\":").append(Json.str(Labels.name(m, label)));
        sb.append(",\"logits\":").append(Json.longs(logits));
        if (o.proof().batchSize() > 1) {
            sb.append(",\"images\":[");
            for (int n = 0; n < o.proof().batchSize(); n++) {
                sb.append(n == 0 ? "" : ",").append("{\"index\":").append(n).append(",\"label\":").append(o.proof().label(n))
                        .append(",\"labelName\":").append(Json.str(Labels.name(m, o.proof().label(n))))
                        .append(",\"logits\":").append(Json.longs(o.proof().logits(n))).append('}');
            }
            sb.append(']');
        }
        sb.append(",\"proof\":").append(Json.str(file == null ? null : file.toString()));
        sb.append(",\"proofBytes\":").append(o.proof().size());
        sb.append(",\"publicInput\":").append(o.proof().opensInput());
        sb.append(',').append(BenchProveOnceCommand.secs("circuitSeconds", s.circuitNanos()));
        sb.append(',').append(BenchProveOnceCommand.secs("foldSeconds", s.foldNanos()));
        sb.append(',').append(BenchProveOnceCommand.secs("blindSeconds", s.blindNanos()));
        sb.append(',').append(BenchProveOnceCommand.secs("compressSeconds", s.compressNanos()));
        sb.append(',').append(BenchProveOnceCommand.secs("proveSeconds", s.totalNanos()));
        sb.append(",\"peakRssBytes\":").append(PeakMemory.peakRssBytes());
        if (verified != null) {
            sb.append(",\"valid\":").append(verified.valid());
            sb.append(',').append(String.format(Locale.ROOT, "\"verifySeconds\":%.3f", verified.seconds()));
        }
        return sb.append('}').toString();
    }
}
