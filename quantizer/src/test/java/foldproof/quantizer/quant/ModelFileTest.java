package foldproof.quantizer.quant;

import foldproof.quantizer.QuantizerException;
import foldproof.quantizer.model.QModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelFileTest {
    @TempDir
    Path dir;

    @Test
    void roundTripPreservesModelAndDigest() {
        QModel m = RandomQModels.every(3, 10, 9);
        Path f = dir.resolve("sub/m.fpq");
        ModelFile.write(m, f);
        QModel r = ModelFile.read(f);
        assertArrayEquals(ModelFile.toBytes(m), ModelFile.toBytes(r));
        assertArrayEquals(ModelFile.digest(m), ModelFile.digest(r));
        assertEquals(64, ModelFile.digestHex(m).length());
        int[] x = RandomQModels.input(2, m.input().size());
        assertArrayEquals(IntInference.run(m, x).logits(), IntInference.run(r, x).logits());
        assertEquals(m.name(), r.name());
        assertEquals(m.preprocess(), r.preprocess());
        assertArrayEquals(m.labels(), r.labels());
        assertFalse(Arrays.equals(ModelFile.digest(m), ModelFile.digest(RandomQModels.every(4, 10, 9))));
    }

    @Test
    void everyTruncationIsRejected() {
        byte[] b = ModelFile.toBytes(RandomQModels.every(5, 10, 9));
        for (int len = 0; len < b.length; len++) {
            byte[] cut = Arrays.copyOf(b, len);
            QuantizerException e = assertThrows(QuantizerException.class, () -> ModelFile.fromBytes(cut), "length " + len);
            assertFalse(e.getMessage().isBlank());
        }
    }

    @Test
    void trailingBytesAndBadHeaderAreRejected() {
        byte[] b = ModelFile.toBytes(RandomQModels.every(6, 10, 9));
        byte[] longer = Arrays.copyOf(b, b.length + 1);
        assertTrue(assertThrows(QuantizerException.class, () -> ModelFile.fromBytes(longer)).getMessage().contains("trailing"));
        byte[] magic = b.clone();
        magic[0] = 'X';
        assertTrue(assertThrows(QuantizerException.class, () -> ModelFile.fromBytes(magic)).getMessage().contains("magic"));
        byte[] version = b.clone();
        version[5] = 9;
        assertTrue(assertThrows(QuantizerException.class, () -> ModelFile.fromBytes(version)).getMessage().contains("version"));
    }

    @Test
    void randomByteFlipsFailCleanlyOrChangeTheDigest() {
        long seed = 20261122L;
        System.out.println("seed " + seed);
        Random r = new Random(seed);
        QModel m = RandomQModels.every(7, 10, 9);
        byte[] b = ModelFile.toBytes(m);
        byte[] digest = ModelFile.digest(m);
        for (int trial = 0; trial < 3000; trial++) {
            byte[] c = b.clone();
            int pos = r.nextInt(c.length);
            c[pos] ^= (byte) (1 + r.nextInt(255));
            try {
                QModel parsed = ModelFile.fromBytes(c);
                assertFalse(Arrays.equals(digest, ModelFile.digest(parsed)), "flip at " + pos + " parsed to the same digest");
            } catch (QuantizerException expected) {
                assertFalse(expected.getMessage().isBlank());
            }
        }
    }

    @Test
    void hugeDeclaredSizesDoNotAllocate() {
        byte[] b = ModelFile.toBytes(RandomQModels.every(8, 10, 9));
        // the name length field (offset 6) claims 2^31-1 bytes
        byte[] c = b.clone();
        c[6] = 0x7F;
        c[7] = (byte) 0xFF;
        assertThrows(QuantizerException.class, () -> ModelFile.fromBytes(c));
    }

    @Test
    void missingFileIsAQuantizerException() {
        assertThrows(QuantizerException.class, () -> ModelFile.read(dir.resolve("absent.fpq")));
        assertTrue(Files.notExists(dir.resolve("absent.fpq")));
    }
}
