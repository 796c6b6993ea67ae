package foldproof.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code foldproof bench depth}: does proving memory grow with depth? Proves and verifies, each in its own
 * child JVM with the same heap limit and collector, the real CIFAR ResNet-20 and ResNet-56 (same widths,
 * 2.8x the depth) and the demo ResNet-18 / ResNet-34 pair at one input size, and reports per model layers,
 * constraints, prove and verify time, proof size and the peak resident set of the prover and verifier
 * children. Writes an SVG chart of peak RSS and prove time against depth (docs/benchmarks.md, "Depth").
 */
@Command(name = "depth", mixinStandardHelpOptions = true,
        description = {"Prove and verify ResNets of different depths, each in its own child JVM: constraints, prove and verify"
                + " time, proof size and peak RSS (VmHWM) per model, as a table or --json, plus an SVG chart (--chart).",
                "The default set takes about 5 minutes on a quiet 2-core machine (longer under load); --models tiny about a minute,"
                        + " --dry-run seconds."})
final class BenchDepthCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print one JSON line per model, then a summary line.")
    boolean json;

    @Option(names = "--models", split = ",", paramLabel = "M",
            description = {"Models to run, in order (default: resnet20,resnet56,resnet18,resnet34). resnet20/resnet56: the real"
                    + " CIFAR-10 ResNets from the shared data folder, quantized on the fly; resnet18/resnet34: the demo ImageNet"
                    + " pair at --size; tiny: the tiny test net (about a minute, to try the plumbing); or any quantized --model"
                    + " value (builtin:..., a .fpq file)."})
    List<String> models;

    @Option(names = "--size", paramLabel = "N", defaultValue = "64", description = "Input size of the demo ResNet-18/34 (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--image", paramLabel = "I",
            description = "Image for every model (default: the first CIFAR dev image for the real models, a generated image for the others).")
    Path image;

    @Option(names = "--calib", paramLabel = "K", defaultValue = "64", description = "Calibration images for the real models (default: ${DEFAULT-VALUE}).")
    int calib;

    @Option(names = "--chart", paramLabel = "FILE", defaultValue = "docs/depth.svg", description = "SVG chart to write (default: ${DEFAULT-VALUE}); 'none' to skip.")
    String chart;

    @Option(names = "--xmx", paramLabel = "SIZE", defaultValue = "512m", description = "Heap limit of every child JVM (default: ${DEFAULT-VALUE}: the same limit for"
            + " every depth; the collector otherwise grows the heap with garbage as long as a run lasts).")
    String xmx;

    @Option(names = "--gc", paramLabel = "GC", defaultValue = "serial", description = "Collector of the children: serial, parallel or g1 (default: ${DEFAULT-VALUE}).")
    String gc;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
            description = "Blinding seed of the benchmark proofs (default: ${DEFAULT-VALUE}; benchmark proofs are not zero-knowledge).")
    long seed;

    @Option(names = "--timeout", paramLabel = "MIN", defaultValue = "180", description = "Minutes allowed per child (default: ${DEFAULT-VALUE}).")
    long timeoutMinutes;

    @Option(names = "--work", paramLabel = "DIR", description = "Keep model files and proofs in DIR (default: a temporary folder, deleted).")
    Path work;

    @Option(names = "--dry-run", description = "Prepare the models (quantize, write files), print the plan (one line per model), run no child.")
    boolean dryRun;

    /** One model's measurements. */
    record Row(DepthModels.Prepared model, JsonNode prove, JsonNode verify) {
        long peakRss() {
            return Math.max(prove.path("peakRssBytes").asLong(), verify.path("peakRssBytes").asLong());
        }
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (size < ModelSource.MIN_SIZE || size > ModelSource.MAX_SIZE) {
            throw new IllegalArgumentException("--size must be between " + ModelSource.MIN_SIZE + " and " + ModelSource.MAX_SIZE
                    + ", got " + size);
        }
        if (image != null) {
            Inputs.requireFile(image, "image");
        }
        ChildJvm.Settings settings = new ChildJvm.Settings(xmx, gc, timeoutMinutes * 60);
        settings.jvmArgs(); // validates --gc
        List<String> keys = (models == null ? DepthModels.DEFAULT : models).stream().map(String::trim).toList();
        DepthModels.validate(keys);
        List<Path> inputs = new ArrayList<>();
        if (image != null) {
            inputs.add(image);
        }
        keys.forEach(k -> inputs.addAll(ModelSource.inputFiles(k, null)));
        OutputTarget chartTarget = null;
        if (!chart.equals("none") && !dryRun) {
            Path c = Path.of(chart);
            if (c.toAbsolutePath().getParent() != null) {
                Files.createDirectories(c.toAbsolutePath().getParent());
            }
            chartTarget = OutputTarget.check(c, "--chart", inputs);   // before minutes of benchmarks
        }
        boolean temp = work == null;
        Path dir = temp ? Files.createTempDirectory("foldproof-depth") : Files.createDirectories(work);
        List<Row> rows = new ArrayList<>();
        try {
            for (int i = 0; i < keys.size(); i++) {
                String key = keys.get(i);
                String tag = "== [" + (i + 1) + "/" + keys.size() + "] " + key;
                err.println(tag + ": preparing the model");
                err.flush();
                long t0 = System.nanoTime();
                Optional<DepthModels.Prepared> p = DepthModels.prepare(key, dir, image, size, calib, err);
                if (p.isEmpty()) {
                    continue;
                }
                if (dryRun) {
                    out.println(plan(p.get(), (System.nanoTime() - t0) / 1e9));
                    out.flush();
                    continue;
                }
                Row r = measure(p.get(), dir, settings, err, tag);
                rows.add(r);
                err.println(tag + ": " + done(r));
                err.flush();
                if (json) {
                    out.println(jsonRow(r, settings));
                    out.flush();
                }
            }
        } finally {
            if (temp) {
                deleteTree(dir);
            }
        }
        if (dryRun) {
            return 0;
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("nothing measured: every model needs the shared data folder, which was not found");
        }
        List<String> ratios = ratios(rows);
        if (json) {
            out.println(summary(rows, ratios, settings));
        } else {
            out.print(table(rows, settings));
            ratios.forEach(out::println);
        }
        if (chartTarget != null) {
            chartTarget.write(DepthChart.svg(rows, settings.describe()).getBytes(StandardCharsets.UTF_8), inputs);
            err.println("chart: " + chartTarget.path());
        }
        out.flush();
        boolean allValid = rows.stream().allMatch(r -> r.verify().path("valid").asBoolean());
        return allValid ? 0 : 1;
    }

    private Row measure(DepthModels.Prepared p, Path dir, ChildJvm.Settings s, PrintWriter err, String tag) throws IOException {
        Path proof = dir.resolve(p.key() + ".proof");
        err.println(tag + ": proving in a child JVM (" + s.describe() + ")");
        err.flush();
        JsonNode prove = ChildJvm.run(s, List.of("bench", "prove-once", "--model", p.modelFile().toString(),
                "--image", p.image().toString(), "--proof", proof.toString(), "--seed", Long.toString(seed)), err, "  [" + p.key() + "] ");
        err.println(tag + ": verifying in a child JVM");
        err.flush();
        JsonNode verify = ChildJvm.run(s, List.of("bench", "verify-once", "--model", p.modelFile().toString(),
                "--proof", proof.toString()), err, "  [" + p.key() + "] ");
        return new Row(p, prove, verify);
    }

    /** The {@code --dry-run} line of a prepared model. */
    static String plan(DepthModels.Prepared p, double prepSeconds) {
        return String.format(Locale.ROOT, "%-10s %-26s depth %3d  model %s  image %s  (prepared in %.1f s; %s)", p.key(), p.family(),
                p.depth(), p.modelFile(), p.image(), prepSeconds, p.note());
    }

    /** The one-line result of a model, printed on stderr as soon as it is measured. */
    static String done(Row r) {
        JsonNode p = r.prove();
        return String.format(Locale.ROOT, "%,d constraints, prove %.1f s, verify %.1f s, proof %,d B, peak RSS prover %.0f MiB"
                        + " (live heap %.0f MiB) / verifier %.0f MiB%s", p.path("constraints").asLong(), p.path("proveSeconds").asDouble(),
                r.verify().path("verifySeconds").asDouble(), p.path("proofBytes").asLong(), mib(p.path("peakRssBytes").asLong()),
                mib(p.path("peakLiveHeapBytes").asLong()),
                mib(r.verify().path("peakRssBytes").asLong()),
                r.verify().path("valid").asBoolean() ? "" : ", INVALID: " + r.verify().path("reason").asText());
    }

    static String jsonRow(Row r, ChildJvm.Settings s) {
        JsonNode p = r.prove();
        return "{" + String.join(",",
                "\"model\":" + Json.str(r.model().key()),
                "\"name\":" + Json.str(p.path("model").asText()),
                "\"family\":" + Json.str(r.model().family()),
                "\"depth\":" + r.model().depth(),
                "\"layers\":" + p.path("layers").asInt(),
                "\"tiles\":" + p.path("tiles").asLong(),
                "\"constraints\":" + p.path("constraints").asLong(),
                "\"proveSeconds\":" + p.path("proveSeconds").asDouble(),
                "\"verifySeconds\":" + r.verify().path("verifySeconds").asDouble(),
                "\"valid\":" + r.verify().path("valid").asBoolean(),
                "\"proofBytes\":" + p.path("proofBytes").asLong(),
                "\"proverPeakRssBytes\":" + p.path("peakRssBytes").asLong(),
                "\"verifierPeakRssBytes\":" + r.verify().path("peakRssBytes").asLong(),
                "\"proverPeakHeapBytes\":" + p.path("peakHeapBytes").asLong(),
                "\"proverPeakLiveHeapBytes\":" + p.path("peakLiveHeapBytes").asLong(),
                "\"jvm\":" + Json.str(s.describe()),
                "\"note\":" + Json.str(r.model().note())) + "}";
    }

    static String summary(List<Row> rows, List<String> ratios, ChildJvm.Settings s) {
        StringBuilder sb = new StringBuilder("{\"summary\":true,\"models\":").append(rows.size())
                .append(",\"jvm\":").append(Json.str(s.describe())).append(",\"ratios\":[");
        for (int i = 0; i < ratios.size(); i++) {
            sb.append(i == 0 ? "" : ",").append(Json.str(ratios.get(i)));
        }
        return sb.append("]}").toString();
    }

    static String table(List<Row> rows, ChildJvm.Settings s) {
        StringBuilder sb = new StringBuilder();
        sb.append("child JVMs: ").append(s.describe()).append('\n');
        int w = Math.max(10, rows.stream().mapToInt(r -> r.model().key().length()).max().orElse(10));
        String key = "%-" + w + "s";
        sb.append(String.format(Locale.ROOT, key + " %-26s %6s %7s %12s %9s %9s %11s %10s %9s %10s%n", "model", "family", "depth",
                "layers", "constraints", "prove s", "verify s", "proof B", "prover MiB", "live MiB", "verif MiB"));
        for (Row r : rows) {
            JsonNode p = r.prove();
            sb.append(String.format(Locale.ROOT, key + " %-26s %6d %7d %,12d %9.1f %9.1f %,11d %10.0f %9.0f %10.0f%s%n", r.model().key(),
                    r.model().family(), r.model().depth(), p.path("layers").asInt(), p.path("constraints").asLong(),
                    p.path("proveSeconds").asDouble(), r.verify().path("verifySeconds").asDouble(), p.path("proofBytes").asLong(),
                    mib(p.path("peakRssBytes").asLong()), mib(p.path("peakLiveHeapBytes").asLong()),
                    mib(r.verify().path("peakRssBytes").asLong()),
                    r.verify().path("valid").asBoolean() ? "" : "  INVALID: " + r.verify().path("reason").asText()));
        }
        return sb.toString();
    }

    /** The depth ratios of issues 5 and 6, for the pairs present. */
    static List<String> ratios(List<Row> rows) {
        List<String> out = new ArrayList<>();
        Row r20 = find(rows, "resnet20");
        Row r56 = find(rows, "resnet56");
        if (r20 != null && r56 != null) {
            double rss = ratio(r56.prove(), r20.prove(), "peakRssBytes");
            double time = ratio(r56.prove(), r20.prove(), "proveSeconds");
            double limit = 56.0 / 20 * 1.2;
            out.add(String.format(Locale.ROOT, "prover peak RSS resnet56/resnet20 = %.3f (target <= 1.10: %s)", rss, rss <= 1.10 ? "met" : "MISSED"));
            out.add(String.format(Locale.ROOT, "prove time resnet56/resnet20 = %.2f (target <= %.2f: %s)", time, limit, time <= limit ? "met" : "MISSED"));
            out.add(liveRatio(r56, r20, "resnet56/resnet20"));
            double vrss = ratio(r56.verify(), r20.verify(), "peakRssBytes");
            out.add(String.format(Locale.ROOT, "verifier peak RSS resnet56/resnet20 = %.3f (target <= 1.10: %s)", vrss,
                    vrss <= 1.10 ? "met" : "MISSED"));
            out.add(String.format(Locale.ROOT, "verify time resnet56/resnet20 = %.2f", ratio(r56.verify(), r20.verify(), "verifySeconds")));
            out.add(String.format(Locale.ROOT, "verifier retained heap resnet56/resnet20 = %.3f (%.1f / %.1f MiB)",
                    ratio(r56.verify(), r20.verify(), "retainedHeapBytes"), mib(r56.verify().path("retainedHeapBytes").asLong()),
                    mib(r20.verify().path("retainedHeapBytes").asLong())));
        }
        Row r18 = find(rows, "resnet18");
        Row r34 = find(rows, "resnet34");
        if (r18 != null && r34 != null) {
            double rss = ratio(r34.prove(), r18.prove(), "peakRssBytes");
            out.add(String.format(Locale.ROOT, "prover peak RSS resnet34/resnet18 (demo, same size) = %.3f (target <= 1.15: %s)", rss,
                    rss <= 1.15 ? "met" : "MISSED"));
            out.add(String.format(Locale.ROOT, "prove time resnet34/resnet18 = %.2f", ratio(r34.prove(), r18.prove(), "proveSeconds")));
            out.add(liveRatio(r34, r18, "resnet34/resnet18"));
        }
        return out;
    }

    /** The live-heap peak ratio, or "n/a" when a child saw no full collection (too little garbage for one). */
    private static String liveRatio(Row a, Row b, String what) {
        long la = a.prove().path("peakLiveHeapBytes").asLong(-1);
        long lb = b.prove().path("peakLiveHeapBytes").asLong(-1);
        return la > 0 && lb > 0
                ? String.format(Locale.ROOT, "prover live-heap peak %s = %.3f", what, (double) la / lb)
                : "prover live-heap peak " + what + " = n/a (no full collection in a child)";
    }

    private static double ratio(JsonNode a, JsonNode b, String key) {
        return a.path(key).asDouble() / b.path(key).asDouble();
    }

    private static Row find(List<Row> rows, String key) {
        return rows.stream().filter(r -> r.model().key().equals(key)).findFirst().orElse(null);
    }

    static double mib(long bytes) {
        return bytes / 1048576.0;
    }

    private static void deleteTree(Path dir) {
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a leftover temporary folder is harmless
        }
    }
}
