package foldproof.quantizer.quant;

import foldproof.quantizer.QuantizerException;
import foldproof.quantizer.model.Preprocess;
import foldproof.quantizer.model.QLayer;
import foldproof.quantizer.model.QModel;
import foldproof.quantizer.model.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
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

    /**
     * A model with a grouped conv is written as version 3 and round-trips; a dense model stays version 2; the
     * digest is that of the version-1 encoding either way (and of the file's bytes).
     */
    @Test
    void groupedModelIsVersion3AndRoundTrips() {
        QModel g = RandomQModels.grouped(3, 10, 9);
        byte[] b = ModelFile.toBytes(g);
        assertEquals(ModelFile.GROUPED_VERSION, b[5]);
        ModelFile.Loaded loaded = ModelFile.parse(b);
        assertEquals(ModelFile.GROUPED_VERSION, loaded.version());
        assertFalse(loaded.legacy());
        assertArrayEquals(b, ModelFile.toBytes(loaded.model()));
        assertArrayEquals(ModelFile.digest(g), ModelFile.digestOfBytes(b));
        assertArrayEquals(ModelFile.digest(g), ModelFile.digest(loaded.model()));
        int[] x = RandomQModels.input(2, g.input().size());
        assertArrayEquals(IntInference.run(g, x).logits(), IntInference.run(loaded.model(), x).logits());
        assertEquals(ModelFile.VERSION, ModelFile.toBytes(RandomQModels.every(3, 10, 9))[5]);
        Path f = dir.resolve("grouped.fpq");   // read a window at a time from the file
        ModelFile.write(g, f);
        ModelFile.Loaded fromFile = ModelFile.readFile(f);
        assertEquals(ModelFile.GROUPED_VERSION, fromFile.version());
        assertArrayEquals(b, ModelFile.toBytes(fromFile.model()));
        for (int len = 0; len < b.length; len++) {
            byte[] cut = Arrays.copyOf(b, len);
            assertThrows(QuantizerException.class, () -> ModelFile.fromBytes(cut), "length " + len);
        }
    }

    /** One model, one file: a grouped conv in a version-2 file, a dense model as version 3, a groups field that does not divide. */
    @Test
    void groupsOutsideTheirVersionOrNotDividingAreRefused() {
        QModel g = RandomQModels.grouped(4, 10, 9);
        byte[] v2 = seal(ModelFile.encode(g, ModelFile.VERSION));
        assertTrue(assertThrows(QuantizerException.class, () -> ModelFile.fromBytes(v2)).getMessage()
                .contains("a grouped conv needs format version 3, the file is version 2"));
        byte[] v1 = ModelFile.encode(g, ModelFile.LEGACY_VERSION);
        assertTrue(assertThrows(QuantizerException.class, () -> ModelFile.fromBytes(v1)).getMessage()
                .contains("a grouped conv needs format version 3, the file is version 1"));
        QModel dense = RandomQModels.every(4, 10, 9);
        byte[] v3 = seal(ModelFile.encode(dense, ModelFile.GROUPED_VERSION));
        assertTrue(assertThrows(QuantizerException.class, () -> ModelFile.fromBytes(v3)).getMessage()
                .contains("version 3 for a model without a grouped conv"));
        // the depthwise layer "dw" (6 -> 6, groups 6): its groups field follows the name, input and six u32 fields
        byte[] body = ModelFile.encode(g, ModelFile.GROUPED_VERSION);
        int at = indexOf(body, new byte[] {0, 0, 0, 2, 'd', 'w'}) + 6 + 4 + 24;
        assertEquals(6, java.nio.ByteBuffer.wrap(body, at, 4).getInt());
        for (int groups : new int[] {4, 0, 1, -6, 12}) {
            byte[] c = body.clone();
            java.nio.ByteBuffer.wrap(c, at, 4).putInt(groups);
            QuantizerException e = assertThrows(QuantizerException.class, () -> ModelFile.fromBytes(seal(c)), "groups " + groups);
            assertTrue(e.getMessage().contains("(dw): groups " + groups + " must be at least 2 and divide inC 6"), e.getMessage());
        }
        // groups 2 and 3 divide 6: the weight count changes with them, so the bytes no longer fit
        for (int groups : new int[] {2, 3}) {
            byte[] c = body.clone();
            java.nio.ByteBuffer.wrap(c, at, 4).putInt(groups);
            assertThrows(QuantizerException.class, () -> ModelFile.fromBytes(seal(c)), "groups " + groups);
        }
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        for (int i = 0; i + needle.length <= hay.length; i++) {
            if (Arrays.equals(hay, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new AssertionError("not found");
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
        QModel m = bigModel(new Random(20261207L));
        Path f = dir.resolve("big.fpq");
        ModelFile.write(m, f);
        QModel back = ModelFile.read(f);
        for (int l = 0; l < 2; l++) {
            QLayer a = m.layers().get(l);
            QLayer z = back.layers().get(l);
            assertArrayEquals(a instanceof QLayer.Conv c ? c.w() : ((QLayer.Head) a).w(),
                    z instanceof QLayer.Conv c ? c.w() : ((QLayer.Head) z).w());
            assertArrayEquals(a instanceof QLayer.Conv c ? c.b() : ((QLayer.Head) a).b(),
                    z instanceof QLayer.Conv c ? c.b() : ((QLayer.Head) z).b());
        }
        assertTrue(ModelFile.CHUNK < 4 * ((QLayer.Conv) m.layers().get(0)).w().length);
        assertArrayEquals(ModelFile.digest(m), ModelFile.digest(back));
    }

    /** The parser's canonical-form check compares the encoding as it is produced: every byte, and the length. */
    @Test
    void encodesToComparesEveryByteAndTheLength() throws IOException {
        QModel m = RandomQModels.every(9, 10, 9);
        byte[] body = ModelFile.encode(m, ModelFile.VERSION);
        Path f = dir.resolve("body");
        Files.write(f, body);
        try (FileChannel ch = FileChannel.open(f)) {
            assertTrue(ModelFile.encodesTo(m, ModelFile.VERSION, ModelBytes.of(ch, body.length)), "read from a file");
        }
        assertTrue(ModelFile.encodesTo(m, ModelFile.VERSION, ModelBytes.of(body)));
        assertFalse(ModelFile.encodesTo(m, ModelFile.LEGACY_VERSION, ModelBytes.of(body)));
        ModelBytes shorter = ModelBytes.of(body);
        shorter.end(body.length - 1);
        assertFalse(ModelFile.encodesTo(m, ModelFile.VERSION, shorter));
        byte[] longer = Arrays.copyOf(body, body.length + 1);
        assertFalse(ModelFile.encodesTo(m, ModelFile.VERSION, ModelBytes.of(longer)));
        ModelBytes cut = ModelBytes.of(longer);
        cut.end(body.length);
        assertTrue(ModelFile.encodesTo(m, ModelFile.VERSION, cut));
        for (int pos = 0; pos < body.length; pos += 1 + pos / 16) {
            byte[] c = body.clone();
            c[pos] ^= 1;
            assertFalse(ModelFile.encodesTo(m, ModelFile.VERSION, ModelBytes.of(c)), "flip at " + pos);
        }
    }

    /**
     * A file is parsed as it is read, a window at a time ({@link ModelBytes}): it loads to the same model, or fails
     * with the same message, as its bytes given whole, for every truncation of a small file and for byte flips
     * anywhere in a file of several windows (versions 1 and 2).
     */
    @Test
    void fileAndBytesParseAlike() throws IOException {
        long seed = 20261207L;
        System.out.println("seed " + seed);
        Random r = new Random(seed);
        Path f = dir.resolve("m.fpq");
        byte[] small = ModelFile.toBytes(RandomQModels.every(13, 10, 9));
        for (int len = 0; len <= small.length; len += len < 400 ? 1 : 23) {   // the header byte by byte, then a sample
            sameOutcome(f, Arrays.copyOf(small, len));
        }
        sameOutcome(f, small);
        QModel big = bigModel(r);
        for (byte[] good : new byte[][] {ModelFile.toBytes(big), ModelFile.encode(big, ModelFile.LEGACY_VERSION)}) {
            assertTrue(good.length > 2 * ModelFile.CHUNK);
            sameOutcome(f, good);
            for (int trial = 0; trial < 40; trial++) {
                byte[] bad = good.clone();
                bad[trial < 20 ? r.nextInt(200) : r.nextInt(bad.length)] ^= (byte) (1 + r.nextInt(255));
                sameOutcome(f, bad);
            }
            sameOutcome(f, Arrays.copyOf(good, good.length - 1));
            sameOutcome(f, Arrays.copyOf(good, good.length + 1));
        }
    }

    private static void sameOutcome(Path f, byte[] bytes) throws IOException {
        Files.write(f, bytes);
        String fromBytes;
        byte[] digest = null;
        try {
            digest = ModelFile.digest(ModelFile.fromBytes(bytes));
            fromBytes = null;
        } catch (QuantizerException e) {
            fromBytes = e.getMessage();
        }
        try {
            QModel m = ModelFile.read(f);
            assertEquals(null, fromBytes, "the file loaded, its bytes did not");
            assertArrayEquals(digest, ModelFile.digest(m));
        } catch (QuantizerException e) {
            String sep = ModelFile.CORRUPTED.equals(fromBytes) ? " is " : ": ";
            assertEquals("model file " + f + sep + fromBytes, e.getMessage());
        }
    }

    /** 40,500 conv weights, 1,500 biases: tensors longer than a {@link ModelFile#CHUNK}, a file of three windows. */
    private static QModel bigModel(Random r) {
        int outC = 1500;
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
        return new QModel("big", "tensors over a chunk", Preprocess.cifar(4), new Shape(3, 4, 4), 0.1,
                new double[] {0.1, 0.1, 0.1}, List.of(
                new QLayer.Conv("stem", 0, 3, outC, 3, 4, 0, w, b, 9, new QLayer.QSkip.None()),
                new QLayer.Head("fc", 1, outC, 2, hw, new long[] {5, -5}, 0.01)), null);
    }

    @Test
    void missingFileIsAQuantizerException() {
        assertThrows(QuantizerException.class, () -> ModelFile.read(dir.resolve("absent.fpq")));
        assertTrue(Files.notExists(dir.resolve("absent.fpq")));
    }
}
