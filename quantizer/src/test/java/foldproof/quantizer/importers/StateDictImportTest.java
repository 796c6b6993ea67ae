package foldproof.quantizer.importers;

import foldproof.quantizer.QuantizerException;
import foldproof.quantizer.TestData;
import foldproof.quantizer.importers.SafetensorsWriter.T;
import foldproof.quantizer.model.FloatLayer;
import foldproof.quantizer.model.FloatLayer.Skip;
import foldproof.quantizer.model.FloatNet;
import foldproof.quantizer.model.Preprocess;
import foldproof.quantizer.model.Shape;
import foldproof.quantizer.quant.ModelFile;
import foldproof.quantizer.quant.Quantizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static foldproof.quantizer.importers.NetAssert.randn;
import static foldproof.quantizer.importers.NetAssert.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Safetensors state dicts in HF, torchvision and akamaster naming against directly built networks. */
class StateDictImportTest {
    /** A torchvision-named random state dict, and the FloatNet it must import to (BN folded here, in double). */
    record Case(Map<String, T> dict, FloatNet expected) { }

    static Case randomResNet(long seed, int[] depths, int[] widths, int stemK, int classes, boolean optionA, Preprocess pre) {
        Random r = new Random(seed);
        Map<String, T> d = new LinkedHashMap<>();
        List<FloatLayer> layers = new ArrayList<>();
        int stemC = widths[0];
        int cur = stem(r, d, layers, stemC, stemK, !optionA);
        int inC = stemC;
        for (int s = 0; s < depths.length; s++) {
            for (int b = 0; b < depths[s]; b++) {
                int planes = widths[s];
                int stride = s > 0 && b == 0 ? 2 : 1;
                String p = "layer" + (s + 1) + "." + b + ".";
                float[][] c1 = convBn(r, d, p + "conv1.weight", p + "bn1.", planes, inC, 3, !optionA);
                layers.add(new FloatLayer.Conv(p + "conv1", cur, inC, planes, 3, stride, 1, c1[0], c1[1], new Skip.None()));
                int mid = layers.size();
                float[][] c2 = convBn(r, d, p + "conv2.weight", p + "bn2.", planes, planes, 3, !optionA);
                Skip skip;
                if (inC == planes && stride == 1) {
                    skip = new Skip.Identity(cur);
                } else if (optionA) {
                    skip = new Skip.OptionA(cur, inC, stride, planes / 4);
                } else {
                    float[][] ds = convBn(r, d, p + "downsample.0.weight", p + "downsample.1.", planes, inC, 1, true);
                    skip = new Skip.Projection(cur, inC, 1, stride, 0, ds[0], ds[1]);
                }
                layers.add(new FloatLayer.Conv(p + "conv2", mid, planes, planes, 3, 1, 1, c2[0], c2[1], skip));
                cur = layers.size();
                inC = planes;
            }
        }
        head(r, d, layers, optionA ? "linear." : "fc.", "fc", cur, inC, classes);
        return new Case(d, new FloatNet("expected", pre, new Shape(3, pre.crop(), pre.crop()), layers, null));
    }

    /**
     * A ResNet stem in torchvision names: {@code conv1} + {@code bn1} ({@code stemK} 7: stride 2 and a 3x3/2 max pool,
     * else stride 1 and none). Returns the tensor id the first stage reads.
     */
    static int stem(Random r, Map<String, T> d, List<FloatLayer> layers, int stemC, int stemK, boolean tracked) {
        float[][] f = convBn(r, d, "conv1.weight", "bn1.", stemC, 3, stemK, tracked);
        layers.add(new FloatLayer.Conv("conv1", 0, 3, stemC, stemK, stemK == 7 ? 2 : 1, stemK / 2, f[0], f[1], new Skip.None()));
        if (stemK != 7) {
            return 1;
        }
        layers.add(new FloatLayer.MaxPool("maxpool", 1, 3, 2, 1));
        return 2;
    }

    /**
     * A random classifier of {@code inC} features read from tensor {@code input}: its weight and bias under
     * {@code prefix} ("fc.", "classifier.1.", ...) in the state dict, and the head layer {@code name} it imports as.
     */
    static void head(Random r, Map<String, T> d, List<FloatLayer> layers, String prefix, String name, int input, int inC, int classes) {
        float[] w = randn(r, classes * inC, 0.1);
        float[] b = randn(r, classes, 0.1);
        d.put(prefix + "weight", T.f32(w, classes, inC));
        d.put(prefix + "bias", T.f32(b, classes));
        layers.add(new FloatLayer.Head(name, input, inC, classes, w, b));
    }

