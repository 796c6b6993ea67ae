package foldproof.quantizer.importers;

import foldproof.quantizer.QuantizerException;
import foldproof.quantizer.importers.SafetensorsWriter.T;
import foldproof.quantizer.model.FloatLayer;
import foldproof.quantizer.model.FloatLayer.Skip;
import foldproof.quantizer.model.FloatNet;
import foldproof.quantizer.model.Preprocess;
import foldproof.quantizer.model.Shape;
import foldproof.quantizer.quant.FloatInference;
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
            float[] fw = w;
            float[] fb = b;
            if (bn) {
                String p = "features." + (idx + 1) + ".";
                float[] gamma = uniform(r, outC, 0.5, 1.5);
                float[] beta = randn(r, outC, 0.1);
                float[] mean = randn(r, outC, 0.1);
                float[] var = uniform(r, outC, 0.2, 2);
                d.put(p + "weight", T.f32(gamma, outC));
                d.put(p + "bias", T.f32(beta, outC));
                d.put(p + "running_mean", T.f32(mean, outC));
                d.put(p + "running_var", T.f32(var, outC));
                d.put(p + "num_batches_tracked", T.i64(7));
                fw = new float[w.length];
                fb = new float[outC];
                for (int o = 0; o < outC; o++) {
                    double sc = gamma[o] / Math.sqrt(var[o] + 1e-5);
                    for (int i = 0; i < inC * 9; i++) {
                        fw[o * inC * 9 + i] = (float) (w[o * inC * 9 + i] * sc);
                    }
                    fb[o] = (float) ((b[o] - mean[o]) * sc + beta[o]);
                }
            }
            layers.add(new FloatLayer.Conv("features." + idx, cur, inC, outC, 3, 1, 1, fw, fb, new Skip.None()));
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

    @Test
    void imagenetClassifierAndBrokenLayoutsAreRefusedClearly(@TempDir Path dir) throws IOException {
        StateDictImportTest.Case c = randomVgg(5, cfgA(16), false, 10);
        Map<String, T> tv = new LinkedHashMap<>(c.dict());
        T w = tv.remove("classifier.weight");
        tv.remove("classifier.bias");
        tv.put("classifier.0.weight", w);
        Path f = dir.resolve("tv.safetensors");
        Files.write(f, SafetensorsWriter.write(tv));
        QuantizerException e = assertThrows(QuantizerException.class, () -> Importers.load(f, null));
        assertTrue(e.getMessage().contains("dense layers") && e.getMessage().contains("CIFAR variant"), e.getMessage());

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
