package foldproof.quantizer.importers;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import foldproof.quantizer.QuantizerException;
import foldproof.quantizer.model.FloatLayer;
import foldproof.quantizer.model.FloatNet;
import foldproof.quantizer.model.Preprocess;
import foldproof.quantizer.quant.FloatInference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * An independent float oracle for every ResNet family: onnxruntime (Java binding, test scope) runs the ONNX graph
 * of a directly built random network, and the Java float inference runs what the importers make of the same
 * weights written as a state dict (BatchNorm unfolded, folded by the importer) and as ONNX. The logits must agree
 * to float precision. Skips only where onnxruntime's native library cannot load on the platform.
 */
class OnnxRuntimeOracleTest {
    private static final double TOL = 2e-4;

    @Test
    void bottleneckImageNetTopology(@TempDir Path dir) throws Exception {
        StateDictImportTest.Case c = BottleneckImportTest.randomBottleneck(9101, new int[] {2, 1, 2, 1}, new int[] {4, 8, 8, 16}, 7, 7,
                false, false, Preprocess.imagenet(64));
        compare(dir, c, "{\"preprocess\": {\"crop\": 64}}", 9101);
    }

    @Test
    void bottleneckCifarTopology(@TempDir Path dir) throws Exception {
        StateDictImportTest.Case c = BottleneckImportTest.randomBottleneck(9102, new int[] {1, 2, 1}, new int[] {8, 8, 16}, 3, 10,
                true, false, Preprocess.cifarDatasetNorm(32));
        compare(dir, c, null, 9102);
    }

    @Test
    void basicBlockImageNetTopology(@TempDir Path dir) throws Exception {
        StateDictImportTest.Case c = StateDictImportTest.randomResNet(9103, new int[] {2, 2, 2, 2}, new int[] {8, 16, 16, 32}, 7, 5,
                false, Preprocess.imagenet(64));
        compare(dir, c, "{\"preprocess\": {\"crop\": 64}}", 9103);
    }

    @Test
    void constantMulAndAddFoldIntoTheConvAndTheHead(@TempDir Path dir) throws Exception {
        // conv -> Mul [C,1,1] -> Add [1,C,1,1] -> Relu -> conv -> Add scalar -> Add (residual) -> Relu -> GAP -> Gemm
        // -> Mul scalar -> Add [1,classes], as exports of scaled or re-biased layers look.
        Random r = new Random(77);
        OnnxWriter w = new OnnxWriter();
        String c1 = w.conv("c1", "input", 4, 3, 3, 1, 1, NetAssert.randn(r, 108, 0.3), NetAssert.randn(r, 4, 0.1));
        String m = w.node("Mul", "scale", List.of(c1, w.init(NetAssert.uniform(r, 4, 0.5, 2), 4, 1, 1)));
        String a = w.node("Add", "shift", List.of(w.init(NetAssert.randn(r, 4, 0.2), 1, 4, 1, 1), m));
        String y1 = w.node("Relu", "r1", List.of(a));
        String c2 = w.conv("c2", y1, 4, 4, 3, 1, 1, NetAssert.randn(r, 144, 0.3), NetAssert.randn(r, 4, 0.1));
        String a2 = w.node("Add", "shift2", List.of(c2, w.init(new float[] {0.25f}, 1)));
        String res = w.node("Add", "residual", List.of(a2, y1));
        String y2 = w.node("Relu", "r2", List.of(res));
        String p = w.node("GlobalAveragePool", "gap", List.of(y2));
        String f = w.node("Flatten", "flat", List.of(p), "axis", 1L);
        String g = w.node("Gemm", "fc", List.of(f, w.init(NetAssert.randn(r, 20, 0.3), 5, 4), w.init(NetAssert.randn(r, 5, 0.1), 5)),
                "transB", 1L);
        String gm = w.node("Mul", "temperature", List.of(g, w.init(new float[] {0.5f}, 1)));
        String ga = w.node("Add", "prior", List.of(gm, w.init(NetAssert.randn(r, 5, 0.3), 1, 5)));
        byte[] onnx = w.model("input", new long[] {1, 3, 8, 8}, ga, 5);
        Path file = dir.resolve("affine.onnx");
        Files.write(file, onnx);
        FloatNet net = Importers.load(file, null);
        assertEquals(3, net.layers().size(), "two convs and the head: every Mul and Add folded");
        for (int i = 0; i < 3; i++) {
            float[] x = NetAssert.randn(r, 3 * 64, 1);
            assertClose(onnxruntime(onnx, x, new long[] {1, 3, 8, 8}), FloatInference.run(net, x), "affine graph, input " + i);
        }

        // Refused: a Mul after the residual Add (it would scale the shortcut), a per-position constant.
        OnnxWriter w2 = new OnnxWriter();
        String d1 = w2.conv("d1", "input", 4, 3, 3, 1, 1, new float[108], new float[4]);
        String z1 = w2.node("Relu", "z1", List.of(d1));
        String d2 = w2.conv("d2", z1, 4, 4, 3, 1, 1, new float[144], new float[4]);
        String sum = w2.node("Add", "res", List.of(d2, z1));
        String bad = w2.node("Mul", "late_scale", List.of(sum, w2.init(new float[] {2f}, 1)));
        Files.write(file, w2.model("input", new long[] {1, 3, 8, 8}, bad, 4));
        QuantizerException e = assertThrows(QuantizerException.class, () -> Importers.load(file, null));
        assertTrue(e.getMessage().contains("late_scale") && e.getMessage().contains("shortcut"), e.getMessage());
        OnnxWriter w3 = new OnnxWriter();
        String e1 = w3.conv("e1", "input", 4, 3, 3, 1, 1, new float[108], new float[4]);
        String pos = w3.node("Add", "per_position", List.of(e1, w3.init(new float[4 * 64], 1, 4, 8, 8)));
        Files.write(file, w3.model("input", new long[] {1, 3, 8, 8}, pos, 4));
        e = assertThrows(QuantizerException.class, () -> Importers.load(file, null));
        assertTrue(e.getMessage().contains("per_position") && e.getMessage().contains("[1, 4, 8, 8]"), e.getMessage());
    }

