package foldproof.quantizer.importers;

import foldproof.quantizer.QuantizerException;
import foldproof.quantizer.importers.SafetensorsWriter.T;
import foldproof.quantizer.model.FloatLayer;
import foldproof.quantizer.model.FloatLayer.Skip;
import foldproof.quantizer.model.FloatNet;
import foldproof.quantizer.model.Preprocess;
import foldproof.quantizer.model.Shape;
import foldproof.quantizer.model.QLayer;
import foldproof.quantizer.model.QModel;
import foldproof.quantizer.quant.FloatInference;
import foldproof.quantizer.quant.InputQuantizer;
import foldproof.quantizer.quant.IntInference;
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
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * VGG state dicts against directly built networks. Names follow kuangliu/pytorch-cifar {@code models/vgg.py} at
 * 64fe317af0709823a23de5010c173c1912881965 (one {@code features} Sequential: conv 3x3 pad 1 with bias, BatchNorm,
 * ReLU per entry, MaxPool 2x2/2 for 'M', a final 1x1 AvgPool; {@code classifier} = Linear(512, 10)) and torchvision
 * {@code torchvision/models/vgg.py} at pytorch/vision 02196ff416e2ccfe1127d1c1a8745e47afa2fd93 ({@code make_layers}
 * with and without BatchNorm; the ImageNet classifier {@code classifier.{0,3,6}}).
 */
class VggImportTest {
    /** VGG-11's configuration A with the widths divided by {@code div}. */
    static Object[] cfgA(int div) {
        return new Object[] {64 / div, "M", 128 / div, "M", 256 / div, 256 / div, "M", 512 / div, 512 / div, "M", 512 / div, 512 / div, "M"};
    }

    static StateDictImportTest.Case randomVgg(long seed, Object[] cfg, boolean bn, int classes) {
        Random r = new Random(seed);
        Map<String, T> d = new LinkedHashMap<>();
        List<FloatLayer> layers = new ArrayList<>();
        int idx = 0;
        int inC = 3;
        int cur = 0;
        for (Object v : cfg) {
            if (v.equals("M")) {
                layers.add(new FloatLayer.MaxPool("features." + idx, cur, 2, 2, 0));
                cur = layers.size();
                idx++;
                continue;
            }
            int outC = (Integer) v;
            float[] w = randn(r, outC * inC * 9, Math.sqrt(2.0 / (inC * 9)));
            float[] b = randn(r, outC, 0.05);
            d.put("features." + idx + ".weight", T.f32(w, outC, inC, 3, 3));
            d.put("features." + idx + ".bias", T.f32(b, outC));
            float[][] f = bn ? StateDictImportTest.randomBnFolded(r, d, "features." + (idx + 1) + ".", w, b, outC, inC * 9, 7)
                    : new float[][] {w, b};
            layers.add(new FloatLayer.Conv("features." + idx, cur, inC, outC, 3, 1, 1, f[0], f[1], new Skip.None()));
            cur = layers.size();
            inC = outC;
            idx += bn ? 3 : 2;
        }
        StateDictImportTest.head(r, d, layers, "classifier.", "classifier", cur, inC, classes);
        Preprocess pre = Preprocess.cifarDatasetNorm(32);
        return new StateDictImportTest.Case(d, new FloatNet("expected", pre, new Shape(3, 32, 32), layers, null));
    }

    @Test
    void pytorchCifarVgg11WithAndWithoutBatchNorm(@TempDir Path dir) throws IOException {
        for (boolean bn : new boolean[] {true, false}) {
            StateDictImportTest.Case c = randomVgg(bn ? 11 : 12, cfgA(8), bn, 10);
            Path f = dir.resolve("vgg" + bn + ".safetensors");
            Files.write(f, SafetensorsWriter.write(c.dict()));
            Importers.Imported imp = Importers.importModel(f, null, Arch.AUTO);
            System.out.println(imp.detected());
            assertEquals(Arch.VGG, imp.arch());
            NetAssert.assertSameNet(c.expected(), imp.net(), 1e-6, true);
            assertEquals(bn ? "vgg11-bn-cifar" : "vgg11-cifar", imp.net().name());
            assertEquals(8 + 5 + 1, imp.net().layers().size(), "8 convs, 5 max pools, the classifier");
            assertEquals(new Shape(64, 1, 1), imp.net().shapes().get(imp.net().shapes().size() - 2));
        }
    }

