package foldproof.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import foldproof.circuits.CircuitException;
import foldproof.circuits.check.NetworkCheck;
import foldproof.circuits.layers.Circuits;
import foldproof.circuits.layers.LayerCircuit;
import foldproof.quantizer.QuantizerException;
import foldproof.quantizer.image.ImageLoader;
import foldproof.quantizer.model.QModel;
import foldproof.quantizer.quant.InputQuantizer;
import foldproof.quantizer.quant.IntInference;
import foldproof.quantizer.quant.IntTrace;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code foldproof check}: runs the integer network on an image, builds every tile witness of every layer
 * and checks it against the layer's R1CS. Exit 0 if all are satisfied, 1 if not, 2 on bad input.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Build and check the witness of every tile of every layer on an image.")
public final class CheckCommand implements Callable<Integer> {
    @Mixin
    ModelSelection model;

    @Option(names = "--image", paramLabel = "I", required = true, description = "Image file (JPEG, PNG, ...).")
    Path image;

    @Option(names = "--json", description = "One JSON object on stdout.")
    boolean json;

    @Option(names = "--threads", paramLabel = "T", description = "Worker threads (default: available processors).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--no-progress", description = "No progress bar on stderr.")
    boolean noProgress;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.isRegularFile(image)) {
            err.println("error: --image " + image + ": no such file");
            err.flush();
            return 2;
        }
        QModel m = CircuitCli.loadModel(model, spec);
        if (m == null) {
            return 2;
        }
        long t0 = System.nanoTime();
        IntTrace trace;
        List<NetworkCheck.LayerResult> results;
        try {
            float[] x = ImageLoader.load(image, m.preprocess());
            trace = IntInference.run(m, InputQuantizer.quantize(m, x));
            List<LayerCircuit> circuits = Circuits.forModel(m);
            int total = NetworkCheck.totalTiles(circuits);
            if (noProgress) {
                results = NetworkCheck.run(circuits, trace, threads, i -> { });
            } else {
                try (ProgressBar pb = new ProgressBarBuilder().setTaskName("check").setInitialMax(total)
                        .setConsumer(new ConsoleProgressBarConsumer(System.err)).setUpdateIntervalMillis(250).build()) {
                    results = NetworkCheck.run(circuits, trace, threads, pb::stepBy);
                }
            }
        } catch (QuantizerException | CircuitException e) {
            err.println("error: " + e.getMessage());
            err.flush();
            return 2;
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        boolean ok = results.stream().allMatch(NetworkCheck.LayerResult::ok);
        if (json) {
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
}
