package foldproof.quantizer.importers;

import foldproof.quantizer.QuantizerException;
import foldproof.quantizer.importers.SafetensorsWriter.T;
import foldproof.quantizer.model.FloatLayer;
import foldproof.quantizer.model.FloatLayer.Activation;
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
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MobileNetV2 state dicts against directly built networks. Names and shapes follow torchvision
 * {@code torchvision/models/mobilenetv2.py} at pytorch/vision 0256d651009f1c17faec52bb3ad6b5e35d04beb3:
 * {@code features.0} = ConvNormActivation(3, 32, stride 2) ({@code .0} conv without bias, {@code .1} BatchNorm2d,
 * ReLU6); each {@code InvertedResidual} a Sequential {@code conv} of [ConvNormActivation 1x1 expand if t != 1,
 * ConvNormActivation 3x3 depthwise ({@code groups = hidden}, weight [hidden, 1, 3, 3}), Conv2d 1x1 without bias,
 * BatchNorm2d]; {@code features.18} = ConvNormActivation(320, 1280, 1x1); {@code classifier} = [Dropout, Linear]. The
 * torchvision widths (32, 16-24-32-64-96-160-320, 1280) are divided by {@code div} to keep the test small (any
 * width multiplier gives this layout).
 */
class MobileNetV2ImportTest {
    /** t, c, n, s of torchvision's {@code inverted_residual_setting}. */
    private static final int[][] SETTING = {{1, 16, 1, 1}, {6, 24, 2, 2}, {6, 32, 3, 2}, {6, 64, 4, 2}, {6, 96, 3, 1}, {6, 160, 3, 2}, {6, 320, 1, 1}};

    /** Writes one conv + BN in torchvision names and returns the folded FloatLayer (also added to {@code layers}). */
    private static int convBn(Random r, Map<String, T> d, List<FloatLayer> layers, String conv, String bn, int input, int inC, int outC,
                              int k, int stride, boolean depthwise, Activation act, Skip skip) {
        int per = (depthwise ? 1 : inC) * k * k;
        float[] w = randn(r, outC * per, Math.sqrt(2.0 / per));
        d.put(conv + ".weight", T.f32(w, outC, depthwise ? 1 : inC, k, k));
        float[][] f = StateDictImportTest.randomBnFolded(r, d, bn + ".", w, null, outC, per, 3);
        layers.add(new FloatLayer.Conv(conv, input, inC, outC, k, stride, k / 2, f[0], f[1], skip, null, depthwise ? inC : 1, act));
        return layers.size();
    }

    static StateDictImportTest.Case randomMobileNetV2(long seed, int div, int classes) {
        Random r = new Random(seed);
        Map<String, T> d = new LinkedHashMap<>();
        List<FloatLayer> layers = new ArrayList<>();
        Skip none = new Skip.None();
        int inC = 32 / div;
        int t = convBn(r, d, layers, "features.0.0", "features.0.1", 0, 3, inC, 3, 2, false, Activation.RELU6, none);
        int idx = 1;
        for (int[] st : SETTING) {
            int outC = st[1] / div;
            for (int j = 0; j < st[2]; j++, idx++) {
                int stride = j == 0 ? st[3] : 1;
                String p = "features." + idx + ".conv.";
                int hidden = inC * st[0];
                int x = t;
                int m = 0;
                if (st[0] != 1) {
                    x = convBn(r, d, layers, p + "0.0", p + "0.1", x, inC, hidden, 1, 1, false, Activation.RELU6, none);
                    m = 1;
                }
                x = convBn(r, d, layers, p + m + ".0", p + m + ".1", x, hidden, hidden, 3, stride, true, Activation.RELU6, none);
                Skip skip = stride == 1 && inC == outC ? new Skip.Identity(t) : none;
                t = convBn(r, d, layers, p + (m + 1), p + (m + 2), x, hidden, outC, 1, 1, false, Activation.NONE, skip);
                inC = outC;
            }
        }
        int last = 1280 / div;
        t = convBn(r, d, layers, "features.18.0", "features.18.1", t, inC, last, 1, 1, false, Activation.RELU6, none);
        StateDictImportTest.head(r, d, layers, "classifier.1.", "classifier.1", t, last, classes);
        Preprocess pre = Preprocess.imagenet(224);
        return new StateDictImportTest.Case(d, new FloatNet("expected", pre, new Shape(3, 224, 224), layers, null));
    }