    @Test
    void onnxruntimeAgreesOnVgg16(@TempDir Path dir) throws Exception {
        Object[] d = {8, 8, "M", 16, 16, "M", 16, 16, 16, "M", 32, 32, 32, "M", 32, 32, 32, "M"};
        StateDictImportTest.Case c = randomVgg(16, d, true, 10);
        Path f = dir.resolve("vgg16.safetensors");
        Files.write(f, SafetensorsWriter.write(c.dict()));
        FloatNet fromDict = Importers.load(f, null);
        assertEquals("vgg16-bn-cifar", fromDict.name());
        byte[] onnx = OnnxWriter.write(c.expected());
        Path o = dir.resolve("vgg16.onnx");
        Files.write(o, onnx);
        Path cfg = dir.resolve("cfg.json");
        Files.writeString(cfg, "{\"preprocess\": {\"mode\": \"exact\", \"crop\": 32, \"mean\": [0.4914, 0.4822, 0.4465],"
                + " \"std\": [0.2023, 0.1994, 0.2010]}}");
        FloatNet fromOnnx = Importers.load(o, cfg);
        NetAssert.assertSameNet(c.expected(), fromOnnx, 0, false);
        Random r = new Random(160);
        for (int i = 0; i < 3; i++) {
            float[] x = randn(r, 3 * 32 * 32, 1);
            OnnxRuntimeOracleTest.assertClose(OnnxRuntimeOracleTest.onnxruntime(onnx, x, new long[] {1, 3, 32, 32}),
                    FloatInference.run(fromDict, x), "vgg16-bn-cifar input " + i);
        }
    }

    @Test
    void pytorchCifarOnnxWithUnitAveragePoolAndFlatten(@TempDir Path dir) throws IOException {
        // The graph torch.onnx.export makes of pytorch-cifar's VGG tail: ... MaxPool -> AveragePool(1x1) -> Flatten -> Gemm.
        OnnxWriter w = new OnnxWriter();
        Random r = new Random(3);
        String c = w.conv("conv", "x", 4, 3, 3, 1, 1, randn(r, 4 * 27, 0.3), randn(r, 4, 0.1));
        String y = w.node("Relu", "relu", List.of(c));
        String p = w.node("MaxPool", "pool", List.of(y), "kernel_shape", new long[] {2, 2}, "strides", new long[] {2, 2});
        String a = w.node("AveragePool", "avg", List.of(p), "kernel_shape", new long[] {1, 1}, "strides", new long[] {1, 1});
        String f = w.node("Flatten", "flat", List.of(a), "axis", 1L);
        String g = w.node("Gemm", "classifier", List.of(f, w.init(randn(r, 12, 0.1), 3, 4), w.init(randn(r, 3, 0.1), 3)), "transB", 1L);
        Path file = dir.resolve("tail.onnx");
        Files.write(file, w.model("x", new long[] {1, 3, 2, 2}, g, 3));
        FloatNet net = Importers.load(file, null);
        assertEquals(3, net.layers().size(), "conv, max pool, head");
        assertTrue(net.layers().get(2) instanceof FloatLayer.Head);

        OnnxWriter w2 = new OnnxWriter();
        String c2 = w2.conv("conv", "x", 4, 3, 3, 1, 1, new float[108], new float[4]);
        String y2 = w2.node("Relu", "relu", List.of(c2));
        String a2 = w2.node("AveragePool", "avg3", List.of(y2), "kernel_shape", new long[] {3, 3}, "strides", new long[] {1, 1});
        Files.write(file, w2.model("x", new long[] {1, 3, 8, 8}, a2, 4));
        QuantizerException e = assertThrows(QuantizerException.class, () -> Importers.load(file, null));
        assertTrue(e.getMessage().contains("avg3") && e.getMessage().contains("AveragePool"), e.getMessage());
    }

