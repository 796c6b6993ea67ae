package foldproof.folding.commit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import foldproof.bn254.fr.Fr;
import foldproof.bn254.msm.FixedBaseTable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fixed-base commitment against the plain one, and the window cache: written, read back, damage refused. */
class WindowCacheTest {
    private static final String DOMAIN = "foldproof/test/window-cache/" + System.nanoTime();

    @Test
    void fixedBaseCommitmentsMatchAndTheCacheRoundTrips() throws Exception {
        int n = 700;
        PedersenKey key = PedersenKey.setup(DOMAIN, n);
        Random rnd = new Random(11);
        for (int len : new int[] {1, 5, 300, 700}) {
            long[] v = new long[4 * len];
            for (int i = 0; i < len; i++) {
                Fr.random(rnd, v, 4 * i);
            }
            long[] blind = new long[4];
            Fr.random(rnd, blind, 0);
            assertEquals(key.commit(v, len, blind), key.commitFixedBase(v, len, blind), "length " + len);
        }
        Path f = WindowCache.file(DOMAIN, n);
        assertTrue(Files.isRegularFile(f), "table cached at " + f);

        long[] bases = PedersenKey.setup(DOMAIN, n).bases();
        FixedBaseTable fresh = new FixedBaseTable(bases, 0, n);
        long[][] w = WindowCache.load(DOMAIN, fresh);
        assertNotNull(w, "a table built here reads back");
        FixedBaseTable built = new FixedBaseTable(bases, 0, n);
        built.ensure(n);
        for (int j = 1; j < FixedBaseTable.windows(); j++) {
            assertArrayEquals(built.window(j), w[j], "window " + j);
        }

        byte[] good = Files.readAllBytes(f);
        try {
            // a flipped byte: the hash refuses it
            byte[] bad = good.clone();
            bad[bad.length / 2] ^= 1;
            Files.write(f, bad);
            assertNull(WindowCache.load(DOMAIN, fresh));
            // a wrong entry (the first generator's in the last window, always spot-checked) with the hash
            // recomputed: the spot check refuses it
            bad = good.clone();
            int head = bad.length - 32 - 64 * n * (FixedBaseTable.windows() - 1);
            int at = head + 64 * n * (FixedBaseTable.windows() - 2);
            ByteBuffer bb = ByteBuffer.wrap(bad).order(ByteOrder.LITTLE_ENDIAN);
            bb.putLong(at, bb.getLong(at) + 1);
            System.arraycopy(GeneratorCache.sha256(Arrays.copyOf(bad, bad.length - 32)), 0, bad, bad.length - 32, 32);
            Files.write(f, bad);
            assertNull(WindowCache.load(DOMAIN, fresh));
            // truncated, or longer than the header says: refused by its size before it is read
            Files.write(f, Arrays.copyOf(good, good.length - 100));
            assertNull(WindowCache.load(DOMAIN, fresh));
            Files.write(f, Arrays.copyOf(good, good.length + 100));
            assertNull(WindowCache.load(DOMAIN, fresh));
        } finally {
            Files.write(f, good);
        }
        assertNotNull(WindowCache.load(DOMAIN, fresh));
    }
}
