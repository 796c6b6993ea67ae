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
        ModelFile.Loaded loaded = ModelFile.readFile(f);
        assertEquals(ModelFile.VERSION, loaded.version());
        assertFalse(loaded.legacy());
        QModel r = loaded.model();
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

    /** {@code body} (a version-2 file without its checksum, possibly altered) with a correct checksum appended. */
    static byte[] seal(byte[] body) {
        byte[] file = Arrays.copyOf(body, body.length + ModelFile.CHECKSUM_BYTES);
        System.arraycopy(ModelFile.sha256(body, 0, body.length), 0, file, body.length, ModelFile.CHECKSUM_BYTES);
        return file;
    }

    @Test
    void trailingBytesAndBadHeaderAreRejected() {
        QModel m = RandomQModels.every(6, 10, 9);
        byte[] b = ModelFile.toBytes(m);
        byte[] longer = Arrays.copyOf(b, b.length + 1);
        assertEquals(ModelFile.CORRUPTED, assertThrows(QuantizerException.class, () -> ModelFile.fromBytes(longer)).getMessage());
        byte[] body = ModelFile.encode(m, ModelFile.VERSION);
        byte[] sealedLonger = seal(Arrays.copyOf(body, body.length + 1));
        assertTrue(assertThrows(QuantizerException.class, () -> ModelFile.fromBytes(sealedLonger)).getMessage().contains("trailing"));
        byte[] legacy = ModelFile.encode(m, ModelFile.LEGACY_VERSION);
        byte[] legacyLonger = Arrays.copyOf(legacy, legacy.length + 1);
        assertTrue(assertThrows(QuantizerException.class, () -> ModelFile.fromBytes(legacyLonger)).getMessage().contains("trailing"));
        byte[] magic = b.clone();
        magic[0] = 'X';
        assertTrue(assertThrows(QuantizerException.class, () -> ModelFile.fromBytes(magic)).getMessage().contains("magic"));
        byte[] version = b.clone();
        version[5] = 9;
        assertTrue(assertThrows(QuantizerException.class, () -> ModelFile.fromBytes(version)).getMessage().contains("version"));
    }

    /** The strict parser on its own (version 1 has no checksum to stop a flip first). */
    @Test
    void legacyRandomByteFlipsFailCleanlyOrChangeTheDigest() {
        long seed = 20261122L;
        System.out.println("seed " + seed);
        Random r = new Random(seed);
        QModel m = RandomQModels.every(7, 10, 9);
        byte[] b = ModelFile.encode(m, ModelFile.LEGACY_VERSION);
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
        // the name length field (offset 6) claims 2^31-1 bytes; resealed, so the parser (not the checksum) refuses it
        byte[] c = Arrays.copyOf(b, b.length - ModelFile.CHECKSUM_BYTES);
        c[6] = 0x7F;
        c[7] = (byte) 0xFF;
        byte[] sealed = seal(c);
        assertTrue(assertThrows(QuantizerException.class, () -> ModelFile.fromBytes(sealed)).getMessage().contains("name length"));
    }

    /**
     * Weights and biases longer than one {@link ModelFile#CHUNK} (the encoder writes them chunk by chunk, the
     * file is read chunk by chunk): the file round-trips through the parser's independent bulk reads.
     */
    @Test
    void tensorsLongerThanAChunkRoundTrip() {
        Random r = new Random(20261207L);
        int outC = 1000;   // 27,000 conv weights and 1,000 biases (8,000 bytes) > 16,384 ints per chunk
        int[] w = new int[outC * 3 * 9];
        for (int j = 0; j < w.length; j++) {
            w[j] = r.nextInt(255) - 127;
        }
        long[] b = new long[outC];
        for (int j = 0; j < b.length; j++) {
            b[j] = r.nextInt(1 << 16) - (1 << 15);
        }
        int[] hw = new int[2 * outC];
        for (int j = 0; j < hw.length; j++) {
            hw[j] = r.nextInt(255) - 127;
        }
        QModel m = new QModel("big", "tensors over a chunk", foldproof.quantizer.model.Preprocess.cifar(4),
                new foldproof.quantizer.model.Shape(3, 4, 4), 0.1, new double[] {0.1, 0.1, 0.1}, java.util.List.of(
                new foldproof.quantizer.model.QLayer.Conv("stem", 0, 3, outC, 3, 4, 0, w, b, 9, new foldproof.quantizer.model.QLayer.QSkip.None()),
                new foldproof.quantizer.model.QLayer.Head("fc", 1, outC, 2, hw, new long[] {5, -5}, 0.01)), null);
        Path f = dir.resolve("big.fpq");
        ModelFile.write(m, f);
        assertTrue(ModelFile.CHUNK < 4 * w.length && ModelFile.CHUNK < 8 * b.length + 4 * w.length);
        QModel back = ModelFile.read(f);
        var c = (foldproof.quantizer.model.QLayer.Conv) back.layers().get(0);
        assertArrayEquals(w, c.w());
        assertArrayEquals(b, c.b());
        assertArrayEquals(hw, ((foldproof.quantizer.model.QLayer.Head) back.layers().get(1)).w());
        assertArrayEquals(ModelFile.digest(m), ModelFile.digest(back));
    }

    /** The parser's canonical-form check compares the encoding as it is produced: every byte, and the length. */
    @Test
    void encodesToComparesEveryByteAndTheLength() {
        QModel m = RandomQModels.every(9, 10, 9);
        byte[] body = ModelFile.encode(m, ModelFile.VERSION);
        assertTrue(ModelFile.encodesTo(m, ModelFile.VERSION, body, body.length));
        assertFalse(ModelFile.encodesTo(m, ModelFile.LEGACY_VERSION, body, body.length));
        assertFalse(ModelFile.encodesTo(m, ModelFile.VERSION, body, body.length - 1));
        byte[] longer = Arrays.copyOf(body, body.length + 1);
        assertFalse(ModelFile.encodesTo(m, ModelFile.VERSION, longer, longer.length));
        assertTrue(ModelFile.encodesTo(m, ModelFile.VERSION, longer, body.length));
        for (int pos = 0; pos < body.length; pos += 1 + pos / 16) {
            byte[] c = body.clone();
            c[pos] ^= 1;
            assertFalse(ModelFile.encodesTo(m, ModelFile.VERSION, c, c.length), "flip at " + pos);
        }
    }

    @Test
    void missingFileIsAQuantizerException() {
        assertThrows(QuantizerException.class, () -> ModelFile.read(dir.resolve("absent.fpq")));
        assertTrue(Files.notExists(dir.resolve("absent.fpq")));
    }
}
