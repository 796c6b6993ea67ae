package foldproof.cli;

import foldproof.quantizer.model.QModel;
import foldproof.quantizer.quant.InputQuantizer;
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

/** {@code foldproof prove}: proves the model's classification of an image without revealing the image. */
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
        int[] q = InputQuantizer.quantize(m, ImageInput.load(image, m.preprocess(), err));
        ProofSession.Outcome res = ProofSession.prove(m, q, publicInput, proving.random(err), err,
                Progress.mode(err, true));
        target.write(res.bytes(), inputs);
        if (common.json) {
            o.println(ProofSession.json(res, out, null, 0));
            o.flush();
        } else {
            ProofSession.summary(o, res, out);
        }
        return 0;
    }
}