    /**
     * torchvision's ImageNet VGG-11 (names of {@code models/vgg.py} at 02196ff4: {@code features.{i}} from
     * {@code make_layers}, {@code classifier.{0,3,6}} = Linear(512 * 7 * 7, 4096), ReLU, Dropout, Linear(4096, 4096),
     * ReLU, Dropout, Linear(4096, classes); shapes at 1/16 width and a 64-wide hidden layer so the test stays fast),
     * with and without BatchNorm, at 224 (a 7x7 map before the classifier) and 32 (a 1x1 map that
     * {@code AdaptiveAvgPool2d((7, 7))} replicates 49 times), against torchvision's forward computed directly:
     * features, adaptive pool, flatten, then the three Linear layers as plain matrix products.
     */
    @Test
    void torchvisionImagenetClassifierIsADenseChain(@TempDir Path dir) throws Exception {
        int hidden = 64;
        int classes = 10;
        for (boolean bn : new boolean[] {true, false}) {
            StateDictImportTest.Case c = randomVgg(bn ? 21 : 22, cfgA(16), bn, classes);
            Map<String, T> tv = imagenetClassifier(c.dict(), new Random(bn ? 23 : 24), 32, hidden, classes);
            Path f = dir.resolve("tv" + bn + ".safetensors");
            Files.write(f, SafetensorsWriter.write(tv));
            for (int size : new int[] {224, 32}) {
                Path cfg = dir.resolve("cfg" + size + ".json");
                Files.writeString(cfg, "{\"preprocess\": {\"mode\": \"exact\", \"crop\": " + size + "}}");
                Importers.Imported imp = Importers.importModel(f, size == 224 ? null : cfg, Arch.AUTO);
                FloatNet net = imp.net();
                assertEquals(Arch.VGG, imp.arch());
                assertEquals(bn ? "vgg11-bn" : "vgg11", net.name());
                assertEquals(new Shape(3, size, size), net.input());
                assertEquals(8 + 5 + 3, net.layers().size(), "8 convs, 5 max pools, fc6 and fc7 as convs, the head");
                FloatLayer.Conv fc6 = (FloatLayer.Conv) net.layers().get(13);
                assertEquals(size == 224 ? 7 : 1, fc6.kernel());
                assertEquals(0, fc6.pad());
                assertTrue(net.layers().get(15) instanceof FloatLayer.Head);
                // the features of the directly built net at this input size
                List<FloatLayer> feats = c.expected().layers();
                FloatNet expected = new FloatNet("expected", net.preprocess(), new Shape(3, size, size), feats, null);
                Random r = new Random(size + (bn ? 1 : 0));
                if (size == 32) {
                    assertQuantizedFollowsFloat(net, r);
                }
                for (int i = 0; i < 2; i++) {
                    float[] x = randn(r, 3 * size * size, 1);
                    float[] map = FloatInference.trace(expected, x).tensor(feats.size() - 1);
                    float[] want = torchvisionClassifier(tv, map, 32, size / 32, hidden, classes);
                    float[] got = FloatInference.run(net, x);
                    OnnxRuntimeOracleTest.assertClose(want, got, "vgg11" + (bn ? "-bn" : "") + " at " + size + ", input " + i);
                    if (size == 32) { // and onnxruntime on the imported net (fc6 and fc7 as 1x1 Conv nodes)
                        OnnxRuntimeOracleTest.assertClose(want, OnnxRuntimeOracleTest.onnxruntime(OnnxWriter.write(net), x,
                                new long[] {1, 3, size, size}), "onnxruntime, vgg11" + (bn ? "-bn" : "") + " at 32, input " + i);
                    }
                }
            }
        }
    }

    /**
     * The integer network of the imported chain (fc6, fc7 as convs: requantised and clamped as every conv) follows the
     * float one: mean cosine of the logits over 4 random inputs above 0.95, as the demo VGGs (DemoVggTest); calibrated
     * on 2 others. The model file of a chain of plain convs is the version it always was (no groups: not version 3).
     */
    private static void assertQuantizedFollowsFloat(FloatNet net, Random r) {
        List<float[]> calib = List.of(randn(r, net.input().size(), 1), randn(r, net.input().size(), 1));
        QModel q = Quantizer.quantize(net, calib);
        double logitScale = ((QLayer.Head) q.layers().get(q.layers().size() - 1)).logitScale();
        double cos = 0;
        for (int i = 0; i < 4; i++) {
            float[] x = randn(r, net.input().size(), 1);
            float[] f = FloatInference.run(net, x);
            long[] l = IntInference.run(q, InputQuantizer.quantize(q, x)).logits();
            double ab = 0;
            double aa = 0;
            double bb = 0;
            for (int j = 0; j < f.length; j++) {
                ab += f[j] * l[j] * logitScale;
                aa += (double) f[j] * f[j];
                bb += l[j] * logitScale * l[j] * logitScale;
            }
            cos += ab / Math.sqrt(aa * bb) / 4;
        }
        System.out.printf("%s@32 quantized: mean cosine %.5f%n", net.name(), cos);
        assertTrue(cos > 0.95, net.name() + ": cosine " + cos);
        byte[] file = ModelFile.toBytes(q);
        assertEquals(ModelFile.VERSION, (file[4] & 0xff) << 8 | file[5] & 0xff, "model file version");
    }

