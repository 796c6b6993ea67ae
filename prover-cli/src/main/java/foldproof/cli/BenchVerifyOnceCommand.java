package foldproof.cli;

import foldproof.api.Foldproof;
import foldproof.api.Model;
import foldproof.api.Verification;
import foldproof.quantizer.model.QModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code foldproof bench verify-once} (hidden; run by {@code bench depth} in a child JVM): verifies one proof
 * and prints one JSON line with the verdict, the time (model circuits included) and this process's peak
 * resident set.
 */
@Command(name = "verify-once", hidden = true, description = "Internal: verify once and print a JSON line (bench depth).")
final class BenchVerifyOnceCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "M", description = "quantized model file or builtin:...")
    String model;

    @Option(names = "--proof", required = true, paramLabel = "FILE", description = "the proof")
    Path proof;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PeakMemory.trackLiveHeap();
        QModel m = ModelSource.resolve(model, null, null).requireQuantized();
        byte[] bytes = Files.readAllBytes(proof);
        double c0 = PeakMemory.cpuSeconds();
        long t0 = System.nanoTime();
        Verification v = Foldproof.verify(Model.of(m), bytes);   // builds the circuits inside the timing, as a verifier does
        boolean valid = v.valid();
        String reason = v.reason();
        long t1 = System.nanoTime();
        double cpu = PeakMemory.cpuSeconds() - c0;
        // what verification leaves live (the model, its context and the cached generators): flat in depth
        // when the verifier is O(layer); its resident set also carries the collector's and the JIT's slack
        System.gc();
        Runtime rt = Runtime.getRuntime();
        long retained = rt.totalMemory() - rt.freeMemory();
        out.println("{" + String.join(",",
                "\"phase\":\"verify\"",
                "\"model\":" + Json.str(m.name()),
                "\"valid\":" + valid,
                "\"images\":" + v.batchSize(),
                "\"reason\":" + Json.str(reason),
                BenchProveOnceCommand.secs("verifySeconds", t1 - t0),
                "\"verifyCpuSeconds\":" + String.format(java.util.Locale.ROOT, "%.3f", cpu),
                "\"peakRssBytes\":" + PeakMemory.peakRssBytes(),
                "\"peakLiveHeapBytes\":" + PeakMemory.peakLiveHeapBytes(),
                "\"retainedHeapBytes\":" + retained) + "}");
        out.flush();
        return 0;   // a rejected proof is a result too: the parent reads "valid"
    }
}
