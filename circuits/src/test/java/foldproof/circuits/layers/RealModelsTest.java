package foldproof.circuits.layers;

import foldproof.circuits.check.Checker;
import foldproof.circuits.check.Failure;
import foldproof.fixtures.DemoImages;
import foldproof.fixtures.DemoModels;
import foldproof.fixtures.SharedData;
import foldproof.quantizer.image.ImageLoader;
import foldproof.quantizer.importers.Importers;
import foldproof.quantizer.model.FloatNet;
import foldproof.quantizer.model.QLayer;
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

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The demo ImageNet ResNet-18 (sampled tiles, small input) and the real CIFAR ResNet-18 (every tile). */
class RealModelsTest {
    private static final long SEED = 777L;

    @Test
    void demoResnet18SampledTilesOfEveryLayerSatisfy() {
        System.out.println("seed " + SEED);
        Random rnd = new Random(SEED);
        QModel m = DemoModels.resnet18Imagenet(64);
        float[] x = DemoImages.tensor(9, 64, 64, m.preprocess());
        IntTrace t = IntInference.run(m, InputQuantizer.quantize(m, x));
        for (LayerCircuit c : Circuits.forModel(m)) {
            int n = c.numTiles();
            int[] tiles = n <= 3 ? range(n) : new int[] {0, n - 1, 1 + rnd.nextInt(n - 2)};
            for (int tile : tiles) {
                Optional<Failure> f = Checker.check(c, c.witness(t, tile));
                assertTrue(f.isEmpty(), () -> f.get().toString());
            }
            c.dropShape();
        }
    }

    @Test
    void cifarResnet18EveryTileOnThreeDevImages() {
        Optional<Path> onnx = SharedData.resolve("cifar10-resnet18/model.onnx");
        Optional<Path> pixels = SharedData.resolve("cifar10-resnet18/pixels-dev.rgb");
        Assumptions.assumeTrue(onnx.isPresent() && pixels.isPresent(), "../shared/data not available");
        FloatNet f = Importers.load(onnx.get(), null);
        List<float[]> imgs = ImageLoader.loadRawRgb(pixels.get(), 32, 32, f.preprocess());
        QModel m = Quantizer.quantize(f, imgs.subList(0, 16));
        assertTrue(m.layers().stream().anyMatch(l -> l instanceof QLayer.Conv c && c.skip() instanceof QLayer.QSkip.Projection));
        List<LayerCircuit> cs = Circuits.forModel(m);
        for (int img : new int[] {0, 500, 999}) {
            IntTrace t = IntInference.run(m, InputQuantizer.quantize(m, imgs.get(img)));
            for (LayerCircuit c : cs) {
                for (int tile = 0; tile < c.numTiles(); tile++) {
                    Optional<Failure> fail = Checker.check(c, c.witness(t, tile));
                    int im = img;
                    assertTrue(fail.isEmpty(), () -> "image " + im + ": " + fail.get());
                }
            }
        }
    }

    /**
     * The real akamaster ResNet-20 and ResNet-56 (option-A shortcuts, BatchNorm folded by the importer):
     * every tile of every layer on two dev images.
     */
    @Test
    void akamasterResnet20And56EveryTileOnTwoDevImages() {
        Optional<Path> pixels = SharedData.resolve("cifar10-resnet18/pixels-dev.rgb");
        for (String dir : new String[] {"cifar10-resnet20", "cifar10-resnet56"}) {
            Optional<Path> st = SharedData.resolve(dir + "/model.safetensors");
            Assumptions.assumeTrue(st.isPresent() && pixels.isPresent(), "../shared/data not available");
            FloatNet f = Importers.load(st.get(), null);
            List<float[]> imgs = ImageLoader.loadRawRgb(pixels.get(), 32, 32, f.preprocess());
            QModel m = Quantizer.quantize(f, imgs.subList(0, 16));
            List<LayerCircuit> cs = Circuits.forModel(m);
            int tiles = 0;
            for (int img : new int[] {7, 640}) {
                IntTrace t = IntInference.run(m, InputQuantizer.quantize(m, imgs.get(img)));
                for (LayerCircuit c : cs) {
                    for (int tile = 0; tile < c.numTiles(); tile++) {
                        Optional<Failure> fail = Checker.check(c, c.witness(t, tile));
                        int im = img;
                        assertTrue(fail.isEmpty(), () -> dir + " image " + im + ": " + fail.get());
                        tiles++;
                    }
                    c.dropShape();
                }
            }
            System.out.println(dir + ": " + cs.size() + " layers, " + tiles + " tiles satisfied");
        }
    }

    private static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }
}
