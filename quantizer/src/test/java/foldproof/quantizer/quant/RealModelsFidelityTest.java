package foldproof.quantizer.quant;

import foldproof.quantizer.model.QModel;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The real CIFAR-10 ResNets in shared/data: the Java float path against the reference logits on all
 * 1,000 dev images, and the quantized model (calibrated on 200 of them) against the float path.
 * Skips where shared/data is absent.
 */
class RealModelsFidelityTest {
    @Test
    void resnet18Onnx() {
        check("cifar10-resnet18", "model.onnx");
    }

    @Test
    void resnet20Safetensors() {
        check("cifar10-resnet20", "model.safetensors");
    }

    /** ResNet-56 costs 3x ResNet-20: the default suite checks every 4th dev image (250). */
    @Test
    void resnet56SafetensorsSubset() {
        check("cifar10-resnet56", "model.safetensors", 4);
    }

    /** All 1,000 dev images for ResNet-56 (figures in docs/quantizer.md). */
    @Test
    @Tag("bench")
    void resnet56Safetensors() {
        check("cifar10-resnet56", "model.safetensors");
    }

    private static void check(String dir, String file) {
        check(dir, file, 1);
    }

    private static void check(String dir, String file, int step) {
        Optional<DevSet> set = DevSet.load(dir, file);
        assumeTrue(set.isPresent(), "shared/data/" + dir + " not found");
        DevSet d = set.get().every(step);
        long t0 = System.nanoTime();
        float[][] fl = d.floatLogits();
        double maxDiff = 0;
        for (int i = 0; i < fl.length; i++) {
            for (int j = 0; j < fl[i].length; j++) {
                maxDiff = Math.max(maxDiff, Math.abs(fl[i][j] - d.refLogits()[i][j]));
            }
        }
        long t1 = System.nanoTime();
        QModel q = Quantizer.quantize(d.net(), d.calibration(step == 1 ? 5 : 2, 200) /* 200 (or 125) images over all classes */);
        long t2 = System.nanoTime();
        DevSet.Fidelity f = d.fidelity(q, fl);
        long t3 = System.nanoTime();
        System.out.printf("%s (%d images): float max |diff| %.2e vs reference (%.1f s); quantize %.1f s; %s (%.1f s)%n",
                dir, fl.length, maxDiff, (t1 - t0) / 1e9, (t2 - t1) / 1e9, f, (t3 - t2) / 1e9);
        assertTrue(maxDiff <= 1e-3, dir + ": float logits differ from the reference by " + maxDiff);
        if (step == 1) {
            assertTrue(Math.abs(f.quantTop1() - f.floatTop1()) <= 0.010 + 1e-9, dir + ": " + f);
        }
        assertTrue(f.agreement() >= 0.97, dir + ": " + f);
        assertTrue(f.meanCosine() >= 0.995, dir + ": " + f);
    }
}
