package foldproof.cli;

import foldproof.api.Foldproof;
import foldproof.api.Model;
import foldproof.api.Proof;
import foldproof.quantizer.model.QModel;
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
import java.util.concurrent.Callable;

/** {@code foldproof prove}: proves the model's classification of an image without revealing the image ({@link Foldproof#prove}). */
@Command(name = "prove", mixinStandardHelpOptions = true,
        description = {"Prove in zero knowledge that the model classifies an image with the printed logits.",
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

    @Option(names = "--image", required = true, paramLabel = "I", description = "Image file (JPEG, PNG, ...).")
    Path image;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the proof (replaced atomically; checked first: never one of the inputs, folder writable).")
    Path out;

    @Option(names = "--public-input", description = "Also open the input in the proof (the image is then NOT hidden).")
    boolean publicInput;

    @Override
    public Integer call() throws Exception {
        foldproof.bn254.Lanes.warmUp();   // compiles the vector-lane kernels in the background meanwhile
        return common.inPool(this::run);
    }

    private Integer run() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter o = spec.commandLine().getOut();
        Inputs.requireFile(image, "image");
        List<Path> inputs = new ArrayList<>(ModelSource.inputFiles(model.model, null));
        inputs.add(image);
        OutputTarget target = OutputTarget.check(out, "--out", inputs);   // before minutes of proving
        QModel m = model.load();
        if (Progress.mode(err, true) == Progress.Mode.BAR) {
            err.println("building circuits for " + m.name() + " ...");
            err.flush();
        }
        Model api = Model.of(m);
        Proof proof = Foldproof.prove(api, image, ProofSession.options(publicInput, proving.random(err), err, Progress.mode(err, true)));
        ProofSession.Outcome res = new ProofSession.Outcome(api, proof);
        target.write(res.bytes(), inputs);
        if (common.json) {
            o.println(ProofSession.json(res, out, null));
            o.flush();
        } else {
            ProofSession.summary(o, res, out);
        }
        return 0;
    }
}