    static float[][] convBn(Random r, Map<String, T> d, String wName, String bn, int outC, int inC, int k, boolean tracked) {
        float[] w = randn(r, outC * inC * k * k, Math.sqrt(2.0 / (inC * k * k)));
        d.put(wName, T.f32(w, outC, inC, k, k));
        return randomBnFolded(r, d, bn, w, null, outC, inC * k * k, tracked ? 1234 : -1);
    }

    /**
     * Random BatchNorm statistics written under {@code bn} ("bn1.", "features.1.", ...: weight, bias, running_mean,
     * running_var, and num_batches_tracked = {@code tracked} unless it is negative), folded into the conv weights
     * {@code w} ({@code per} per output channel) and bias {@code b} (null: none) as the importers fold them:
     * returns {@code {w', b'}}.
     */
    static float[][] randomBnFolded(Random r, Map<String, T> d, String bn, float[] w, float[] b, int outC, int per, long tracked) {
        float[] gamma = uniform(r, outC, 0.5, 1.5);
        float[] beta = randn(r, outC, 0.1);
        float[] mean = randn(r, outC, 0.1);
        float[] var = uniform(r, outC, 0.2, 2);
        d.put(bn + "weight", T.f32(gamma, outC));
        d.put(bn + "bias", T.f32(beta, outC));
        d.put(bn + "running_mean", T.f32(mean, outC));
        d.put(bn + "running_var", T.f32(var, outC));
        if (tracked >= 0) {
            d.put(bn + "num_batches_tracked", T.i64(tracked));
        }
        float[] fw = new float[w.length];
        float[] fb = new float[outC];
        for (int o = 0; o < outC; o++) {
            double sc = gamma[o] / Math.sqrt(var[o] + 1e-5);
            for (int i = 0; i < per; i++) {
                fw[o * per + i] = (float) (w[o * per + i] * sc);
            }
            fb[o] = (float) (((b == null ? 0 : b[o]) - mean[o]) * sc + beta[o]);
        }
        return new float[][] {fw, fb};
    }

    private static final String HF_CONFIG = """
            {"architectures": ["ResNetForImageClassification"], "model_type": "resnet", "depths": [2, 2, 2, 2],
             "hidden_sizes": [8, 16, 24, 32], "embedding_size": 8, "layer_type": "basic", "hidden_act": "relu",
             "downsample_in_first_stage": false, "num_channels": 3,
             "id2label": {"0": "tench", "1": "goldfish", "2": "white shark", "3": "tiger shark", "4": "hammerhead"}}
            """;

    @Test
    void hfAndTorchvisionNamesImportToTheSameNet(@TempDir Path dir) throws IOException {
        long seed = 4242L;
        System.out.println("seed " + seed);
        Case c = randomResNet(seed, new int[] {2, 2, 2, 2}, new int[] {8, 16, 24, 32}, 7, 5, false, Preprocess.imagenet(224));
        Path tv = dir.resolve("tv.safetensors");
        Files.write(tv, SafetensorsWriter.write(c.dict()));
        Path hfDir = Files.createDirectories(dir.resolve("hf"));
        Path hf = hfDir.resolve("model.safetensors");
        Files.write(hf, SafetensorsWriter.write(SafetensorsWriter.torchvisionToHf(c.dict())));
        Files.writeString(hfDir.resolve("config.json"), HF_CONFIG);

        Importers.Imported a = Importers.importModel(tv, null, Arch.AUTO);
        Importers.Imported b = Importers.importModel(hf, null, Arch.AUTO); // picks up config.json beside it
        Importers.Imported b2 = Importers.importModel(hfDir, hfDir.resolve("config.json"), Arch.HF);
        System.out.println(a.detected());
        System.out.println(b.detected());
        assertEquals(Arch.TORCHVISION, a.arch());
        assertEquals(Arch.HF, b.arch());
        assertTrue(b.detected().startsWith("detected HuggingFace") && b2.detected().startsWith("forced"), b.detected());
        NetAssert.assertSameNet(c.expected(), a.net(), 1e-6, true);
        NetAssert.assertSameNet(c.expected(), b.net(), 1e-6, true);
        NetAssert.assertSameNet(a.net(), b.net(), 0, true);
        NetAssert.assertSameNet(a.net(), b2.net(), 0, true);
        assertEquals("resnet18-imagenet", a.net().name());
        assertArrayEquals(new String[] {"tench", "goldfish", "white shark", "tiger shark", "hammerhead"}, b.net().labels());
        assertEquals(null, a.net().labels());

        // Same integer model: with the same labels (a config works for any flavour) and the same calibration
        // inputs, the torchvision import, the HF import and the directly built network quantize to the same
        // model file bytes (BN folding here and in the importer round identically).
        Importers.Imported a2 = Importers.importModel(tv, hfDir.resolve("config.json"), Arch.AUTO);
        FloatNet built = new FloatNet(b.net().name(), c.expected().preprocess(), c.expected().input(), c.expected().layers(),
                b.net().labels());
        Random r = new Random(seed + 1);
        List<float[]> calib = List.of(randn(r, 3 * 224 * 224, 1), randn(r, 3 * 224 * 224, 1));
        byte[] qb = ModelFile.toBytes(Quantizer.quantize(built, calib));
        assertArrayEquals(qb, ModelFile.toBytes(Quantizer.quantize(a2.net(), calib)), "torchvision import quantizes like the built net");
        assertArrayEquals(qb, ModelFile.toBytes(Quantizer.quantize(b.net(), calib)), "HF import quantizes like the built net");
    }

