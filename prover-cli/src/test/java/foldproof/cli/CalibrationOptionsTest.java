package foldproof.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import foldproof.fixtures.SharedData;
import foldproof.quantizer.quant.ModelFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static foldproof.cli.QuantizerCommandsTest.assertBadInput;
import static foldproof.cli.QuantizerCommandsTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code --calib DIR | --data-free}, and data-free calibration as the default for models with BatchNorm statistics. */
class CalibrationOptionsTest {
    @Test
    void resnet20IsCalibratedDataFreeWithoutCalib(@TempDir Path dir) throws IOException {
        Optional<Path> r20 = SharedData.resolve("cifar10-resnet20/model.safetensors");
        Optional<Path> dev = SharedData.resolve("cifar10-test-dev");
        assumeTrue(r20.isPresent() && dev.isPresent(), "shared/data not present");
        String m = r20.get().toString();

        QuantizerCommandsTest.Run ev = run("eval", "--model", m, "--images", dev.get().toString(), "--limit", "40", "--json", "--no-progress");
        assertEquals(0, ev.code(), ev.err());
        JsonNode e = new ObjectMapper().readTree(ev.out());
        assertTrue(e.get("calibration").asText().startsWith("data-free"), ev.out());
        assertTrue(e.get("agreement").asDouble() >= 0.9, ev.out());

        Path out = dir.resolve("r20.fpq");
        QuantizerCommandsTest.Run q = run("quantize", "--model", m, "--out", out.toString());
        assertEquals(0, q.code(), q.err());
        assertTrue(q.out().contains("calib:  data-free"), q.out());
        assertTrue(ModelFile.read(out).description().contains("data-free"), "the model file says how it was calibrated");
        Path explicit = dir.resolve("explicit.fpq");
        assertEquals(0, run("quantize", "--model", m, "--data-free", "--out", explicit.toString()).code());
        assertEquals(ModelFile.digestHex(ModelFile.read(out)), ModelFile.digestHex(ModelFile.read(explicit)),
                "--data-free is the default, and deterministic");

        QuantizerCommandsTest.Run inf = run("infer", "--model", m, "--image", dev.get().resolve("cat").resolve("0000.jpg").toString(), "--json");
        assertEquals(0, inf.code(), inf.err());
        assertTrue(new ObjectMapper().readTree(inf.out()).get("calibration").asText().contains("data-free"), inf.out());

        assertBadInput(run("quantize", "--model", m, "--data-free", "--calib", dev.get().toString(), "--out", dir.resolve("x.fpq").toString()),
                "--data-free and --calib exclude each other");
        assertFalse(Files.exists(dir.resolve("x.fpq")));
    }

    /** The real ResNet-18 ONNX has BatchNorm folded before export: no data-free calibration, and the message says what to pass. */
    @Test
    void modelWithoutBatchNormStatisticsNeedsCalib(@TempDir Path dir) {
        Optional<Path> onnx = SharedData.resolve("cifar10-resnet18/model.onnx");
        Optional<Path> dev = SharedData.resolve("cifar10-test-dev");
        assumeTrue(onnx.isPresent() && dev.isPresent(), "shared/data not present");
        String m = onnx.get().toString();
        Path out = dir.resolve("r18.fpq");
        assertBadInput(run("quantize", "--model", m, "--out", out.toString()), "cannot be calibrated data-free");
        assertBadInput(run("quantize", "--model", m, "--data-free", "--out", out.toString()), "calibrate with images instead: --calib DIR");
        assertBadInput(run("eval", "--model", m, "--images", dev.get().toString(), "--limit", "10"), "--calib DIR");
        assertFalse(Files.exists(out));
    }

    /** The demo models fold their own BatchNorms: --data-free is refused, not silently replaced. */
    @Test
    void builtinDemoModelRefusesDataFree(@TempDir Path dir) {
        assertBadInput(run("quantize", "--model", "builtin:tiny", "--data-free", "--out", dir.resolve("t.fpq").toString()),
                "cannot be calibrated data-free");
    }
}
