package foldproof.cli;

import foldproof.api.Foldproof;
import foldproof.api.Verification;
import foldproof.fixtures.DemoImages;
import foldproof.quantizer.model.QModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code foldproof demo}: generates an image, proves the demo ResNet-18's classification of it and verifies
 * the proof, all offline. The default input size keeps the run to about half a minute on 2 cores
 * (docs/benchmarks.md: 26.7 s); {@code --size 224} is the full ImageNet resolution (about a minute, 3 GB).
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Generate an image, prove and verify the demo ResNet-18 (builtin:resnet18, untrained demo weights) on it, offline.",
                "The default input size (32x32) takes about 8 s on 2 cores (prove ~6 s, verify under 1 s); --size 224 is the full"
                        + " ImageNet resolution: about a minute and 3 GB of memory. Progress: one line per finished layer on stderr."})
final class DemoCommand implements Callable<Integer> {
    /**
     * Default input size: 32x32 keeps prove + verify of the full ResNet-18 topology to about 15 s on a
     * 2-core machine (the cost grows with the input area, less than linearly: 224 is about 10x; see
     * docs/benchmarks.md).
     */
    static final int DEFAULT_SIZE = 32;

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    ProvingOptions proving;

    @Option(names = "--size", paramLabel = "N", description = "Input size N x N, 32..448 (default: ${DEFAULT-VALUE}).",
            defaultValue = "" + DEFAULT_SIZE)
    int size;

    @Option(names = "--image-seed", paramLabel = "S", description = "Seed of the generated image (default: ${DEFAULT-VALUE}).",
            defaultValue = "1")
    long imageSeed;

    @Option(names = "--out", paramLabel = "FILE", description = "Also keep the proof in FILE.")
    Path out;

    @Override
    public Integer call() throws Exception {
        return common.inPool(this::run);
    }

    private Integer run() throws IOException {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (size < ModelSource.MIN_SIZE || size > ModelSource.MAX_SIZE) {
            throw new IllegalArgumentException("--size must be between " + ModelSource.MIN_SIZE + " and " + ModelSource.MAX_SIZE
                    + ", got " + size);
        }
        OutputTarget target = out == null ? null : OutputTarget.check(out, "--out", List.of());
        QModel m = ModelSource.resolve("builtin:resnet18@" + size, null, null).requireQuantized();
        if (!common.json) {
            o.println("demo: " + m.name() + " (" + m.description() + ") on a generated " + size + "x" + size
                    + " image (seed " + imageSeed + ")");
            o.flush();
        }
        ProofSession.Outcome res = ProofSession.prove(m, DemoImages.tensor(imageSeed, size, size, m.preprocess()), false,
                proving.random(err), err, Progress.mode(err, true));
        if (target != null) {
            target.write(res.bytes(), List.of());
        }
        if (!common.json) {
            o.println("== prove");
            ProofSession.summary(o, res, out);
            o.println("== verify");
            o.flush();
        }
        Verification v = Foldproof.verify(res.model(), res.bytes());
        if (!v.valid()) {
            o.println(common.json ? "{\"valid\":false,\"reason\":" + Json.str(v.reason()) + "}" : "INVALID: " + v.reason());
            o.flush();
            return ErrorHandler.REJECTED;
        }
        if (common.json) {
            o.println(ProofSession.json(res, out, v));
        } else {
            o.printf(Locale.ROOT, "VALID: label %s, verified in %.2f s%n", Labels.describe(m, v.label()), v.seconds());
        }
        o.flush();
        return 0;
    }
}
