package foldproof.quantizer.importers;

import foldproof.quantizer.QuantizerException;
import foldproof.quantizer.importers.SafetensorsWriter.T;
import foldproof.quantizer.model.FloatLayer;
import foldproof.quantizer.model.FloatLayer.Skip;
import foldproof.quantizer.model.FloatNet;
import foldproof.quantizer.model.Preprocess;
import foldproof.quantizer.model.Shape;
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
import static foldproof.quantizer.importers.StateDictImportTest.convBn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bottleneck ResNets (ResNet-50/101 family) in torchvision, HuggingFace and pytorch-cifar naming, and as ONNX,
 * against directly built networks. Tensor names and shapes follow:
 * <ul>
 *   <li>torchvision {@code torchvision/models/resnet.py} at pytorch/vision f50e776b051ddf007b90d7bc8f70b0708c12d008
 *       ({@code Bottleneck}: {@code conv1} 1x1, {@code conv2} 3x3 with the stride, {@code conv3} 1x1 to
 *       {@code planes * 4}, {@code bn1..3}; {@code downsample.0} 1x1 strided conv + {@code downsample.1} BN where
 *       the stride or the width changes, so also in the first block of {@code layer1}); {@code fc};</li>
 *   <li>transformers {@code src/transformers/models/resnet/modeling_resnet.py} at huggingface/transformers
 *       ae005ce12a086176742fbf6c8364782a27085c85 ({@code ResNetBottleNeckLayer}: {@code layer.{0,1,2}} with
 *       {@code convolution} / {@code normalization}, {@code shortcut}; the stride on {@code layer.1}, or on
 *       {@code layer.0} with {@code downsample_in_bottleneck}); {@code classifier.1};</li>
 *   <li>kuangliu/pytorch-cifar {@code models/resnet.py} at 0acfbc16e60efe8e4b6666196d4111206db29254 (3x3 stem, no
 *       max pool, {@code shortcut.{0,1}}, {@code linear}).</li>
 * </ul>
 */
class BottleneckImportTest {
    /**
     * A torchvision-named (or, with {@code cifar}, pytorch-cifar-named) random Bottleneck ResNet with expansion 4,
     * and the FloatNet it must import to. {@code strideFirst}: the stride on conv1 (HF downsample_in_bottleneck).
     */
    static StateDictImportTest.Case randomBottleneck(long seed, int[] depths, int[] planes, int stemK, int classes,
                                                      boolean cifar, boolean strideFirst, Preprocess pre) {
        Random r = new Random(seed);
        Map<String, T> d = new LinkedHashMap<>();
        List<FloatLayer> layers = new ArrayList<>();
        int stemC = planes[0];
        int cur = StateDictImportTest.stem(r, d, layers, stemC, stemK, true);
        int inC = stemC;
        String sc = cifar ? "shortcut" : "downsample";
        for (int s = 0; s < depths.length; s++) {
            for (int b = 0; b < depths[s]; b++) {
                int width = planes[s];
                int out = 4 * width;
                int stride = s > 0 && b == 0 ? 2 : 1;
                String p = "layer" + (s + 1) + "." + b + ".";
                float[][] c1 = convBn(r, d, p + "conv1.weight", p + "bn1.", width, inC, 1, true);
                layers.add(new FloatLayer.Conv(p + "conv1", cur, inC, width, 1, strideFirst ? stride : 1, 0, c1[0], c1[1], new Skip.None()));
                float[][] c2 = convBn(r, d, p + "conv2.weight", p + "bn2.", width, width, 3, true);
                layers.add(new FloatLayer.Conv(p + "conv2", layers.size(), width, width, 3, strideFirst ? 1 : stride, 1, c2[0], c2[1],
                        new Skip.None()));
                float[][] c3 = convBn(r, d, p + "conv3.weight", p + "bn3.", out, width, 1, true);
                Skip skip;
                if (inC == out && stride == 1) {
                    skip = new Skip.Identity(cur);
                } else {
                    float[][] ds = convBn(r, d, p + sc + ".0.weight", p + sc + ".1.", out, inC, 1, true);
                    skip = new Skip.Projection(cur, inC, 1, stride, 0, ds[0], ds[1]);
                }
                layers.add(new FloatLayer.Conv(p + "conv3", layers.size(), width, out, 1, 1, 0, c3[0], c3[1], skip));
                cur = layers.size();
                inC = out;
            }
        }
        StateDictImportTest.head(r, d, layers, cifar ? "linear." : "fc.", "fc", cur, inC, classes);
        return new StateDictImportTest.Case(d, new FloatNet("expected", pre, new Shape(3, pre.crop(), pre.crop()), layers, null));
    }