    @Test
    void torchvisionNamesImportAsTheNetwork(@TempDir Path dir) throws IOException {
        StateDictImportTest.Case c = randomMobileNetV2(2, 8, 10);
        Path f = dir.resolve("mobilenet_v2.safetensors");
        Files.write(f, SafetensorsWriter.write(c.dict()));
        Importers.Imported imp = Importers.importModel(f, null, Arch.AUTO);
        System.out.println(imp.detected());
        assertEquals(Arch.MOBILENETV2, imp.arch());
        NetAssert.assertSameNet(c.expected(), imp.net(), 1e-6, true);
        FloatNet n = imp.net();
        assertEquals(52 + 1, n.layers().size(), "52 convs and the classifier");
        assertEquals(new Shape(160, 7, 7), n.shapes().get(52), "features.18: 1280 / 8 channels on a 7x7 map at 224");
        int residual = 0;
        for (FloatLayer l : n.layers()) {
            residual += l instanceof FloatLayer.Conv cv && cv.skip() instanceof Skip.Identity ? 1 : 0;
        }
        assertEquals(10, residual);
        for (FloatLayer.BnStats bn : n.layers().stream().filter(l -> l instanceof FloatLayer.Conv).map(l -> ((FloatLayer.Conv) l).bn()).toList()) {
            assertTrue(bn != null, "every conv keeps its BatchNorm statistics (data-free calibration)");
        }
        // data-free quantization (ranges from the BatchNorm statistics: ReLU6 capped at 6, linear ones by magnitude)
        foldproof.quantizer.model.QModel q = foldproof.quantizer.quant.Quantizer.quantizeDataFree(n,
                foldproof.quantizer.quant.Calibration.DEFAULT, foldproof.quantizer.quant.DataFreeCalibration.DEFAULT_SPREAD);
        byte[] file = foldproof.quantizer.quant.ModelFile.toBytes(q);
        assertEquals(foldproof.quantizer.quant.ModelFile.GROUPED_VERSION, file[5]);
        foldproof.quantizer.model.QModel back = foldproof.quantizer.quant.ModelFile.fromBytes(file);
        float[] x = randn(new Random(9), 3 * 224 * 224, 1);
        assertEquals(10, foldproof.quantizer.quant.IntInference.run(back, foldproof.quantizer.quant.InputQuantizer.quantize(back, x)).logits().length);
        for (int i = 0; i < n.layers().size() - 1; i++) {
            FloatLayer.Conv cv = (FloatLayer.Conv) n.layers().get(i);
            if (cv.act() == Activation.RELU6) {
                assertTrue(q.scales()[i + 1] <= 6.0 / 255, cv.name() + ": a ReLU6 scale is at most 6/255");
            }
        }
    }

    @Test
    void wrongLayoutsAreRefusedNamingTheTensor(@TempDir Path dir) throws IOException {
        StateDictImportTest.Case c = randomMobileNetV2(3, 8, 10);
        Path f = dir.resolve("m.safetensors");
        // a dense 3x3 where the depthwise conv belongs
        Map<String, T> dense = new LinkedHashMap<>(c.dict());
        dense.put("features.2.conv.1.0.weight", T.f32(new float[12 * 12 * 9], 12, 12, 3, 3));
        Files.write(f, SafetensorsWriter.write(dense));
        QuantizerException e = assertThrows(QuantizerException.class, () -> Importers.load(f, null));
        assertTrue(e.getMessage().contains("features.2.conv.1.0") && e.getMessage().contains("(depthwise)"), e.getMessage());
        // one block fewer: the strides of the layout are unknown
        Map<String, T> shorter = new LinkedHashMap<>(c.dict());
        shorter.keySet().removeIf(k -> k.startsWith("features.17.") || k.startsWith("features.18."));
        Files.write(f, SafetensorsWriter.write(shorter));
        e = assertThrows(QuantizerException.class, () -> Importers.importModel(f, null, Arch.MOBILENETV2));
        assertTrue(e.getMessage().contains("found 16 inverted residual blocks"), e.getMessage());
    }

