package foldproof.quantizer.quant;

import foldproof.quantizer.QuantizerException;
import foldproof.quantizer.model.QModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The version-2 checksum: corruption anywhere is refused, and the model digest is the version-1 one. */
class ModelFileIntegrityTest {
    /**
     * {@code ModelFile.digestHex(RandomQModels.every(3, 10, 9))} as computed by the version-1 code (commit
     * 6d18373, before the checksum): the digest existing proofs bind must not move.
     */
    private static final String V1_DIGEST = "216d654fe110059768fa603e7f184f42dbbac9b7f97d139a13e06a8269521aca";

    @TempDir
    Path dir;

    @Test
    void everyFlippedByteIsRefused() throws IOException {
        long seed = 1818L;
        System.out.println("seed " + seed);
        Random r = new Random(seed);
        byte[] good = ModelFile.toBytes(RandomQModels.every(11, 10, 9));
        int trailer = good.length - ModelFile.CHECKSUM_BYTES;
        Path f = dir.resolve("m.fpq");
        int header = 0;
        int body = 0;
        int sum = 0;
        for (int trial = 0; trial < 200; trial++) {
            // every header byte (magic, version), then offsets uniform over the whole file
            int pos = trial < 6 ? trial : r.nextInt(good.length);
            byte[] bad = good.clone();
            bad[pos] ^= (byte) (1 + r.nextInt(255));
            Files.write(f, bad);
            QuantizerException e = assertThrows(QuantizerException.class, () -> ModelFile.readFile(f), "flip at " + pos + " loaded");
            String msg = e.getMessage();
            if (pos < 6) {
                header++;
                assertTrue(msg.startsWith("model file " + f + ": ")
                        && (msg.contains("magic") || msg.contains("version") || msg.contains("trailing")), "flip at " + pos + ": " + msg);
            } else {
                if (pos >= trailer) {
                    sum++;
                } else {
                    body++;
                }
                assertEquals("model file " + f + " is corrupted: checksum mismatch", msg, "flip at " + pos);
            }
        }
        assertTrue(header >= 6 && body >= 64 && sum >= 1, "header " + header + ", body " + body + ", checksum " + sum);
    }

    @Test
    void digestIsTheVersionOneDigest() {
        QModel m = RandomQModels.every(3, 10, 9);
        byte[] v1 = ModelFile.encode(m, ModelFile.LEGACY_VERSION);
        byte[] v2 = ModelFile.toBytes(m);
        assertEquals(V1_DIGEST, ModelFile.digestHex(m));
        assertEquals(V1_DIGEST, ModelFile.hex(ModelFile.sha256(v1, 0, v1.length)));
        assertEquals(V1_DIGEST, ModelFile.hex(ModelFile.digestOfBytes(v1)));
        assertEquals(V1_DIGEST, ModelFile.hex(ModelFile.digestOfBytes(v2)));
        assertEquals(v1.length + ModelFile.CHECKSUM_BYTES, v2.length);
        assertEquals(ModelFile.VERSION, v2[5]);
        assertEquals(ModelFile.LEGACY_VERSION, v1[5]);

        ModelFile.Loaded old = ModelFile.parse(v1);
        assertEquals(ModelFile.LEGACY_VERSION, old.version());
        assertTrue(old.legacy());
        assertEquals(V1_DIGEST, ModelFile.digestHex(old.model()));
        assertArrayEquals(v2, ModelFile.toBytes(old.model()), "a version-1 file rewrites to the version-2 file of the same model");
        assertFalse(ModelFile.parse(v2).legacy());
    }

    @Test
    void legacyFilesLoadAndSayLegacy() throws IOException {
        QModel m = RandomQModels.every(12, 10, 9);
        Path f = dir.resolve("old.fpq");
        Files.write(f, ModelFile.encode(m, ModelFile.LEGACY_VERSION));
        ModelFile.Loaded l = ModelFile.readFile(f);
        assertTrue(l.legacy());
        assertArrayEquals(ModelFile.digest(m), ModelFile.digest(l.model()));
    }
}
