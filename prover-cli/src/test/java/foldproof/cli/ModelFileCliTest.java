package foldproof.cli;

import foldproof.fixtures.DemoImages;
import foldproof.fixtures.DemoModels;
import foldproof.quantizer.quant.ModelFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static foldproof.cli.QuantizerCommandsTest.assertBadInput;
import static foldproof.cli.QuantizerCommandsTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Model file integrity through the CLI: a corrupted file is refused, a version-1 file loads with a warning. */
class ModelFileCliTest {
    @TempDir
    Path dir;

    @Test
    void corruptedFileIsRefusedAndLegacyFileWarns() throws IOException {
        Path img = dir.resolve("x.png");
        Files.write(img, DemoImages.png(5, 16, 16));
        byte[] v2 = ModelFile.toBytes(DemoModels.tiny());

        Path bad = dir.resolve("bad.fpq");
        byte[] flipped = v2.clone();
        flipped[v2.length / 2] ^= 0x10;
        Files.write(bad, flipped);
        assertBadInput(run("infer", "--model", bad.toString(), "--image", img.toString()),
                "model file " + bad + " is corrupted: checksum mismatch");

        // a version-1 file: the same bytes without the 32-byte checksum, version field 1
        byte[] v1 = Arrays.copyOf(v2, v2.length - 32);
        v1[5] = 1;
        Path old = dir.resolve("old.fpq");
        Files.write(old, v1);
        QuantizerCommandsTest.Run r = run("infer", "--model", old.toString(), "--image", img.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("warning: model file " + old + " is format version 1, without a checksum"), r.err());
        assertEquals(ModelFile.digestHex(DemoModels.tiny()), ModelSource.resolve(old.toString(), null, null,
                new java.io.PrintWriter(java.io.Writer.nullWriter())).digestHex(), "a version-1 file has the same digest");

        Path good = dir.resolve("good.fpq");
        Files.write(good, v2);
        QuantizerCommandsTest.Run g = run("infer", "--model", good.toString(), "--image", img.toString());
        assertEquals(0, g.code(), g.err());
        assertFalse(g.err().contains("warning"), g.err());
    }
}
