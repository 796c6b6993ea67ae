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

    @Option(names = "--image", required = true, paramLabel = "I", description = "image file")
    Path image;

    @Option(names = "--proof", required = true, paramLabel = "FILE", description = "where to write the proof")
    Path proof;

    @Option(names = "--seed", paramLabel = "S", description = "blinding seed (benchmarks only: not zero-knowledge)")
    Long seed;

    @Override
    public Integer call() throws IOException {
        foldproof.bn254.Lanes.warmUp();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PeakMemory.trackLiveHeap();
        try {
            List<Path> inputs = new ArrayList<>(ModelSource.inputFiles(model, null));
            inputs.add(image);
            OutputTarget target = OutputTarget.check(proof, "--proof", inputs);
            QModel m = ModelSource.resolve(model, null, null).requireQuantized();
            Random rnd = seed == null ? new java.security.SecureRandom() : new Random(seed);
            ProofSession.Outcome o = ProofSession.prove(m, ImageLoader.load(image, m.preprocess()), false, rnd, err, Progress.Mode.LINES);
            target.write(o.bytes(), inputs);
            Proof.Timings s = o.proof().timings();
            out.println("{" + String.join(",",
                    "\"phase\":\"prove\"",
                    "\"model\":" + Json.str(m.name()),
                    "\"layers\":" + o.model().numProofLayers(),
                    "\"tiles\":" + o.model().numTiles(),
                    "\"constraints\":" + o.model().numConstraints(),
                    "\"label\":" + o.proof().label(),
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
