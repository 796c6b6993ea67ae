package foldproof.cli;

import foldproof.api.Foldproof;
import foldproof.api.Model;
import foldproof.api.Proof;
import foldproof.api.ProveOptions;
import foldproof.api.ProvingEngine;
import foldproof.quantizer.model.QModel;
import foldproof.quantizer.quant.ModelChecks;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code foldproof prove}: proves the model's classification of an image without revealing the image ({@link Foldproof#prove}). */
@Command(name = "prove", mixinStandardHelpOptions = true,
        description = {"Prove in zero knowledge that the model classifies an image (or, with --images, each image of a batch,"
                + " in one proof) with the printed logits.",
                "The image stays hidden (unless --public-input); the proof binds the model's digest, so verify with the same --model.",
                "Progress: one line per finished layer on stderr."})
final class ProveCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    ModelOptions model;

    @Mixin
    ProvingOptions proving;

    @Option(names = "--image", paramLabel = "I", description = "Image file (JPEG, PNG, ...).")
    Path image;

    @Option(names = "--images", arity = "1..*", paramLabel = "DIR|FILE",
            description = {"Prove a batch in one proof: image files, or a folder (its images and those of its class subfolders,"
                    + " taken one class folder after another: see --limit). Verify prints one line per image."})
    List<Path> images;

    @Option(names = "--limit", paramLabel = "N", description = "With a folder for --images: take at most N of its images (default: all).")
    Integer limit;

    @Option(names = "--engine", paramLabel = "E", defaultValue = "inprocess",
            description = {"inprocess (default) or spark: witness generation and subtree folding as Apache Spark tasks"
                    + " (needs the prover-spark module on the class path, docs/cluster.md). Same proof format either way."})
    String engine;

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master for --engine spark: local[N] (default local[2]), spark://host:7077 for a standalone cluster.")
    String master;

    @Option(names = "--spark-conf", paramLabel = "KEY=VALUE",
            description = "A Spark setting for --engine spark (repeatable), e.g. spark.jars=...,spark.executor.memory=2g (docs/cluster.md).")
    Map<String, String> sparkConf;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the proof (replaced atomically; checked first: never one of the inputs, folder writable).")
    Path out;

    @Option(names = "--public-input", description = "Also open the input in the proof (the image is then NOT hidden).")
    boolean publicInput;

    @Override
    public Integer call() throws Exception {
        return common.inPool(this::run);   // the prover starts the lanes' warm-up when they pay (Prover.lanesPay)
    }

    private Integer run() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter o = spec.commandLine().getOut();
        if ((image == null) == (images == null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give either --image or --images");
        }
        if (limit != null && (images == null || limit < 1)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--limit needs --images and a positive count");
        }
        if (!engine.equals("inprocess") && !engine.equals("spark")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "unknown --engine " + engine + " (inprocess or spark)");
        }
        if ((master != null || sparkConf != null) && !engine.equals("spark")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--master and --spark-conf are for --engine spark");
        }
        if (sparkConf != null && sparkConf.keySet().stream().anyMatch(k -> !k.startsWith("spark."))) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--spark-conf keys start with spark.");
        }
        List<Path> batch = image != null ? List.of(image) : BatchImages.resolve(images, limit);
        for (Path p : batch) {
            Inputs.requireFile(p, "image");
        }
        List<Path> inputs = new ArrayList<>(ModelSource.inputFiles(model.model, null));
        inputs.addAll(batch);
        OutputTarget target = OutputTarget.check(out, "--out", inputs);   // before minutes of proving
        ProvingEngine spark = null;
        if (engine.equals("spark")) {
            spark = ProvingEngine.find("spark");
            if (spark == null) {
                throw new IllegalArgumentException("--engine spark needs the prover-spark module and Apache Spark on the class path"
                        + " (the launcher adds them when prover-spark/target/lib exists: docs/cluster.md)");
            }
        }
        QModel m = model.load();
        ModelChecks.requireProvable(m);
        Progress.Mode mode = Progress.mode(err, true);
        if (mode == Progress.Mode.BAR) {
            err.println("building circuits for " + m.name() + " ...");
            err.flush();
        }
        Model api = Model.of(m);
        ProveOptions options = ProofSession.options(publicInput, proving.random(err), err, mode);
        Proof proof;
        if (spark != null) {
            List<float[]> xs = new ArrayList<>();
            for (Path p : batch) {
                xs.add(Foldproof.preprocess(p, m.preprocess(), w -> err.println("warning: " + w)));
            }
            Map<String, String> settings = new java.util.HashMap<>(sparkConf == null ? Map.of() : sparkConf);
            settings.put("master", master == null ? "local[2]" : master);
            proof = spark.proveBatch(api, xs, options, settings);
        } else if (image != null) {
            proof = Foldproof.prove(api, image, options);
        } else {
            proof = Foldproof.proveImages(api, batch, options);
        }
        ProofSession.Outcome res = new ProofSession.Outcome(api, proof);
        target.write(res.bytes(), inputs);
        if (common.json) {
            o.println(ProofSession.json(res, out, null));
            o.flush();
        } else {
            ProofSession.summary(o, res, out);
            if (image == null) {
                BatchImages.print(o, m, proof, batch);
            }
        }
        return 0;
    }
}
