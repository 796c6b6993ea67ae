package foldproof.cli;

import com.fasterxml.jackson.databind.JsonNode;
import foldproof.quantizer.image.ImageLoader;
import foldproof.quantizer.model.QModel;
import foldproof.quantizer.quant.InputQuantizer;
import foldproof.quantizer.quant.IntInference;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code foldproof bench batch}: per batch size N, one batch proof of the first N images of a folder and its
 * verification, each in a child JVM ({@link ChildJvm}, so peak RSS is the run's own): prove seconds, per-image
 * seconds, CPU seconds, verify seconds, proof bytes, peak RSS, and whether every verified label is the
 * integer inference's. With {@code --spark}, the largest batch is also proven with {@code --engine spark}
 * (the ratio to the in-process run is reported, not a target).
 */
@Command(name = "batch", mixinStandardHelpOptions = true,
        description = {"Batch proofs: prove and verify N images in one proof for each N of --sizes, each in a child JVM.",
                "Reports per N: prove s, per-image s, CPU s, verify s, proof bytes, peak RSS; ratios against the smallest N."})
final class BenchBatchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", paramLabel = "M", defaultValue = "builtin:tiny", description = "Quantized model (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--images", paramLabel = "DIR", required = true,
            description = "Image folder (class subfolders taken one after another, as prove --images).")
    Path images;

    @Option(names = "--sizes", split = ",", paramLabel = "N", defaultValue = "1,8,32", description = "Batch sizes (default: ${DEFAULT-VALUE}).")
    List<Integer> sizes;

    @Option(names = "--spark", description = "Also prove the largest batch with --engine spark --master local[2] (needs prover-spark on the class path).")
    boolean spark;

    @Option(names = "--json", description = "One JSON line per run, then a summary line.")
    boolean json;

    @Option(names = "--xmx", paramLabel = "SIZE", defaultValue = "256m",
            description = {"Heap limit of every in-process child JVM (default: ${DEFAULT-VALUE}: one limit for every N, low enough that",
                    " every run fills it and collects in full, so peak RSS compares runs in the same steady state; raise it",
                    " for models larger than CIFAR ResNets; the Spark run gets 2g: Spark's own needs)."})
    String xmx;

    @Option(names = "--gc", paramLabel = "GC", defaultValue = "serial",
            description = {"Collector of the children: serial, parallel, g1 (default: ${DEFAULT-VALUE}, as bench depth: the serial",
                    " collector sizes the heap by live data, so peak RSS compares runs of different lengths; the parallel",
                    " collector of the launcher grows the heap with the run's length)."})
    String gc;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Blinding seed (benchmarks only: not zero-knowledge).")
    long seed;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "14400", description = "Per child JVM (default: ${DEFAULT-VALUE}).")
    long timeout;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (sizes.isEmpty() || sizes.stream().anyMatch(n -> n < 1)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--sizes must be positive counts");
        }
        int max = sizes.stream().mapToInt(Integer::intValue).max().getAsInt();
        List<Path> all = BatchImages.resolve(List.of(images), max);
        if (all.size() < max) {
            throw new IllegalArgumentException("--images " + images + " holds " + all.size() + " images, --sizes needs " + max);
        }
        QModel m = ModelSource.resolve(model, null, null).requireQuantized();
        int[] expect = new int[max];
        for (int i = 0; i < max; i++) {
            expect[i] = IntInference.run(m, InputQuantizer.quantize(m, ImageLoader.load(all.get(i), m.preprocess()))).argmax();
        }
        ChildJvm.Settings js = new ChildJvm.Settings(xmx, gc, timeout);
        Path dir = Files.createTempDirectory("foldproof-bench-batch");
        List<Row> rows = new ArrayList<>();
        try {
            for (int n : sizes) {
                rows.add(run(js, dir, m, all.subList(0, n), expect, "inprocess", err, out));
            }
            if (spark) {
                rows.add(run(js, dir, m, all.subList(0, max), expect, "spark", err, out));
            }
        } finally {
            try (var s = Files.list(dir)) {
                for (Path p : s.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
        Row base = rows.get(0);
        Row big = null;
        Row sparkRow = null;
        for (Row r : rows) {
            if (r.engine.equals("inprocess") && (big == null || r.n > big.n)) {
                big = r;
            }
            if (r.engine.equals("spark")) {
                sparkRow = r;
            }
        }
        boolean ok = rows.stream().allMatch(r -> r.valid && r.labelsMatch);
        out.println(summary(base, big, sparkRow, ok, json, m.name(), js.describe()));
        out.flush();
        return ok ? 0 : 1;
    }

    /** The summary line (text, or JSON with {@code json}) comparing the largest in-process run {@code big} with {@code base}. */
    static String summary(Row base, Row big, Row sparkRow, boolean ok, boolean json, String modelName, String children) {
        double perImage = (big.prove / big.n) / (base.prove / base.n);
        double perImageCpu = (big.cpu / big.n) / (base.cpu / base.n);
        double verify = big.verify / base.verify;
        double verifyCpu = big.verifyCpu / base.verifyCpu;
        double rss = (double) big.rss / base.rss;
        // live heap: the largest occupancy after a full collection. Peak RSS compares like with like only when
        // both runs reached the heap limit's steady state (a full collection): a short run that never filled the
        // heap shows a resident set the longer one passes by filling it, with the same live data.
        boolean haveLive = base.live > 0 && big.live > 0;
        double live = haveLive ? (double) big.live / base.live : Double.NaN;
        if (json) {
            return "{" + String.join(",",
                    "\"summary\":true",
                    "\"model\":" + Json.str(modelName),
                    "\"from\":" + base.n, "\"to\":" + big.n,
                    ratio("perImageProveRatio", perImage), ratio("perImageCpuRatio", perImageCpu),
                    ratio("verifyRatio", verify), ratio("verifyCpuRatio", verifyCpu), ratio("peakRssRatio", rss),
                    haveLive ? ratio("peakLiveHeapRatio", live) : "\"peakLiveHeapRatio\":null",
                    "\"peakRssComparable\":" + haveLive,
                    sparkRow == null ? "\"sparkToInProcess\":null" : ratio("sparkToInProcess", sparkRow.prove / big.prove),
                    "\"allValid\":" + ok,
                    "\"children\":" + Json.str(children)) + "}";
        }
        String liveText = haveLive ? String.format(Locale.ROOT, "%.2fx", live)
                : "n/a; NOT COMPARABLE: N=" + (base.live > 0 ? big.n : base.n) + " had no full collection, its peak RSS is that"
                        + " of a heap not yet filled; run again with a lower --xmx";
        return String.format(Locale.ROOT, "N=%d vs N=%d: per-image prove %.2fx (CPU %.2fx, target <= 0.6), verify %.2fx (CPU %.2fx, target <= 3),"
                        + " peak RSS %.2fx (target <= 1.2; live heap %s)%s; every proof valid, labels = integer inference: %s",
                big.n, base.n, perImage, perImageCpu, verify, verifyCpu, rss, liveText,
                sparkRow == null ? "" : String.format(Locale.ROOT, "; spark local[2] / in-process at N=%d: %.2fx",
                        sparkRow.n, sparkRow.prove / big.prove), ok);
    }

    private static String ratio(String k, double v) {
        return "\"" + k + "\":" + String.format(Locale.ROOT, "%.3f", v);
    }

    record Row(int n, String engine, double prove, double cpu, double verify, double verifyCpu, long bytes, long rss, long live,
                       boolean valid, boolean labelsMatch) { }

    private Row run(ChildJvm.Settings js, Path dir, QModel m, List<Path> batch, int[] expect, String engine, PrintWriter err,
                    PrintWriter out) throws IOException {
        int n = batch.size();
        Path proof = dir.resolve("batch-" + n + "-" + engine + ".proof");
        List<String> args = new ArrayList<>(List.of("bench", "prove-once", "--model", model, "--proof", proof.toString(),
                "--seed", Long.toString(seed), "--engine", engine, "--images"));
        for (Path p : batch) {
            args.add(p.toString());
        }
        ChildJvm.Settings s = engine.equals("spark") ? js.withSpark() : js;
        JsonNode p = ChildJvm.run(s, args, err, "  [N=" + n + " " + engine + "] ");
        JsonNode v = ChildJvm.run(js, List.of("bench", "verify-once", "--model", model, "--proof", proof.toString()), err,
                "  [verify N=" + n + "] ");
        boolean labels = true;
        for (int i = 0; i < n; i++) {
            labels &= p.path("labels").path(i).asInt(-1) == expect[i];
        }
        Row r = new Row(n, engine, p.path("proveSeconds").asDouble(), p.path("cpuSeconds").asDouble(),
                v.path("verifySeconds").asDouble(), v.path("verifyCpuSeconds").asDouble(), p.path("proofBytes").asLong(), p.path("peakRssBytes").asLong(),
                p.path("peakLiveHeapBytes").asLong(), v.path("valid").asBoolean() && v.path("images").asInt() == n, labels);
        if (json) {
            out.println("{" + String.join(",",
                    "\"images\":" + n,
                    "\"engine\":" + Json.str(engine),
                    "\"model\":" + Json.str(m.name()),
                    ratio("proveSeconds", r.prove), ratio("perImageSeconds", r.prove / n), ratio("cpuSeconds", r.cpu),
                    ratio("verifySeconds", r.verify), ratio("verifyCpuSeconds", r.verifyCpu),
                    "\"proofBytes\":" + r.bytes,
                    "\"peakRssBytes\":" + r.rss,
                    "\"peakLiveHeapBytes\":" + r.live,
                    "\"verifyPeakRssBytes\":" + v.path("peakRssBytes").asLong(),
                    "\"valid\":" + r.valid,
                    "\"labelsMatchIntegerInference\":" + labels) + "}");
        } else {
            out.printf(Locale.ROOT, "N=%3d %-9s prove %8.2f s  per image %7.2f s  CPU %8.2f s  verify %6.2f s  proof %,10d bytes"
                            + "  peak RSS %7.1f MiB (live heap %s)  %s%n", n, engine, r.prove, r.prove / n, r.cpu, r.verify, r.bytes,
                    r.rss / 1048576.0, r.live > 0 ? String.format(Locale.ROOT, "%6.1f MiB", r.live / 1048576.0) : "n/a, no full collection", r.valid && labels ? "valid, labels = integer inference" : "NOT VALID OR LABELS DIFFER");
        }
        out.flush();
        return r;
    }
}