    @Test
    void matMulClassifierWithAddBiasAndARefusedChain(@TempDir Path dir) throws Exception {
        Random r = new Random(78);
        OnnxWriter w = new OnnxWriter();
        String c = w.conv("c", "input", 6, 3, 3, 1, 1, NetAssert.randn(r, 162, 0.3), NetAssert.randn(r, 6, 0.1));
        String y = w.node("Relu", "r", List.of(c));
        String p = w.node("GlobalAveragePool", "gap", List.of(y));
        String f = w.node("Flatten", "flat", List.of(p), "axis", 1L);
        String mm = w.node("MatMul", "linear", List.of(f, w.init(NetAssert.randn(r, 24, 0.3), 6, 4)));
        String out = w.node("Add", "linear_bias", List.of(mm, w.init(NetAssert.randn(r, 4, 0.2), 4)));
        byte[] onnx = w.model("input", new long[] {1, 3, 8, 8}, out, 4);
        Path file = dir.resolve("matmul.onnx");
        Files.write(file, onnx);
        FloatNet net = Importers.load(file, null);
        assertEquals(2, net.layers().size());
        float[] x = NetAssert.randn(r, 3 * 64, 1);
        assertClose(onnxruntime(onnx, x, new long[] {1, 3, 8, 8}), FloatInference.run(net, x), "MatMul classifier");

        String second = w.node("MatMul", "fc2", List.of(out, w.init(NetAssert.randn(r, 8, 0.3), 4, 2)));
        Files.write(file, w.model("input", new long[] {1, 3, 8, 8}, second, 2));
        QuantizerException e = assertThrows(QuantizerException.class, () -> Importers.load(file, null));
        assertTrue(e.getMessage().contains("fc2") && e.getMessage().contains("separated by Relu"), e.getMessage());
    }

