package foldproof.folding.proof;

import foldproof.fixtures.SharedData;
import foldproof.folding.VerificationException;
import foldproof.quantizer.image.ImageLoader;
import foldproof.quantizer.importers.Importers;
import foldproof.quantizer.model.FloatNet;
import foldproof.quantizer.model.QModel;
import foldproof.quantizer.quant.InputQuantizer;
import foldproof.quantizer.quant.IntInference;
import foldproof.quantizer.quant.IntTrace;
import foldproof.quantizer.quant.Quantizer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The real trained CIFAR-10 models of ../shared/data prove and verify end to end on one dev image each
 * (the prover checks every tile's witness against its circuit on the way): ResNet-18 (ONNX), and the
 * akamaster ResNet-20 and ResNet-56 (safetensors, option-A shortcuts). Skipped without the data; a
 * few minutes in all on 2 cores. Like {@code foldproof prove}, these run with the vector lanes warmed up
 * (the build's tests have jdk.incubator.vector), so the production MSM and folding paths are the ones tested.
 */
class RealModelsProofTest {
    @org.junit.jupiter.api.BeforeAll
    static void warmLanes() {
        foldproof.bn254.Lanes.awaitWarm(120_000);
        org.junit.jupiter.api.Assertions.assertEquals(foldproof.bn254.Lanes.ENABLED,
                foldproof.bn254.Lanes.fqReady() && foldproof.bn254.Lanes.frReady(), "lanes warmed up");
    }

    @Test
    void cifarResnet18ProvesAndVerifiesOneDevImage() throws VerificationException {
        proveAndVerify("cifar10-resnet18/model.onnx", 300);
    }

    @Test
    void resnet20ProvesAndVerifiesOneDevImage() throws VerificationException {
        proveAndVerify("cifar10-resnet20/model.safetensors", 120);
    }

    @Test
    void resnet56ProvesAndVerifiesOneDevImage() throws VerificationException {
        proveAndVerify("cifar10-resnet56/model.safetensors", 860);
    }

    private static void proveAndVerify(String file, int image) throws VerificationException {
        Optional<Path> weights = SharedData.resolve(file);
        Optional<Path> pixels = SharedData.resolve("cifar10-resnet18/pixels-dev.rgb");
        Assumptions.assumeTrue(weights.isPresent() && pixels.isPresent(), "../shared/data not available");
        FloatNet f = Importers.load(weights.get(), null);
        List<float[]> imgs = ImageLoader.loadRawRgb(pixels.get(), 32, 32, f.preprocess());
        QModel m = Quantizer.quantize(f, imgs.subList(0, 16));
        int[] q = InputQuantizer.quantize(m, imgs.get(image));
        IntTrace trace = IntInference.run(m, q);

        long t0 = System.nanoTime();
        ModelContext ctx = ModelContext.of(m);
        Prover.Result r = Prover.prove(ctx, q, new Prover.Options(false, new Random(3), true), null);
        byte[] bytes = ProofCodec.write(r.proof(), ctx.table());
        long t1 = System.nanoTime();
        Verifier.Verified v = Verifier.verify(ctx, bytes);
        long t2 = System.nanoTime();
        System.out.printf("%s: %d layers, prove %.1f s (%s), verify %.1f s, proof %d bytes%n", file,
                ctx.circuits().size(), (t1 - t0) / 1e9, r.stats(), (t2 - t1) / 1e9, bytes.length);
        assertArrayEquals(trace.logits(), v.logits());
        assertEquals(trace.argmax(), v.label());
    }
}