    private static String hfConfig(boolean downsampleInBottleneck) {
        return """
                {"architectures": ["ResNetForImageClassification"], "model_type": "resnet", "depths": [1, 2, 1],
                 "hidden_sizes": [16, 32, 64], "embedding_size": 4, "layer_type": "bottleneck", "hidden_act": "relu",
                 "downsample_in_first_stage": false, "downsample_in_bottleneck": %s, "num_channels": 3}
                """.formatted(downsampleInBottleneck);
    }

    @Test
    void torchvisionHfAndOnnxBottlenecksImportToTheSameNet(@TempDir Path dir) throws IOException {
        long seed = 5050L;
        System.out.println("seed " + seed);
        StateDictImportTest.Case c = randomBottleneck(seed, new int[] {1, 2, 1}, new int[] {4, 8, 16}, 7, 5, false, false,
                Preprocess.imagenet(64));
        Path cfgDir = Files.createDirectories(dir.resolve("cfg"));
        Files.writeString(cfgDir.resolve("pre.json"), "{\"preprocess\": {\"crop\": 64}}");
        Path tv = dir.resolve("tv.safetensors");
        Files.write(tv, SafetensorsWriter.write(c.dict()));
        Importers.Imported a = Importers.importModel(tv, cfgDir.resolve("pre.json"), Arch.AUTO);
        assertEquals(Arch.TORCHVISION, a.arch());
        NetAssert.assertSameNet(c.expected(), a.net(), 1e-6, true);
        // 1 + 3 * (1 + 2 + 1) + 1 weighted layers.
        assertEquals("resnet14-imagenet", a.net().name());
        assertEquals(new Shape(64, 4, 4), a.net().shapes().get(a.net().shapes().size() - 2));

        Path hfDir = Files.createDirectories(dir.resolve("hf"));
        Files.write(hfDir.resolve("model.safetensors"), SafetensorsWriter.write(SafetensorsWriter.torchvisionToHf(c.dict())));
        Files.writeString(hfDir.resolve("config.json"), hfConfig(false).replace("\"num_channels\": 3",
                "\"num_channels\": 3, \"preprocess\": {\"crop\": 64}"));
        Importers.Imported b = Importers.importModel(hfDir, null, Arch.AUTO);
        assertEquals(Arch.HF, b.arch());
        NetAssert.assertSameNet(a.net(), b.net(), 0, true);

        Path onnx = dir.resolve("r.onnx");
        Files.write(onnx, OnnxWriter.write(c.expected()));
        Importers.Imported o = Importers.importModel(onnx, cfgDir.resolve("pre.json"), Arch.AUTO);
        assertEquals(Arch.ONNX, o.arch());
        NetAssert.assertSameNet(c.expected(), o.net(), 0, false);
    }

    @Test
    void hfDownsampleInBottleneckStridesTheFirstConv(@TempDir Path dir) throws IOException {
        StateDictImportTest.Case c = randomBottleneck(61, new int[] {1, 2, 1}, new int[] {4, 8, 16}, 7, 5, false, true,
                Preprocess.imagenet(224));
        Files.write(dir.resolve("model.safetensors"), SafetensorsWriter.write(SafetensorsWriter.torchvisionToHf(c.dict())));
        Files.writeString(dir.resolve("config.json"), hfConfig(true));
        FloatNet net = Importers.load(dir, null);
        NetAssert.assertSameNet(c.expected(), net, 1e-6, true);
        FloatLayer.Conv first = (FloatLayer.Conv) net.layers().get(net.layers().size() - 4); // layer3.0.conv1
        assertEquals("layer3.0.conv1", first.name());
        assertEquals(2, first.stride());
    }

    @Test
    void pytorchCifarBottleneckHasCifarStemAndStatistics(@TempDir Path dir) throws IOException {
        StateDictImportTest.Case c = randomBottleneck(73, new int[] {2, 1, 1, 1}, new int[] {8, 8, 16, 16}, 3, 10, true, false,
                Preprocess.cifarDatasetNorm(32));
        Path f = dir.resolve("r.safetensors");
        Files.write(f, SafetensorsWriter.write(c.dict()));
        Importers.Imported imp = Importers.importModel(f, null, Arch.AUTO);
        System.out.println(imp.detected());
        assertEquals(Arch.AKAMASTER, imp.arch());
        NetAssert.assertSameNet(c.expected(), imp.net(), 1e-6, true);
        assertEquals("resnet17-cifar", imp.net().name());
        assertEquals(new Shape(64, 4, 4), imp.net().shapes().get(imp.net().shapes().size() - 2));
        assertEquals(Arch.AKAMASTER, Arch.parse("pytorch-cifar"));
    }