    @Test
    void resnet34DepthsAndCifarStemAreDetectedFromNames(@TempDir Path dir) throws IOException {
        Case c = randomResNet(99, new int[] {3, 4, 6, 3}, new int[] {4, 8, 8, 16}, 3, 10, false, Preprocess.cifar(32));
        Path tv = dir.resolve("r34.safetensors");
        Files.write(tv, SafetensorsWriter.write(c.dict()));
        FloatNet net = Importers.load(tv, null);
        NetAssert.assertSameNet(c.expected(), net, 1e-6, true);
        assertEquals("resnet34-cifar", net.name());
        assertEquals(new Shape(16, 4, 4), net.shapes().get(net.shapes().size() - 2));
    }

    @Test
    void hfConfigMismatchIsReported(@TempDir Path dir) throws IOException {
        Case c = randomResNet(5, new int[] {1, 1}, new int[] {8, 16}, 7, 5, false, Preprocess.imagenet(224));
        Path hf = dir.resolve("model.safetensors");
        Files.write(hf, SafetensorsWriter.write(SafetensorsWriter.torchvisionToHf(c.dict())));
        Path cfg = dir.resolve("cfg.json");
        Files.writeString(cfg, "{\"depths\": [2, 2], \"layer_type\": \"basic\"}");
        QuantizerException e = assertThrows(QuantizerException.class, () -> Importers.load(hf, cfg));
        assertTrue(e.getMessage().contains("depths"), e.getMessage());
        Files.writeString(cfg, "{\"layer_type\": \"bottleneck\"}");
        e = assertThrows(QuantizerException.class, () -> Importers.load(hf, cfg));
        assertTrue(e.getMessage().contains("bottleneck"), e.getMessage());
    }

    @Test
    void akamasterNamesGiveOptionAShortcuts(@TempDir Path dir) throws IOException {
        Case c = randomResNet(77, new int[] {3, 3, 3}, new int[] {16, 32, 64}, 3, 10, true, Preprocess.cifarImagenetNorm(32));
        Path f = dir.resolve("r20.safetensors");
        Files.write(f, SafetensorsWriter.write(c.dict()));
        Importers.Imported imp = Importers.importModel(f, null, Arch.AUTO);
        assertEquals(Arch.AKAMASTER, imp.arch());
        NetAssert.assertSameNet(c.expected(), imp.net(), 1e-6, true);
        assertEquals("resnet20-cifar", imp.net().name());
        // Forcing another flavour fails with a clear message, not a crash.
        QuantizerException e = assertThrows(QuantizerException.class, () -> Importers.importModel(f, null, Arch.TORCHVISION));
        assertTrue(e.getMessage().contains("fc.weight") || e.getMessage().contains("shortcut"), e.getMessage());
    }

    @Test
    void realCifarResNet20And56() {
        for (String m : new String[] {"cifar10-resnet20", "cifar10-resnet56"}) {
            var p = TestData.resolve(m + "/model.safetensors");
            assumeTrue(p.isPresent(), "shared/data not present");
            Importers.Imported imp = Importers.importModel(p.get(), null, Arch.AUTO);
            System.out.println(imp.detected());
            FloatNet net = imp.net();
            int blocks = m.endsWith("20") ? 3 : 9;
            assertEquals(Arch.AKAMASTER, imp.arch());
            assertEquals("resnet" + (6 * blocks + 2) + "-cifar", net.name());
            assertEquals(Preprocess.cifarImagenetNorm(32), net.preprocess());
            assertEquals(1 + 6 * blocks + 1, net.layers().size());
            int optionA = 0;
            for (FloatLayer l : net.layers()) {
                if (l instanceof FloatLayer.Conv c && c.skip() instanceof Skip.OptionA a) {
                    optionA++;
                    assertEquals(c.outC() / 4, a.padBefore());
                    assertEquals(2, a.stride());
                    assertEquals(c.outC() / 2, a.inC());
                }
            }
            assertEquals(2, optionA);
            assertEquals(new Shape(64, 8, 8), net.shapes().get(net.shapes().size() - 2));
            assertArrayEquals(ModelConfig.CIFAR10, net.labels());
        }
    }
}
