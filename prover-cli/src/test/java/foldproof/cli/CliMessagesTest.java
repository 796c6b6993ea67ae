package foldproof.cli;

import foldproof.fixtures.DemoImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static foldproof.cli.CliUsageTest.assertBadInput;
import static foldproof.cli.CliUsageTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Messages that say what is wrong: no command, unknown command, a file that is no model, broken images, a blown-up image. */
class CliMessagesTest {
    @Test
    void noCommandPrintsUsageOnStderrAndExitsTwo() {
        CliUsageTest.Run r = run();
        assertEquals(2, r.code());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("error: no command given") && r.err().contains("Usage: foldproof"), r.err());
        assertEquals(0, run("--help").code(), "--help still succeeds");
        CliUsageTest.Run b = run("bench");
        assertEquals(2, b.code());
        assertTrue(b.err().contains("Usage: foldproof bench"), b.err());
    }

    @Test
    void unknownCommandNamesItAndListsTheCommands() {
        CliUsageTest.Run r = run("provee", "--image", "x.jpg");
        assertBadInput(r, "error: unknown command 'provee'");
        for (String c : new String[] {"demo", "prove", "verify", "infer", "eval", "quantize", "inspect", "check", "bench"}) {
            assertTrue(r.err().contains(c), c + " missing from: " + r.err());
        }
        CliUsageTest.Run b = run("bench", "nosuch");
        assertBadInput(b, "unknown command 'nosuch'");
        assertTrue(b.err().contains("msm, generators, depth") && !b.err().contains("prove-once"), b.err());
        assertBadInput(run("--nosuch"), "Unknown option");
    }

    @Test
    void aFileThatIsNoModelSaysWhatItLooksLike(@TempDir Path dir) throws IOException {
        Path img = dir.resolve("in.png");
        Files.write(img, DemoImages.png(1, 16, 16));
        Object[][] cases = {
                {"notes.fpq", "a quantized model, honest".getBytes(StandardCharsets.UTF_8), "it looks like text"},
                {"model.onnx", "ir_version: 7\ngraph { }\n".getBytes(StandardCharsets.UTF_8), "it looks like text"},
                {"photo.fpq", jpeg(), "it looks like a JPEG image"},
                {"model.bin", Files.readAllBytes(img), "it looks like a PNG image"},
                {"resnet.pt", new byte[] {'P', 'K', 3, 4, 20, 0, 0, 0}, "it looks like a ZIP archive"},
                {"empty.fpq", new byte[0], "it is an empty file"},
                {"noise.fpq", new byte[] {(byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef, 1, 2, 3, 4}, "it is named .fpq but does not start with the magic FPQM"},
                {"noise.bin", new byte[] {(byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef, 1, 2, 3, 4}, "it looks like unrecognised binary data"},
        };
        for (Object[] c : cases) {
            Path f = dir.resolve((String) c[0]);
            Files.write(f, (byte[]) c[1]);
            for (String cmd : new String[] {"infer", "prove"}) {
                String[] args = cmd.equals("infer") ? new String[] {"infer", "--model", f.toString(), "--image", img.toString()}
                        : new String[] {"prove", "--model", f.toString(), "--image", img.toString(), "--out", dir.resolve("p").toString()};
                CliUsageTest.Run r = run(args);
                assertBadInput(r, "not a model file: " + c[2]);
                assertTrue(r.err().contains("expected .fpq, ONNX or safetensors") && r.err().contains(f.toString()), r.err());
                assertFalse(r.err().contains("ONNX file:"), "not called a corrupt ONNX file: " + r.err());
            }
        }
    }

    @Test
    void truncatedOrCorruptImagesSaySo(@TempDir Path dir) throws IOException {
        byte[] jpg = jpeg();
        byte[] png = DemoImages.png(2, 16, 16);
        byte[] badCrc = png.clone();
        badCrc[png.length / 2] ^= 0x10;
        Object[][] cases = {
                {"half.jpg", Arrays.copyOf(jpg, jpg.length / 2), "truncated JPEG"},
                {"head.jpg", Arrays.copyOf(jpg, 40), "truncated JPEG"},
                {"half.png", Arrays.copyOf(png, png.length / 2), "truncated PNG"},
                {"noend.png", Arrays.copyOf(png, png.length - 12), "truncated PNG"},
                {"crc.png", badCrc, "corrupt PNG"},
        };
        for (Object[] c : cases) {
            Path f = dir.resolve((String) c[0]);
            Files.write(f, (byte[]) c[1]);
            CliUsageTest.Run r = run("check", "--model", "builtin:tiny", "--image", f.toString());
            assertBadInput(r, (String) c[2]);
            assertFalse(r.err().contains("CMYK"), "no CMYK hint for a damaged file: " + r.err());
        }
    }

    @Test
    void aBlownUpImageIsWarnedAbout(@TempDir Path dir) throws IOException {
        Path tiny = dir.resolve("1x1.png");
        BufferedImage one = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        one.setRGB(0, 0, 0x336699);
        ImageIO.write(one, "png", tiny.toFile());
        CliUsageTest.Run r = run("check", "--model", "builtin:tiny", "--image", tiny.toString(), "--no-progress");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().startsWith("warning: image " + tiny + " is 1x1 pixels: upscaled 16.0x"), r.err());
        Path fine = dir.resolve("16.png");
        Files.write(fine, DemoImages.png(3, 16, 16));
        assertEquals("", run("check", "--model", "builtin:tiny", "--image", fine.toString(), "--no-progress").err());
        Path four = dir.resolve("4.png");
        Files.write(four, DemoImages.png(3, 4, 4));
        assertEquals("", run("check", "--model", "builtin:tiny", "--image", four.toString(), "--no-progress").err(), "4x is not warned");
    }

    private static byte[] jpeg() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        ImageIO.write(DemoImages.generate(1, 64, 64), "jpg", b);
        return b.toByteArray();
    }
}