    @Test
    void mismatchedLayerTypeAndKernelsAreRefusedWithTheTensorName(@TempDir Path dir) throws IOException {
        StateDictImportTest.Case c = randomBottleneck(8, new int[] {1, 1}, new int[] {4, 8}, 7, 5, false, false, Preprocess.imagenet(224));
        Path hf = dir.resolve("model.safetensors");
        Files.write(hf, SafetensorsWriter.write(SafetensorsWriter.torchvisionToHf(c.dict())));
        Path cfg = dir.resolve("cfg.json");
        Files.writeString(cfg, "{\"layer_type\": \"basic\"}");
        QuantizerException e = assertThrows(QuantizerException.class, () -> Importers.load(hf, cfg));
        assertTrue(e.getMessage().contains("bottleneck") && e.getMessage().contains("layer.2"), e.getMessage());
        Files.writeString(cfg, "{\"layer_type\": \"bottleneck\", \"hidden_sizes\": [16, 64]}");
        e = assertThrows(QuantizerException.class, () -> Importers.load(hf, cfg));
        assertTrue(e.getMessage().contains("hidden_sizes[1] = 64"), e.getMessage());

        // conv2 stored as a 1x1: the 3x3 of a Bottleneck is required.
        Map<String, T> bad = new LinkedHashMap<>(c.dict());
        Random r = new Random(1);
        bad.put("layer2.0.conv2.weight", T.f32(randn(r, 8 * 8, 0.1), 8, 8, 1, 1));
        Path tv = dir.resolve("bad.safetensors");
        Files.write(tv, SafetensorsWriter.write(bad));
        e = assertThrows(QuantizerException.class, () -> Importers.load(tv, null));
        assertTrue(e.getMessage().contains("layer2.0.conv2") && e.getMessage().contains("[8, 8, 3, 3]"), e.getMessage());

        // A missing shortcut where the width changes.
        Map<String, T> noShortcut = new LinkedHashMap<>(c.dict());
        noShortcut.keySet().removeIf(k -> k.startsWith("layer1.0.downsample"));
        Path tv2 = dir.resolve("nosc.safetensors");
        Files.write(tv2, SafetensorsWriter.write(noShortcut));
        e = assertThrows(QuantizerException.class, () -> Importers.load(tv2, null));
        assertTrue(e.getMessage().contains("layer1.0.downsample.0.weight"), e.getMessage());
    }

    @Test
    void everyDroppedRenamedOrTruncatedTensorIsAOneLineRefusal(@TempDir Path dir) throws IOException {
        for (boolean hf : new boolean[] {false, true}) {
            StateDictImportTest.Case c = randomBottleneck(12, new int[] {1, 1}, new int[] {2, 4}, 7, 3, false, false, Preprocess.imagenet(224));
            Map<String, T> dict = hf ? SafetensorsWriter.torchvisionToHf(c.dict()) : c.dict();
            Path f = dir.resolve("m.safetensors");
            for (String k : dict.keySet()) {
                for (String renamed : new String[] {null, k.replace("weight", "wieght").replace("running", "runing")}) {
                    Map<String, T> d = new LinkedHashMap<>(dict);
                    T t = d.remove(k);
                    if (renamed != null && !renamed.equals(k)) {
                        d.put(renamed, t);
                    }
                    Files.write(f, SafetensorsWriter.write(d));
                    try {
                        Importers.importModel(f, null, hf ? Arch.HF : Arch.TORCHVISION);
                        assertTrue(k.endsWith("num_batches_tracked"), "dropping " + k + " must be refused");
                    } catch (QuantizerException e) {
                        assertTrue(e.getMessage() != null && !e.getMessage().contains("\n"), e.getMessage());
                    }
                }
            }
            byte[] good = SafetensorsWriter.write(dict);
            for (int cut : new int[] {0, 9, 100, good.length / 2, good.length - 1}) {
                Files.write(f, java.util.Arrays.copyOf(good, cut));
                assertThrows(QuantizerException.class, () -> Importers.importModel(f, null, Arch.AUTO), "cut at " + cut);
            }
        }
    }
}
