package foldproof.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import foldproof.circuits.check.NetworkCheck;
import foldproof.circuits.layers.Circuits;
import foldproof.circuits.layers.LayerCircuit;
import foldproof.quantizer.model.QModel;
import foldproof.quantizer.quant.InputQuantizer;
import foldproof.quantizer.quant.IntInference;
import foldproof.quantizer.quant.IntTrace;
import foldproof.quantizer.quant.ModelChecks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;

/**
 * {@code foldproof check}: runs the integer network on an image, builds every tile witness of every layer
 * and checks it against the layer's R1CS. Exit 0 if all are satisfied, 1 if not, 2 on bad input. Progress on
 * stderr: a bar on a terminal, one {@link LayerLog} line per layer otherwise.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Build the witness of every tile of every layer on an image and check it against the layer's R1CS (no proof).")
public final class CheckCommand implements Callable<Integer> {
    @Mixin
    ModelOptions model;

    @Option(names = "--input-size", paramLabel = "N", hidden = true,
            description = "Old spelling of builtin:resnet18@N (applies to a built-in ResNet given without @N).")
    Integer inputSize;

    @Option(names = "--image", paramLabel = "I", required = true, description = "Image file (JPEG, PNG, ...).")
    Path image;

    @Mixin
    CommonOptions common;

    @Option(names = "--no-progress", description = "No progress on stderr (otherwise a bar on a terminal, one line per layer in a log).")
    boolean noProgress;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int threads = common.threads;
        if (threads < 1) {
            throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
        }
        Inputs.requireFile(image, "image");
        QModel m = InspectCommand.load(model, inputSize);
        ModelChecks.requireProvable(m);
        long t0 = System.nanoTime();
        float[] x = ImageInput.load(image, m.preprocess(), err);
        IntTrace trace = IntInference.run(m, InputQuantizer.quantize(m, x));
        List<LayerCircuit> circuits = Circuits.forModel(m);
        List<NetworkCheck.LayerResult> results;
        Progress.Mode mode = Progress.mode(err, !noProgress);
        if (mode == Progress.Mode.BAR) {
            try (Progress p = new Progress("check", NetworkCheck.totalTiles(circuits), err, mode)) {
                results = NetworkCheck.run(circuits, trace, threads, p::stepBy);
            }
        } else if (mode == Progress.Mode.LINES) {
            results = NetworkCheck.run(circuits, trace, threads, layerLines(circuits, err));
        } else {
            results = NetworkCheck.run(circuits, trace, threads, i -> { });
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        boolean ok = results.stream().allMatch(NetworkCheck.LayerResult::ok);
        if (common.json) {
            ObjectMapper om = new ObjectMapper();
            ObjectNode root = om.createObjectNode();
            root.put("model", m.name());
            root.put("image", image.toString());
            root.put("satisfied", ok);
            root.put("label", trace.argmax());
            root.put("seconds", Math.round(secs * 1000) / 1000.0);
            ArrayNode arr = root.putArray("layers");
            for (NetworkCheck.LayerResult r : results) {
                ObjectNode o = arr.addObject();
                o.put("name", r.name());
                o.put("tiles", r.tiles());
                o.put("ok", r.ok());
                if (r.firstFailure() == null) {
                    o.putNull("first_failure");
                } else {
                    o.put("first_failure", r.firstFailure().toString());
                }
            }
            out.println(om.writeValueAsString(root));
        } else {
            for (NetworkCheck.LayerResult r : results) {
                out.printf("%-20s %5d tiles  %s%n", r.name(), r.tiles(), r.ok() ? "ok" : "FAILED: " + r.firstFailure());
            }
            out.printf("%s: %s (%.1f s)%n", m.name(), ok ? "every tile satisfied" : "NOT satisfied", secs);
        }
        out.flush();
        return ok ? 0 : 1;
    }

    /** Tile counter that prints a {@link LayerLog} line when the last tile of a layer is checked (layers run in order). */
    static IntConsumer layerLines(List<LayerCircuit> circuits, PrintWriter err) {
        int n = circuits.size();
        long[] end = new long[n];
        long sum = 0;
        for (int i = 0; i < n; i++) {
            sum += circuits.get(i).numTiles();
            end[i] = sum;
        }
        AtomicLong done = new AtomicLong();
        long[] state = {0, System.nanoTime()};   // next layer, its start time
        return k -> {
            long d = done.addAndGet(k);
            synchronized (state) {
                while (state[0] < n && d >= end[(int) state[0]]) {
                    int l = (int) state[0];
                    long now = System.nanoTime();
                    LayerLog.print(err, l, n, circuits.get(l).name(), circuits.get(l).numTiles(), now - state[1]);
                    state[0]++;
                    state[1] = now;
                }
            }
        };
    }
}