    @Test
    void everyDroppedRenamedOrTruncatedTensorIsAOneLineRefusal(@TempDir Path dir) throws IOException {
        StateDictImportTest.Case c = randomMobileNetV2(4, 8, 5);
        Map<String, T> dict = c.dict();
        Path f = dir.resolve("m.safetensors");
        int refused = 0;
        for (String k : dict.keySet()) {
            for (String renamed : new String[] {null, k.replace("weight", "wieght").replace("running", "runing").replace("bias", "bais")}) {
                Map<String, T> d = new LinkedHashMap<>(dict);
                T t = d.remove(k);
                if (renamed != null && !renamed.equals(k)) {
                    d.put(renamed, t);
                }
                Files.write(f, SafetensorsWriter.write(d));
                for (Arch a : new Arch[] {Arch.AUTO, Arch.MOBILENETV2}) {
                    try {
                        Importers.importModel(f, null, a);
                        assertTrue(k.endsWith("num_batches_tracked"), "dropping " + k + " must be refused");
                    } catch (QuantizerException e) {
                        assertTrue(e.getMessage() != null && !e.getMessage().contains("\n"), e.getMessage());
                        refused++;
                    }
                }
            }
        }
        byte[] good = SafetensorsWriter.write(dict);
        for (int cut : new int[] {0, 9, 100, good.length / 3, good.length / 2, good.length - 1}) {
            Files.write(f, java.util.Arrays.copyOf(good, cut));
            assertThrows(QuantizerException.class, () -> Importers.importModel(f, null, Arch.AUTO), "cut at " + cut);
        }
        long counters = dict.keySet().stream().filter(k -> k.endsWith("num_batches_tracked")).count();
        assertEquals(52, counters, "one BatchNorm per conv");
        // every tensor but the BatchNorm counters, dropped or renamed, read by detection and by --arch mobilenetv2
        assertEquals(4 * (dict.size() - counters), refused);
    }

    /**
     * The same network as torch.onnx exports it (grouped Conv with {@code group}, ReLU6 as Clip(x, 0, 6) with constant
     * bounds, the linear bottleneck read straight from its Conv, residual Add): the ONNX import equals the state-dict
     * import, onnxruntime agrees with the float path, and the quantizer and integer network take it.
     */
    @Test
    void onnxExportImportsAlikeAndOnnxruntimeAgrees(@TempDir Path dir) throws Exception {
        StateDictImportTest.Case c = randomMobileNetV2(5, 8, 10);
        Path st = dir.resolve("m.safetensors");
        Files.write(st, SafetensorsWriter.write(c.dict()));
        FloatNet fromDict = Importers.load(st, null);
        byte[] onnx = OnnxWriter.write(c.expected());
        Path o = dir.resolve("m.onnx");
        Files.write(o, onnx);
        FloatNet fromOnnx = Importers.load(o, null);
        NetAssert.assertSameNet(c.expected(), fromOnnx, 0, false);
        Random r = new Random(52);
        float[] x = randn(r, 3 * 224 * 224, 1);
        OnnxRuntimeOracleTest.assertClose(OnnxRuntimeOracleTest.onnxruntime(onnx, x, new long[] {1, 3, 224, 224}),
                foldproof.quantizer.quant.FloatInference.run(fromDict, x), "mobilenetv2/8 input 0");
        foldproof.quantizer.model.QModel q = foldproof.quantizer.quant.Quantizer.quantize(fromOnnx, List.of(x));
        assertEquals(10, foldproof.quantizer.quant.IntInference.run(q, foldproof.quantizer.quant.InputQuantizer.quantize(q, x)).logits().length);
    }

    @Test
    void onnxClipOtherThanRelu6IsRefusedNamingTheNode(@TempDir Path dir) throws IOException {
        OnnxWriter w = new OnnxWriter();
        String c = w.conv("conv", "x", 4, 4, 3, 1, 1, new float[4 * 9], new float[4], 4);
        String clip = w.node("Clip", "my_clip", List.of(c, w.init(new float[] {0f}), w.init(new float[] {1f})));
        Path f = dir.resolve("clip.onnx");
        Files.write(f, w.model("x", new long[] {1, 4, 8, 8}, clip, 4));
        QuantizerException e = assertThrows(QuantizerException.class, () -> Importers.load(f, null));
        assertTrue(e.getMessage().contains("my_clip") && e.getMessage().contains("only Clip(min 0, max 6)"), e.getMessage());
        OnnxWriter g = new OnnxWriter();
        String bad = g.conv("bad_group", "x", 4, 4, 3, 1, 1, new float[4 * 9], new float[4], 3);   // weight [4, 1, 3, 3]
        Path f2 = dir.resolve("group.onnx");
        Files.write(f2, g.model("x", new long[] {1, 4, 8, 8}, bad, 4));
        e = assertThrows(QuantizerException.class, () -> Importers.load(f2, null));
        assertTrue(e.getMessage().contains("bad_group") && e.getMessage().contains("group=3 does not divide"), e.getMessage());
    }
}
