package foldproof.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import foldproof.fixtures.DemoImages;
import foldproof.fixtures.DemoModels;
import foldproof.fixtures.SharedData;
import foldproof.quantizer.model.QModel;
import foldproof.quantizer.quant.ModelFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** In-process tests of {@code infer}, {@code eval}, {@code quantize} and the error-to-exit-code mapping. */
class QuantizerCommandsTest {
    record Run(int code, String out, String err) { }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** Exit 2, exactly one line on stderr starting with "error:", no stack trace, nothing on stdout. */
    static void assertBadInput(Run r, String mustContain) {
        assertEquals(2, r.code(), r.err());
        String[] lines = r.err().strip().split("\n");
        assertEquals(1, lines.length, "one line expected:\n" + r.err());
        assertTrue(lines[0].startsWith("error: "), r.err());
        assertTrue(lines[0].contains(mustContain), "'" + mustContain + "' not in: " + r.err());
        assertFalse(r.err().contains("\tat "), "stack trace without --verbose");
        assertEquals("", r.out());
    }

    private static Path tinyModel(Path dir) {
        Path f = dir.resolve("tiny.fpq");
        ModelFile.write(DemoModels.tiny(), f);
        return f;
    }

    private static Path png(Path dir, String name, int size) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, DemoImages.png(5, size, size));
        return f;
    }

    @Test
    void inferOnAQuantizedFileShowsQuantizedOnly(@TempDir Path dir) throws IOException {
        Path m = tinyModel(dir);
        Path img = png(dir, "x.png", 16);
        Run r = run("infer", "--model", m.toString(), "--image", img.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("quantized results only"), r.out());
        assertTrue(r.out().contains("untrained demo weights"), r.out());
        assertEquals(5, r.out().lines().filter(l -> l.matches("^[1-5] .*")).count(), r.out());
        Run j = run("infer", "--model", m.toString(), "--image", img.toString(), "--json", "--top", "3");
        assertEquals(0, j.code(), j.err());
        JsonNode o = new ObjectMapper().readTree(j.out());
        assertTrue(o.get("float").isNull());
        assertEquals(3, o.get("quantized").size());
        double p = o.get("quantized").get(0).get("probability").asDouble();
        assertTrue(p > 0 && p <= 1);
    }

    @Test
    void badInputsExitTwoWithOneLine(@TempDir Path dir) throws IOException {
        Path m = tinyModel(dir);
        Path img = png(dir, "x.png", 16);
        assertBadInput(run("infer", "--model", dir.resolve("nope.onnx").toString(), "--image", img.toString()), "not found");
        assertBadInput(run("infer", "--model", m.toString(), "--image", dir.resolve("nope.png").toString()), "not found");
        Path txt = dir.resolve("notes.jpg");
        Files.writeString(txt, "not an image");
        assertBadInput(run("infer", "--model", m.toString(), "--image", txt.toString()), "not a readable image");
        Path bad = dir.resolve("bad.onnx");
        Files.write(bad, new byte[] {8, 7, 0x3a, (byte) 0xff, 1, 2, 3});
        assertBadInput(run("infer", "--model", bad.toString(), "--image", img.toString()), "ONNX");
        byte[] fpq = Files.readAllBytes(m);
        Path cut = dir.resolve("cut.fpq");
        Files.write(cut, java.util.Arrays.copyOf(fpq, fpq.length - 9));
        assertBadInput(run("infer", "--model", cut.toString(), "--image", img.toString()), "cut.fpq");
        assertBadInput(run("infer", "--model", m.toString(), "--image", img.toString(), "--arch", "onnx"), "quantized model file");

        Path emptyCalib = Files.createDirectories(dir.resolve("empty"));
        Path out = dir.resolve("out.fpq");
        assertBadInput(run("quantize", "--model", bad.toString(), "--calib", emptyCalib.toString(), "--out", out.toString()), "ONNX");
        assertFalse(Files.exists(out));
        Run v = run("infer", "--verbose", "--model", bad.toString(), "--image", img.toString());
        assertEquals(2, v.code());
        assertTrue(v.err().contains("\tat "), "--verbose prints the stack trace");
        assertEquals(2, run("infer", "--no-such-option").code());
    }

    @Test
    void realCifarModel(@TempDir Path dir) throws IOException {
        var onnx = SharedData.resolve("cifar10-resnet18/model.onnx");
        var dev = SharedData.resolve("cifar10-test-dev");
        assumeTrue(onnx.isPresent() && dev.isPresent(), "shared/data not present");
        String m = onnx.get().toString();
        Path cat = dev.get().resolve("cat").resolve("0000.jpg");

        Run inf = run("infer", "--model", m, "--image", cat.toString(), "--calib", dev.get().toString(), "--calib-limit", "20", "--json");
        assertEquals(0, inf.code(), inf.err());
        JsonNode o = new ObjectMapper().readTree(inf.out());
        assertEquals(5, o.get("float").size());
        assertEquals(5, o.get("quantized").size());
        assertTrue(o.get("detected").asText().contains("ONNX"), inf.out());

        Run ev = run("eval", "--model", m, "--calib", dev.get().toString(), "--calib-limit", "20", "--images", dev.get().toString(),
                "--limit", "40", "--json", "--no-progress");
        assertEquals(0, ev.code(), ev.err());
        assertEquals(1, ev.out().strip().lines().count(), ev.out());
        JsonNode e = new ObjectMapper().readTree(ev.out());
        assertEquals(40, e.get("images").asInt());
        for (String k : new String[] {"float_top1", "quant_top1", "agreement", "mean_cosine", "seconds"}) {
            assertTrue(e.has(k), k);
        }
        assertTrue(e.get("agreement").asDouble() >= 0.8, ev.out());
        assertTrue(e.get("float_top1").asDouble() >= 0.5, ev.out());

        Path out = dir.resolve("r18.fpq");
        Run q = run("quantize", "--model", m, "--calib", dev.get().toString(), "--calib-limit", "20", "--out", out.toString());
        assertEquals(0, q.code(), q.err());
        QModel qm = ModelFile.read(out);
        assertTrue(q.out().contains(ModelFile.digestHex(qm)), q.out());
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(1, s.count(), "no temporary files left behind");
        }
        Run qi = run("infer", "--model", out.toString(), "--image", cat.toString());
        assertEquals(0, qi.code(), qi.err());

        Path empty = Files.createDirectories(dir.resolve("empty"));
        Path out2 = dir.resolve("never.fpq");
        assertBadInput(run("quantize", "--model", m, "--calib", empty.toString(), "--out", out2.toString()), "no .jpg/.jpeg/.png");
        assertFalse(Files.exists(out2));
        assertBadInput(run("eval", "--model", m, "--images", dev.get().toString()), "--calib");
    }
}
