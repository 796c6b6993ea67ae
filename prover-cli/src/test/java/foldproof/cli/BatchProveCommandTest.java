package foldproof.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import foldproof.fixtures.DemoImages;
import foldproof.fixtures.DemoModels;
import foldproof.quantizer.model.QModel;
import foldproof.quantizer.quant.InputQuantizer;
import foldproof.quantizer.quant.IntInference;
import foldproof.quantizer.image.ImageLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code prove --images} and the batch output of {@code verify} in process on the tiny model: a folder of
 * three images, one line per image with the integer inference's label and logits, a JSON array, a
 * tampered batch rejected with exit code 1, usage errors with exit code 2.
 */
class BatchProveCommandTest {
    @TempDir
    static Path dir;
    static Path folder;
    static Path proof;
    static List<Path> images;

    @BeforeAll
    static void prove() throws IOException {
        QModel m = DemoModels.tiny();
        folder = Files.createDirectories(dir.resolve("batch"));
        images = List.of(folder.resolve("a.png"), folder.resolve("b.png"), folder.resolve("c.png"));
        for (int i = 0; i < images.size(); i++) {
            Files.write(images.get(i), DemoImages.png(21 + i, m.input().h(), m.input().w()));
        }
        proof = dir.resolve("batch.proof");
        ProveVerifyCommandTest.Run r = ProveVerifyCommandTest.run("prove", "--model", "builtin:tiny", "--images",
                folder.toString(), "--out", proof.toString(), "--seed", "9");
        System.out.println(r.out() + r.err());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("batch:      3 images"), r.out());
        for (int i = 0; i < 3; i++) {
            assertTrue(r.out().contains("image   " + i + ": " + images.get(i)), r.out());
        }
    }

    private static long[] logits(Path image) {
        QModel m = DemoModels.tiny();
        return IntInference.run(m, InputQuantizer.quantize(m, ImageLoader.load(image, m.preprocess()))).logits();
    }

    @Test
    void verifyPrintsOneLinePerImage() throws IOException {
        ProveVerifyCommandTest.Run r = ProveVerifyCommandTest.run("verify", proof.toString(), "--model", "builtin:tiny");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().startsWith("VALID: tiny-demo classifies each of the 3 hidden inputs"), r.out());
        for (int i = 0; i < 3; i++) {
            assertTrue(r.out().contains("logits " + Json.longs(logits(images.get(i)))), "image " + i + ": " + r.out());
        }
        ProveVerifyCommandTest.Run j = ProveVerifyCommandTest.run("verify", proof.toString(), "--model", "builtin:tiny", "--json");
        assertEquals(0, j.code());
        JsonNode arr = new ObjectMapper().readTree(j.out());
        assertTrue(arr.isArray(), j.out());
        assertEquals(3, arr.size());
        for (int i = 0; i < 3; i++) {
            assertEquals(i, arr.get(i).path("index").asInt());
            assertTrue(arr.get(i).path("valid").asBoolean());
            long[] expect = logits(images.get(i));
            int best = 0;
            for (int c = 1; c < expect.length; c++) {
                best = expect[c] > expect[best] ? c : best;
            }
            assertEquals(best, arr.get(i).path("label").asInt());
            assertEquals(expect[3], arr.get(i).path("logits").get(3).asLong());
        }
    }

    @Test
    void tamperedBatchIsRejected() throws IOException {
        byte[] b = Files.readAllBytes(proof);
        b[b.length / 2] ^= 0x10;
        Path bad = dir.resolve("bad.proof");
        Files.write(bad, b);
        ProveVerifyCommandTest.Run r = ProveVerifyCommandTest.run("verify", bad.toString(), "--model", "builtin:tiny");
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().startsWith("INVALID: "), r.out());
    }

    @Test
    void usageErrors() {
        String out = dir.resolve("x.proof").toString();
        assertEquals(2, ProveVerifyCommandTest.run("prove", "--model", "builtin:tiny", "--out", out).code(), "neither --image nor --images");
        assertEquals(2, ProveVerifyCommandTest.run("prove", "--model", "builtin:tiny", "--image", images.get(0).toString(),
                "--images", folder.toString(), "--out", out).code(), "both");
        assertEquals(2, ProveVerifyCommandTest.run("prove", "--model", "builtin:tiny", "--image", images.get(0).toString(),
                "--limit", "2", "--out", out).code(), "--limit without --images");
        assertEquals(2, ProveVerifyCommandTest.run("prove", "--model", "builtin:tiny", "--images", folder.toString(),
                "--engine", "gpu", "--out", out).code(), "unknown engine");
    }
}
