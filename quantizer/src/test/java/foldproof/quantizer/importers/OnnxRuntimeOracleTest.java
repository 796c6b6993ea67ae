package foldproof.quantizer.importers;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import foldproof.quantizer.model.FloatNet;
import foldproof.quantizer.model.Preprocess;
import foldproof.quantizer.quant.FloatInference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

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
