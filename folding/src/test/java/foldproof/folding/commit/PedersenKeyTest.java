package foldproof.folding.commit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import foldproof.bn254.fq.Fq;
import foldproof.bn254.fr.Fr;
import foldproof.bn254.g1.G1Point;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PedersenKeyTest {
    @TempDir
    static Path cache;
    static String previous;

    @BeforeAll
    static void useTempCache() {
        previous = System.getProperty("foldproof.cache");
        System.setProperty("foldproof.cache", cache.toString());
    }

    @AfterAll
    static void restore() {
        if (previous == null) System.clearProperty("foldproof.cache");
        else System.setProperty("foldproof.cache", previous);
        PedersenKey.clearMemory();
    }

    static long seed() {
        long s = System.nanoTime();
        System.out.println("PedersenKeyTest seed " + s);
        return s;
    }

    @Test
    void generatorsAreOnCurveDistinctAndPrefixesOfLargerKeys() {
        PedersenKey.clearMemory();
        PedersenKey small = PedersenKey.setup("test/prefix", 10);
        PedersenKey.clearMemory();
        PedersenKey big = PedersenKey.setup("test/prefix", 3000);
        PedersenKey other = PedersenKey.setup("test/other", 10);
        long[] b = big.bases();
        BigInteger p = Fq.MODULUS;
        for (int i = 0; i < 3000; i++) {
            BigInteger x = Fq.toBigInteger(b, i * 8), y = Fq.toBigInteger(b, i * 8 + 4);
            assertEquals(y.pow(2).mod(p), x.pow(3).add(BigInteger.valueOf(3)).mod(p), "G_" + i + " on curve");
            assertTrue(!y.testBit(0), "even y");
        }
        for (int i = 0; i < 10; i++) {
            assertEquals(small.generator(i), big.generator(i));
            assertNotEquals(small.generator(i), other.generator(i));
            assertNotEquals(small.generator(i), small.h());
        }
        assertEquals(small.h(), big.h());
        assertNotEquals(big.generator(0), big.generator(1));
    }

    @Test
    void diskCacheIsVerifiedAndServesSmallerSizes() throws IOException {
        String d = "test/cache";
        PedersenKey.clearMemory();
        PedersenKey k1 = PedersenKey.setup(d, 100);
        Path file = cache.resolve("generators").resolve(GeneratorCache.stem(d) + "-100.g1");
        assertTrue(Files.exists(file));
        long[] loaded = GeneratorCache.load(d, 40);
        assertNotNull(loaded);
        assertEquals(40 * 8, loaded.length);
        for (int i = 0; i < 40 * 8; i++) assertEquals(k1.bases()[i], loaded[i]);
        // extension: a larger request reuses the 100 cached points and writes a 250 file
        PedersenKey.clearMemory();
        PedersenKey k2 = PedersenKey.setup(d, 250);
        assertEquals(k1.generator(99), k2.generator(99));
        assertTrue(Files.exists(file.resolveSibling(GeneratorCache.stem(d) + "-250.g1")));
        // corruption is detected (hash) and the file ignored
        byte[] f = Files.readAllBytes(file);
        f[f.length / 2] ^= 1;
        Files.write(file, f);
        try (Stream<Path> s = Files.list(file.getParent())) {
            s.filter(q -> q.toString().endsWith("-250.g1")).forEach(q -> q.toFile().delete());
        }
        assertNull(GeneratorCache.load(d, 40));
        PedersenKey.clearMemory();
        assertEquals(k1.generator(50), PedersenKey.setup(d, 100).generator(50));
    }

    @Test
    void commitmentsAreLinearAndRoutingAgrees() {
        Random rnd = new Random(seed());
        PedersenKey key = PedersenKey.setup("test/commit", 600);
        int n = 600;
        long[] ints = new long[n], a = new long[n * 4], b = new long[n * 4], sum = new long[n * 4];
        for (int i = 0; i < n; i++) {
            ints[i] = rnd.nextInt(256) - 128;
            Fr.fromLong(ints[i], a, i * 4);
            Fr.fromBigInteger(new BigInteger(256, rnd), b, i * 4);
            Fr.add(a, i * 4, b, i * 4, sum, i * 4);
        }
        long[] ra = new long[4], rb = new long[4], rs = new long[4];
        Fr.fromBigInteger(new BigInteger(256, rnd), ra, 0);
        Fr.fromBigInteger(new BigInteger(256, rnd), rb, 0);
        Fr.add(ra, 0, rb, 0, rs, 0);
        G1Point ca = key.commit(a, n, ra);
        assertEquals(ca, key.commitSmall(ints, 0, n, ra));
        assertEquals(ca.add(key.commit(b, n, rb)), key.commit(sum, n, rs));
        assertNotEquals(ca, key.commit(a, n, rb));
        // bits and offsets
        long[] bits = new long[n + 3];
        for (int i = 0; i < n + 3; i++) bits[i] = rnd.nextInt(2);
        G1Point expected = G1Point.IDENTITY;
        for (int i = 0; i < 100; i++) if (bits[3 + i] == 1) expected = expected.add(key.generator(i));
        assertEquals(expected, key.commitSmall(bits, 3, 100, null));
    }

    /** The grouped and the positional commitments equal the plain one on the same vector. */
    @Test
    void groupedAndPositionalCommitmentsEqualThePlainOne() {
        PedersenKey key = PedersenKey.setup("test/grouped", 300);
        Random rnd = new Random(7);
        long[] distinct = new long[4 * 5];
        for (int d = 0; d < 5; d++) {
            Fr.fromLong(rnd.nextLong(), distinct, 4 * d);
        }
        long[] v = new long[4 * 300];
        for (int i = 0; i < 300; i++) {
            int d = rnd.nextInt(7);   // 5 and 6: zero entries
            if (d < 5) {
                System.arraycopy(distinct, 4 * d, v, 4 * i, 4);
            }
        }
        long[] blind = new long[4];
        Fr.fromLong(12345, blind, 0);
        G1Point plain = key.commit(v, 300, blind);
        assertEquals(plain, key.commitGrouped(v, 300, blind));
        int[] idx = new int[40];
        long[] vals = new long[4 * 40];
        long[] dense = new long[4 * 300];
        for (int i = 0; i < 40; i++) {
            idx[i] = 7 * i + 3;
            Fr.fromLong(rnd.nextLong(), vals, 4 * i);
            System.arraycopy(vals, 4 * i, dense, 4 * idx[i], 4);
        }
        assertEquals(key.commit(dense, 300, blind), key.commitAt(idx, vals, 40, blind));
        Fr.fromLong(1, vals, 0);
        assertNotEquals(key.commit(dense, 300, blind), key.commitAt(idx, vals, 40, blind));
    }
}
