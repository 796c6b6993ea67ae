package foldproof.cli;

import foldproof.folding.ProofException;
import foldproof.quantizer.image.ImageLoader;
import foldproof.quantizer.model.QModel;
import foldproof.quantizer.quant.InputQuantizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code foldproof prove}: proves the model's classification of an image without revealing the image. */
@Command(name = "prove", mixinStandardHelpOptions = true,
        description = "Prove in zero knowledge that the model classifies IMAGE with the printed logits.")
final class ProveCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = "--model", paramLabel = "M",
            description = "quantized model file, or builtin:resnet18[@SIZE] / builtin:resnet34[@SIZE] / builtin:tiny"
                    + " (default: ${DEFAULT-VALUE}, untrained demo weights)",
            defaultValue = ProofModel.DEFAULT)
    String model;

    @Option(names = "--image", required = true, paramLabel = "I", description = "image file (JPEG, PNG, ...)")
    Path image;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "where to write the proof")
    Path out;

    @Option(names = "--public-input", description = "also open the input in the proof (not zero-knowledge for the input)")
    boolean publicInput;

    @Option(names = "--seed", paramLabel = "S",
            description = "seed the blinding randomness (tests and benchmarks only: the proof is then NOT zero-knowledge)")
    Long seed;

    @Override
    public Integer call() throws Exception {
        return common.inPool(this::run);
    }

    private Integer run() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter o = spec.commandLine().getOut();
        try {
            if (!Files.isRegularFile(image)) {
                err.println("error: image not found: " + image);
                return 2;
            }
            Path dir = out.toAbsolutePath().getParent();
            if (dir == null || !Files.isDirectory(dir)) {
                err.println("error: output directory does not exist: " + dir);
                return 2;
            }
            QModel m = ProofModel.load(model);
            int[] q = InputQuantizer.quantize(m, ImageLoader.load(image, m.preprocess()));
            ProofSession.Outcome res = ProofSession.prove(m, q, publicInput, ProofSession.random(seed, err), err);
            ProofSession.writeAtomically(out, res.bytes());
            ProofSession.summary(o, res, out);
            return 0;
        } catch (ProofException | IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
    }
}