    /**
     * torchvision's VGG classifier as torch.onnx.export writes it (models/vgg.py at 02196ff4; at 1/64 scale): Flatten of
     * the ReLU'd, pooled map, Gemm (transB 1), Relu, Dropout, Gemm, Relu, Dropout, Gemm. Over a 4x4 map the first Gemm
     * becomes the 4x4 conv without padding, over a 1x1 map the 1x1 conv; the second the 1x1 conv, the last the head.
     * onnxruntime runs the same graph.
     */
    @Test
    void vggDenseChainImportsAsConvsAndAgreesWithOnnxruntime(@TempDir Path dir) throws Exception {
        for (int side : new int[] {8, 2}) {
            Random r = new Random(90 + side);
            OnnxWriter w = new OnnxWriter();
            String c = w.conv("features.0", "input", 4, 3, 3, 1, 1, NetAssert.randn(r, 108, 0.3), NetAssert.randn(r, 4, 0.1));
            String y = w.node("Relu", "features.1", List.of(c));
            String p = w.node("MaxPool", "features.2", List.of(y), "kernel_shape", new long[] {2, 2}, "strides", new long[] {2, 2});
            int map = side / 2;
            int flat = 4 * map * map;
            String f = w.node("Flatten", "flatten", List.of(p), "axis", 1L);
            String g0 = w.node("Gemm", "classifier.0", List.of(f, w.init(NetAssert.randn(r, 8 * flat, Math.sqrt(2.0 / flat)), 8, flat),
                    w.init(NetAssert.randn(r, 8, 0.1), 8)), "transB", 1L);
            String r1 = w.node("Relu", "classifier.1", List.of(g0));
            String d2 = w.node("Dropout", "classifier.2", List.of(r1));
            String g3 = w.node("Gemm", "classifier.3", List.of(d2, w.init(NetAssert.randn(r, 64, 0.5), 8, 8), w.init(NetAssert.randn(r, 8, 0.1), 8)),
                    "transB", 1L);
            String r4 = w.node("Relu", "classifier.4", List.of(g3));
            String d5 = w.node("Dropout", "classifier.5", List.of(r4));
            String g6 = w.node("Gemm", "classifier.6", List.of(d5, w.init(NetAssert.randn(r, 24, 0.3), 3, 8), w.init(NetAssert.randn(r, 3, 0.1), 3)),
                    "transB", 1L);
            byte[] onnx = w.model("input", new long[] {1, 3, side, side}, g6, 3);
            Path file = dir.resolve("vgg-tail" + side + ".onnx");
            Files.write(file, onnx);
            FloatNet net = Importers.load(file, null);
            assertEquals(5, net.layers().size(), "conv, max pool, two dense convs, head");
            FloatLayer.Conv fc6 = (FloatLayer.Conv) net.layers().get(2);
            assertEquals(map, fc6.kernel());
            assertEquals(0, fc6.pad());
            assertEquals(FloatLayer.Activation.RELU, fc6.act());
            FloatLayer.Conv fc7 = (FloatLayer.Conv) net.layers().get(3);
            assertEquals(1, fc7.kernel());
            assertEquals(FloatLayer.Activation.RELU, fc7.act());
            assertTrue(net.layers().get(4) instanceof FloatLayer.Head);
            for (int i = 0; i < 3; i++) {
                float[] x = NetAssert.randn(r, 3 * side * side, 1);
                assertClose(onnxruntime(onnx, x, new long[] {1, 3, side, side}), FloatInference.run(net, x), "VGG dense chain, map " + map + ", input " + i);
            }
            if (side == 8) {
                // the last Gemm of the flattened map without Relu is no classifier the circuits have
                Files.write(file, w.model("input", new long[] {1, 3, side, side}, g0, 8));
                QuantizerException e = assertThrows(QuantizerException.class, () -> Importers.load(file, null));
                assertTrue(e.getMessage().contains("not produced by a final Gemm"), e.getMessage());
            }
        }
    }

    private static void compare(Path dir, StateDictImportTest.Case c, String config, long seed) throws IOException, OrtException {
        System.out.println("seed " + seed);
        Path st = dir.resolve("model.safetensors");
        Files.write(st, SafetensorsWriter.write(c.dict()));
        Path onnx = dir.resolve("model.onnx");
        byte[] onnxBytes = OnnxWriter.write(c.expected());
        Files.write(onnx, onnxBytes);
        Path cfg = null;
        if (config != null) {
            cfg = dir.resolve("config.json");
            Files.writeString(cfg, config);
        }
        FloatNet fromDict = Importers.load(st, cfg);
        FloatNet fromOnnx = Importers.load(onnx, cfg);
        Random r = new Random(seed);
        long[] dims = {1, fromDict.input().c(), fromDict.input().h(), fromDict.input().w()};
        for (int i = 0; i < 3; i++) {
            float[] x = NetAssert.randn(r, fromDict.input().size(), 1);
            float[] want = onnxruntime(onnxBytes, x, dims);
            assertClose(want, FloatInference.run(fromDict, x), fromDict.name() + " state dict, input " + i);
            assertClose(want, FloatInference.run(fromOnnx, x), fromDict.name() + " ONNX, input " + i);
        }
    }

    /** The logits onnxruntime computes for {@code onnx} (input named {@code input}) on {@code x}; skips where it cannot load. */
    static float[] onnxruntime(byte[] onnx, float[] x, long[] dims) throws OrtException {
        OrtEnvironment env = environment();
        try (OrtSession s = env.createSession(onnx, new OrtSession.SessionOptions());
             OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), dims);
             OrtSession.Result res = s.run(Map.of("input", t))) {
            return ((float[][]) res.get(0).getValue())[0];
        }
    }

    private static OrtEnvironment environment() {
        try {
            return OrtEnvironment.getEnvironment();
        } catch (UnsatisfiedLinkError | ExceptionInInitializerError | NoClassDefFoundError e) {
            assumeTrue(false, "onnxruntime's native library does not load here: " + e);
            throw e;
        }
    }

    /** Agreement to {@code TOL} of the largest |logit|. */
    static void assertClose(float[] want, float[] got, String what) {
        double scale = 1e-6;
        for (float v : want) {
            scale = Math.max(scale, Math.abs(v));
        }
        double worst = 0;
        for (int j = 0; j < want.length; j++) {
            worst = Math.max(worst, Math.abs(want[j] - got[j]) / scale);
        }
        System.out.printf("%s: %d logits, max |diff| / max |logit| = %.2e%n", what, want.length, worst);
        assertTrue(worst < TOL, what + ": relative difference " + worst);
    }
}
