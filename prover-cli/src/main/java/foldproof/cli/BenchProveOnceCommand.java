package foldproof.cli;

import foldproof.api.FoldproofException;
import foldproof.folding.ProofException;
import foldproof.api.Proof;
import foldproof.quantizer.image.ImageLoader;
import foldproof.quantizer.model.QModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;

/**
 * {@code foldproof bench prove-once} (hidden; run by {@code bench depth} in a child JVM): proves one model on
 * one image, writes the proof, and prints one JSON line with sizes, phase times and this process's peak
 * resident set ({@code VmHWM}), read at the very end.
 */
@Command(name = "prove-once", hidden = true, description = "Internal: prove once and print a JSON line (bench depth).")
final class BenchProveOnceCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "M", description = "quantized model file or builtin:...")
    String model;

    @Option(names = "--image", paramLabel = "I", description = "image file")
    Path image;

    @Option(names = "--images", arity = "1..*", paramLabel = "I", description = "image files of a batch (bench batch)")
    List<Path> images;

    @Option(names = "--engine", paramLabel = "E", defaultValue = "inprocess", description = "inprocess or spark")
    String engine;

    @Option(names = "--master", paramLabel = "URL", defaultValue = "local[2]", description = "Spark master (--engine spark)")
    String master;

    @Option(names = "--proof", required = true, paramLabel = "FILE", description = "where to write the proof")
    Path proof;

    @Option(names = "--seed", paramLabel = "S", description = "blinding seed (benchmarks only: not zero-knowledge)")
    Long seed;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PeakMemory.trackLiveHeap();
        try {
            List<Path> batch = images != null ? images : image != null ? List.of(image) : List.of();
            if (batch.isEmpty() || (image != null && images != null)) {
                throw new IllegalArgumentException("give --image or --images");
            }
            List<Path> inputs = new ArrayList<>(ModelSource.inputFiles(model, null));
            inputs.addAll(batch);
            OutputTarget target = OutputTarget.check(proof, "--proof", inputs);
            QModel m = ModelSource.resolve(model, null, null).requireQuantized();
            Random rnd = seed == null ? new foldproof.folding.commit.BlindingRandom() : new Random(seed);
            List<float[]> xs = new ArrayList<>();
            for (Path p : batch) {
                xs.add(ImageLoader.load(p, m.preprocess()));
            }
            ProofSession.Outcome o;
            if (engine.equals("spark")) {
                foldproof.api.ProvingEngine e = foldproof.api.ProvingEngine.find("spark");
                if (e == null) {
                    throw new IllegalArgumentException("--engine spark: the prover-spark module is not on the class path");
                }
                foldproof.api.Model api = foldproof.api.Model.of(m);
                o = new ProofSession.Outcome(api, e.proveBatch(api, xs, ProofSession.options(false, rnd, err, Progress.Mode.LINES),
                        java.util.Map.of("master", master)));
            } else {
                o = ProofSession.proveBatch(m, xs, false, rnd, err, Progress.Mode.LINES);
            }
            target.write(o.bytes(), inputs);
            StringBuilder labels = new StringBuilder("[");
            for (int n = 0; n < o.proof().batchSize(); n++) {
                labels.append(n == 0 ? "" : ",").append(o.proof().label(n));
            }
            labels.append(']');
            Proof.Timings s = o.proof().timings();
            out.println("{" + String.join(",",
                    "\"phase\":\"prove\"",
                    "\"model\":" + Json.str(m.name()),
                    "\"layers\":" + o.model().numProofLayers(),
                    "\"tiles\":" + o.model().numTiles(),
                    "\"constraints\":" + o.model().numConstraints(),
                    "\"label\":" + o.proof().label(),
                    "\"images\":" + o.proof().batchSize(),
                    "\"labels\":" + labels,
                    "\"engine\":" + Json.str(engine),
                    "\"cpuSeconds\":" + String.format(Locale.ROOT, "%.3f", PeakMemory.cpuSeconds()),
                    "\"proofBytes\":" + o.proof().size(),
                    secs("proveSeconds", s.totalNanos()),
                    secs("circuitSeconds", s.circuitNanos()),
                    secs("foldSeconds", s.foldNanos()),
                    secs("blindSeconds", s.blindNanos()),
                    secs("compressSeconds", s.compressNanos()),
                    secs("rowTableSeconds", s.rowTableNanos()),
                    "\"peakHeapBytes\":" + PeakMemory.peakHeapBytes(),
                    "\"peakLiveHeapBytes\":" + PeakMemory.peakLiveHeapBytes(),
                    "\"maxHeapBytes\":" + Runtime.getRuntime().maxMemory(),
                    "\"peakRssBytes\":" + PeakMemory.peakRssBytes()) + "}");
            out.flush();
            return 0;
        } catch (FoldproofException | ProofException | IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
    }

    static String secs(String key, long nanos) {
        return "\"" + key + "\":" + String.format(Locale.ROOT, "%.3f", nanos / 1e9);
    }
}