    /** {@code dict} with its CIFAR {@code classifier} replaced by torchvision's {@code classifier.{0,3,6}} over {@code c} channels. */
    static Map<String, T> imagenetClassifier(Map<String, T> dict, Random r, int c, int hidden, int classes) {
        Map<String, T> tv = new LinkedHashMap<>(dict);
        tv.remove("classifier.weight");
        tv.remove("classifier.bias");
        int flat = c * 49;
        tv.put("classifier.0.weight", T.f32(randn(r, hidden * flat, Math.sqrt(2.0 / flat)), hidden, flat));
        tv.put("classifier.0.bias", T.f32(randn(r, hidden, 0.05), hidden));
        tv.put("classifier.3.weight", T.f32(randn(r, hidden * hidden, Math.sqrt(2.0 / hidden)), hidden, hidden));
        tv.put("classifier.3.bias", T.f32(randn(r, hidden, 0.05), hidden));
        tv.put("classifier.6.weight", T.f32(randn(r, classes * hidden, 0.1), classes, hidden));
        tv.put("classifier.6.bias", T.f32(randn(r, classes, 0.1), classes));
        return tv;
    }

    /**
     * torchvision's {@code VGG.forward} after {@code features}: {@code AdaptiveAvgPool2d((7, 7))} of the CxSxS map
     * (S = 7: the identity; S = 1: the value replicated 49 times), {@code torch.flatten(x, 1)}, then Linear, ReLU,
     * Linear, ReLU, Linear (Dropout is the identity in eval mode).
     */
    static float[] torchvisionClassifier(Map<String, T> tv, float[] map, int c, int side, int hidden, int classes) {
        float[] x = new float[c * 49];
        for (int ch = 0; ch < c; ch++) {
            for (int p = 0; p < 49; p++) {
                x[ch * 49 + p] = side == 7 ? map[ch * 49 + p] : map[ch];
            }
        }
        float[] h = linear(tv, "classifier.0", x, hidden, true);
        h = linear(tv, "classifier.3", h, hidden, true);
        return linear(tv, "classifier.6", h, classes, false);
    }

    private static float[] linear(Map<String, T> tv, String name, float[] x, int out, boolean relu) {
        float[] w = tv.get(name + ".weight").floats();
        float[] b = tv.get(name + ".bias").floats();
        float[] y = new float[out];
        for (int o = 0; o < out; o++) {
            double acc = b[o];
            for (int i = 0; i < x.length; i++) {
                acc += (double) w[o * x.length + i] * x[i];
            }
            y[o] = relu ? (float) Math.max(0, acc) : (float) acc;
        }
        return y;
    }

    @Test
    void imagenetClassifierOnOtherMapsAndBrokenLayoutsAreRefusedClearly(@TempDir Path dir) throws IOException {
        StateDictImportTest.Case c = randomVgg(5, cfgA(16), false, 10);
        Path f = dir.resolve("tv.safetensors");
        Files.write(f, SafetensorsWriter.write(imagenetClassifier(c.dict(), new Random(6), 32, 16, 10)));
        Path cfg64 = dir.resolve("cfg64.json");
        Files.writeString(cfg64, "{\"preprocess\": {\"mode\": \"exact\", \"crop\": 64}}");
        QuantizerException e = assertThrows(QuantizerException.class, () -> Importers.load(f, cfg64));
        assertTrue(e.getMessage().startsWith("classifier.0: ") && e.getMessage().contains("32x2x2") && !e.getMessage().contains("\n"),
                e.getMessage());

        // A conv index that fits neither "next conv" nor "pool then conv".
        Map<String, T> bad = new LinkedHashMap<>();
        for (Map.Entry<String, T> en : c.dict().entrySet()) {
            bad.put(en.getKey().replace("features.3.", "features.5."), en.getValue());
        }
        Files.write(f, SafetensorsWriter.write(bad));
        e = assertThrows(QuantizerException.class, () -> Importers.load(f, null));
        assertTrue(e.getMessage().contains("features.0 -> features.5"), e.getMessage());

        // Not 32x32: the classifier would not read a 1x1 map.
        Path g = dir.resolve("ok.safetensors");
        Files.write(g, SafetensorsWriter.write(c.dict()));
        Path cfg = dir.resolve("cfg.json");
        Files.writeString(cfg, "{\"preprocess\": {\"mode\": \"exact\", \"crop\": 64}}");
        e = assertThrows(QuantizerException.class, () -> Importers.load(g, cfg));
        assertTrue(e.getMessage().contains("1x1"), e.getMessage());
    }
}
