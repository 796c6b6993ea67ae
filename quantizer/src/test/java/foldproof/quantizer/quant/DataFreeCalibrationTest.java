package foldproof.quantizer.quant;

import foldproof.quantizer.QuantizerException;
import foldproof.quantizer.TestData;
import foldproof.quantizer.importers.Importers;
import foldproof.quantizer.model.FloatLayer;
import foldproof.quantizer.model.FloatLayer.BnStats;
import foldproof.quantizer.model.FloatLayer.Skip;
import foldproof.quantizer.model.FloatNet;
import foldproof.quantizer.model.Preprocess;
import foldproof.quantizer.model.QModel;
import foldproof.quantizer.model.Shape;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class DataFreeCalibrationTest {
    private static final double INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

    /**
     * 3x4x4 input (CIFAR recipe, range [-1, 1]) -> stem conv (BN gamma {2, -1}, beta {0, 0}) -> 2x2 max
     * pool -> conv1 (gamma {1, 1}, beta {-1, 3}) -> conv2 (gamma {3, 0.5}, beta {1, -0.5}) + identity skip
     * from the pool output -> head. Weights are random: data-free scales must not depend on them.
     */
    static FloatNet smallNet(long seed, boolean withBn) {
        Random r = new Random(seed);
        List<FloatLayer> l = new ArrayList<>();
        l.add(new FloatLayer.Conv("stem", 0, 3, 2, 1, 1, 0, randn(r, 6), randn(r, 2), new Skip.None(),
                withBn ? bn(new float[] {2, -1}, new float[] {0, 0}) : null));
        l.add(new FloatLayer.MaxPool("pool", 1, 2, 2, 0));
        l.add(new FloatLayer.Conv("block.conv1", 2, 2, 2, 3, 1, 1, randn(r, 36), randn(r, 2), new Skip.None(),
                bn(new float[] {1, 1}, new float[] {-1, 3})));
        l.add(new FloatLayer.Conv("block.conv2", 3, 2, 2, 3, 1, 1, randn(r, 36), randn(r, 2), new Skip.Identity(2),
                bn(new float[] {3, 0.5f}, new float[] {1, -0.5f})));
        l.add(new FloatLayer.Head("fc", 4, 2, 2, randn(r, 4), randn(r, 2)));
        return new FloatNet("small", Preprocess.cifar(4), new Shape(3, 4, 4), l, null);
    }

    private static BnStats bn(float[] gamma, float[] beta) {
        return new BnStats(gamma, beta);
    }

    private static float[] randn(Random r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }

    /**
     * Expected by hand with m = 4. Stem: ranges 0 + 4*2 = 8 and 0 + 4*1 = 4, clip 8; its channels are
     * rectified N(0, sigma^2): mean sigma/sqrt(2 pi), variance sigma^2 (1/2 - 1/(2 pi)). Pool: same
     * scale. conv1: max(0, -1 + 4) = 3, 3 + 4 = 7, clip 7. conv2 + skip, channel 0: mean
     * 1 + 2/sqrt(2 pi) = 1.797885, variance 9 + 4 (1/2 - 1/(2 pi)) = 10.363380, range 1.797885 + 4 * 3.219220
     * = 14.674767; channel 1: -0.5 + 1/sqrt(2 pi) + 4 sqrt(0.25 + 1/2 - 1/(2 pi)) = 2.973600; clip 14.674767.
     */
    @Test
    void scalesOfASmallNetByHand() {
        QModel q = Quantizer.quantizeDataFree(smallNet(1, true), Calibration.DEFAULT, 4);
        double[] s = q.scales();
        double conv2 = 1 + 2 * INV_SQRT_2PI + 4 * Math.sqrt(9 + 4 * (0.5 - INV_SQRT_2PI * INV_SQRT_2PI));
        assertEquals(14.674767, conv2, 1e-6);
        assertEquals(1.0 / 127, s[0], 1e-12, "input: (x - 0.5) / 0.5 lies in [-1, 1]");
        assertEquals(8.0 / 255, s[1], 1e-9, "stem");
        assertEquals(8.0 / 255, s[2], 1e-9, "max pool keeps its input's scale");
        assertEquals(7.0 / 255, s[3], 1e-9, "conv1");
        assertEquals(conv2 / 255, s[4], 1e-6 / 255, "conv2 + identity skip");
        assertEquals(s[4], smallNetWithOtherWeights().scales()[4], 0.0, "weights do not matter");
        assertTrue(q.description().contains("data-free"), q.description());
        // the image path on the same net: the same quantizer, only the clips differ
        assertEquals(s[0], Quantizer.quantize(smallNet(1, true), List.of(new float[48])).scales()[0], 0.0, "same input scale");
    }

    private static QModel smallNetWithOtherWeights() {
        return Quantizer.quantizeDataFree(smallNet(99, true), Calibration.DEFAULT, 4);
    }

    /** The conservative rule adds the branches' maxima: conv2 channel 0 = 1 + 4*3 + 8 = 21. */
    @Test
    void alignedResidualRuleAddsMaxima() {
        double[] c = DataFreeCalibration.clips(smallNet(1, true), 4, DataFreeCalibration.Residual.ALIGNED);
        assertEquals(8, c[1], 1e-9);
        assertEquals(7, c[3], 1e-9);
        assertEquals(21, c[4], 1e-9);
    }

    @Test
    void rectifiedGaussianMoments() {
        assertEquals(0.5, DataFreeCalibration.phiCdf(0), 2e-7);
        assertEquals(0.8413447461, DataFreeCalibration.phiCdf(1), 2e-7);
        assertEquals(0.0227501319, DataFreeCalibration.phiCdf(-2), 2e-8);
        double[] r = DataFreeCalibration.rectified(0, 2);
        assertEquals(2 * INV_SQRT_2PI, r[0], 1e-6);
        assertEquals(2 * Math.sqrt(0.5 - INV_SQRT_2PI * INV_SQRT_2PI), r[1], 1e-6);
        double[] big = DataFreeCalibration.rectified(10, 1);
        assertEquals(10, big[0], 1e-6, "far above 0 the ReLU is the identity");
        assertEquals(1, big[1], 1e-6);
        double[] dead = DataFreeCalibration.rectified(-3, 0);
        assertEquals(0, dead[0], 0.0);
        assertEquals(0, dead[1], 0.0);
    }

    @Test
    void modelWithoutBatchNormIsRefused() {
        QuantizerException e = assertThrows(QuantizerException.class,
                () -> Quantizer.quantizeDataFree(smallNet(1, false), Calibration.DEFAULT, 4));
        assertTrue(e.getMessage().contains("cannot be calibrated data-free"), e.getMessage());
        assertTrue(e.getMessage().contains("conv 'stem' has no BatchNorm statistics"), e.getMessage());
        assertTrue(e.getMessage().contains("--calib DIR"), e.getMessage());
    }

    /** The real CIFAR ResNet-18 ONNX has its BatchNorm folded into the convs: refused, with the way out. */
    @Test
    void realOnnxWithFoldedBatchNormIsRefused() {
        Optional<Path> f = TestData.resolve("cifar10-resnet18/model.onnx");
        assumeTrue(f.isPresent(), "shared/data/cifar10-resnet18 not found");
        FloatNet net = Importers.load(f.get(), null);
        QuantizerException e = assertThrows(QuantizerException.class,
                () -> Quantizer.quantizeDataFree(net, Calibration.DEFAULT, DataFreeCalibration.DEFAULT_SPREAD));
        assertTrue(e.getMessage().contains("cannot be calibrated data-free") && e.getMessage().contains("--calib DIR"), e.getMessage());
    }

    /**
     * The real ResNet-20 (BN unfolded in the file): every conv keeps its BN, and data-free quantization
     * stays close to float on 200 dev images (every 5th; all 1,000 in docs/quantizer.md).
     */
    @Test
    void realResNet20DataFree() {
        Optional<DevSet> set = DevSet.load("cifar10-resnet20", "model.safetensors");
        assumeTrue(set.isPresent(), "shared/data/cifar10-resnet20 not found");
        DevSet d = set.get().every(5);
        for (FloatLayer l : d.net().layers()) {
            if (l instanceof FloatLayer.Conv c) {
                assertNotNull(c.bn(), c.name() + " lost its BatchNorm statistics in import");
            }
        }
        long t0 = System.nanoTime();
        QModel q = Quantizer.quantizeDataFree(d.net(), Calibration.DEFAULT, DataFreeCalibration.DEFAULT_SPREAD);
        DevSet.Fidelity f = d.fidelity(q, d.floatLogits());
        System.out.printf("cifar10-resnet20 data-free m=%s (%d images): %s (%.1f s)%n",
                DataFreeCalibration.DEFAULT_SPREAD, d.images().size(), f, (System.nanoTime() - t0) / 1e9);
        assertTrue(Math.abs(f.quantTop1() - f.floatTop1()) <= 0.02 + 1e-9, f.toString());
        assertTrue(f.agreement() >= 0.96, f.toString());
        assertTrue(f.meanCosine() >= 0.995, f.toString());
    }
}
