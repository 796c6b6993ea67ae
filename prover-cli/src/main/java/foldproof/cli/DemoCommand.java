package foldproof.cli;

import foldproof.fixtures.DemoImages;
import foldproof.fixtures.DemoModels;
import foldproof.folding.ProofException;
import foldproof.folding.VerificationException;
import foldproof.folding.proof.Verifier;
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
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code foldproof demo}: generates an image, proves the demo ResNet-18's classification of it and verifies
 * the proof, all offline. The default input size keeps the run to a few minutes on a laptop; {@code --size 224}
 * is the full ImageNet resolution (much slower).
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Generate an image, prove and verify the demo ResNet-18 (untrained demo weights) on it.",
                "The default input size (32x32) finishes in a few minutes; --size 224 is the full ImageNet resolution"
                        + " and takes much longer."})
final class DemoCommand implements Callable<Integer> {
    /**
     * Default input size: 32x32 keeps prove + verify of the full ResNet-18 topology to a few minutes on a
     * 2-core machine (the cost grows with the input area: 64 is about 4x, 224 about 50x; see
     * docs/benchmarks.md).
     */
    static final int DEFAULT_SIZE = 32;

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = "--size", paramLabel = "N", description = "input size N x N (default: ${DEFAULT-VALUE})",
            defaultValue = "" + DEFAULT_SIZE)
    int size;

    @Option(names = "--image-seed", paramLabel = "S", description = "seed of the generated image (default: ${DEFAULT-VALUE})",
            defaultValue = "1")
    long imageSeed;

    @Option(names = "--out", paramLabel = "FILE", description = "also keep the proof in FILE")
    Path out;

    @Option(names = "--seed", paramLabel = "S",
            description = "seed the blinding randomness (tests and benchmarks only: the proof is then NOT zero-knowledge)")
    Long seed;

    @Override
    public Integer call() throws Exception {
        return common.inPool(this::run);
    }

    private Integer run() {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (size < 32 || size > 448) {
            err.println("error: --size must be between 32 and 448");
            return 2;
        }
        try {
            QModel m = DemoModels.resnet18Imagenet(size);
            o.println("demo: " + m.name() + " (" + m.description() + ") on a generated " + size + "x" + size
                    + " image (seed " + imageSeed + ")");
            o.flush();
            int[] q = InputQuantizer.quantize(m, DemoImages.tensor(imageSeed, size, size, m.preprocess()));
            ProofSession.Outcome res = ProofSession.prove(m, q, false, ProofSession.random(seed, err), err);
            if (out != null) {
                ProofSession.writeAtomically(out, res.bytes());
            }
            o.println("== prove");
            ProofSession.summary(o, res, out);
            o.println("== verify");
            long t0 = System.nanoTime();
            Verifier.Verified v = Verifier.verify(res.ctx(), res.bytes());
            o.printf(Locale.ROOT, "VALID: label %s, verified in %.2f s%n", Labels.describe(m, v.label()),
                    (System.nanoTime() - t0) / 1e9);
            o.flush();
            return 0;
        } catch (VerificationException e) {
            o.println("INVALID: " + e.reason());
            o.flush();
            return 1;
        } catch (ProofException | IllegalArgumentException | IOException e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
    }
}
