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
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The real trained CIFAR-10 ResNet-18 (../shared/data) proves and verifies on one dev image. Tagged
 * {@code bench}: minutes on 2 cores; run with {@code mvn -pl folding -am test -Dtest=CifarProofTest -DexcludedGroups=}.
 */
class CifarProofTest {

    @Test
    @Tag("bench")
    void cifarResnet18ProvesAndVerifiesOneDevImage() throws VerificationException {
        Optional<Path> onnx = SharedData.resolve("cifar10-resnet18/model.onnx");
        Optional<Path> pixels = SharedData.resolve("cifar10-resnet18/pixels-dev.rgb");
        Assumptions.assumeTrue(onnx.isPresent() && pixels.isPresent(), "../shared/data not available");
        FloatNet f = Importers.load(onnx.get(), null);
        List<float[]> imgs = ImageLoader.loadRawRgb(pixels.get(), 32, 32, f.preprocess());
        QModel m = Quantizer.quantize(f, imgs.subList(0, 16));
        int[] q = InputQuantizer.quantize(m, imgs.get(300));
        IntTrace trace = IntInference.run(m, q);

        long t0 = System.nanoTime();
        ModelContext ctx = ModelContext.of(m);
        Prover.Result r = Prover.prove(ctx, q, new Prover.Options(false, new Random(3), true), null);
        byte[] bytes = ProofCodec.write(r.proof(), ctx.table());
        long t1 = System.nanoTime();
        Verifier.Verified v = Verifier.verify(ctx, bytes);
        long t2 = System.nanoTime();
        System.out.printf("cifar10-resnet18: prove %.1f s (%s), verify %.1f s, proof %d bytes%n", (t1 - t0) / 1e9,
                r.stats(), (t2 - t1) / 1e9, bytes.length);
        assertArrayEquals(trace.logits(), v.logits());
        assertEquals(trace.argmax(), v.label());
    }
}
