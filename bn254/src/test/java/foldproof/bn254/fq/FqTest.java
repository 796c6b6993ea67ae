package foldproof.bn254.fq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Fq against BigInteger (the shared kernel is tested in depth by FrTest). */
class FqTest {
    static final BigInteger P = Fq.MODULUS;

    @Test
    void constantsMatchModulus() {
        long[] m = new long[4];
        foldproof.bn254.internal.MontField.limbs(P, m, 0);
        org.junit.jupiter.api.Assertions.assertArrayEquals(new long[] {Fq.P0, Fq.P1, Fq.P2, Fq.P3}, m);
        assertEquals(-1L, Fq.INV * Fq.P0);
        assertEquals(BigInteger.ONE, Fq.toBigInteger(Fq.ONE, 0));
    }

    /**
     * Square roots, inverses, powers and encodings work in a per-thread scratch array (MontField): four threads
     * at once each get BigInteger's answers. And a^((q+1)/4) is refused for Fr (r = 1 mod 4).
     */
    @Test
    void scratchIsPerThread() throws Exception {
        long seed = 20261207L;
        System.out.println("seed " + seed);
        List<java.util.concurrent.Callable<Integer>> tasks = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Random rnd = new Random(seed + t);
            tasks.add(() -> {
                long[] a = new long[4], o = new long[4];
                byte[] enc = new byte[32];
                long[] e = {rnd.nextLong(), rnd.nextLong(), 0, 0};
                BigInteger eb = new BigInteger(1, java.nio.ByteBuffer.allocate(16).putLong(e[1]).putLong(e[0]).array());
                for (int i = 0; i < 400; i++) {
                    BigInteger x = new BigInteger(256, rnd).mod(P);
                    Fq.fromBigInteger(x, a, 0);
                    if (Fq.sqrt(a, 0, o, 0)) {
                        assertEquals(x, Fq.toBigInteger(o, 0).pow(2).mod(P));
                    }
                    Fq.inv(a, 0, o, 0);
                    assertEquals(x.signum() == 0 ? BigInteger.ZERO : x.modInverse(P), Fq.toBigInteger(o, 0));
                    Fq.pow(a, 0, e, o, 0);
                    assertEquals(x.modPow(eb, P), Fq.toBigInteger(o, 0));
                    Fq.toBytes(a, 0, enc, 0);
                    assertEquals(x, new BigInteger(1, enc));
                    assertEquals(x.testBit(0), Fq.isOdd(a, 0));
                }
                return 0;
            });
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            for (java.util.concurrent.Future<Integer> f : pool.invokeAll(tasks)) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        assertThrows(IllegalStateException.class, () -> foldproof.bn254.fr.Fr.FIELD.sqrt(new long[4], 0, new long[4], 0));
    }

    @Test
    void opsAndSqrtMatchBigInteger() {
        long seed = Long.getLong("test.seed", System.nanoTime());
        System.out.println("FqTest seed = " + seed);
        Random rnd = new Random(seed);
        List<BigInteger> vals = new ArrayList<>(List.of(BigInteger.ZERO, BigInteger.ONE, P.subtract(BigInteger.ONE),
                P.subtract(BigInteger.TWO), BigInteger.valueOf(3)));
        for (int i = 0; i < 200; i++) {
            vals.add(new BigInteger(256, rnd).mod(P));
        }
        long[] a = new long[4], b = new long[4], o = new long[4];
        int squares = 0;
        for (int i = 0; i < vals.size(); i++) {
            BigInteger x = vals.get(i), y = vals.get((i * 7 + 3) % vals.size());
            Fq.fromBigInteger(x, a, 0);
            Fq.fromBigInteger(y, b, 0);
            Fq.mul(a, 0, b, 0, o, 0);
            assertEquals(x.multiply(y).mod(P), Fq.toBigInteger(o, 0));
            Fq.add(a, 0, b, 0, o, 0);
            assertEquals(x.add(y).mod(P), Fq.toBigInteger(o, 0));
            Fq.sub(a, 0, b, 0, o, 0);
            assertEquals(x.subtract(y).mod(P), Fq.toBigInteger(o, 0));
            Fq.neg(a, 0, o, 0);
            assertEquals(x.negate().mod(P), Fq.toBigInteger(o, 0));
            Fq.inv(a, 0, o, 0);
            assertEquals(x.signum() == 0 ? BigInteger.ZERO : x.modInverse(P), Fq.toBigInteger(o, 0));
            boolean isSquare = x.signum() == 0 || x.modPow(P.subtract(BigInteger.ONE).shiftRight(1), P).equals(BigInteger.ONE);
            assertEquals(isSquare, Fq.sqrt(a, 0, o, 0), "sqrt existence " + x);
            if (isSquare) {
                squares++;
                assertEquals(x, Fq.toBigInteger(o, 0).modPow(BigInteger.TWO, P));
            }
            assertEquals(x.testBit(0), Fq.isOdd(a, 0));
        }
        assertTrue(squares > 50 && squares < vals.size() - 50);
        byte[] bad = new byte[32];
        Fq.FIELD.toBytes(Fq.ONE, 0, bad, 0);
        long[] pl = new long[4];
        foldproof.bn254.internal.MontField.limbs(P, pl, 0);
        foldproof.bn254.internal.MontField.writeBigEndian(pl, 0, bad, 0);
        assertThrows(IllegalArgumentException.class, () -> Fq.fromBytesStrict(bad, 0, o, 0));
        assertFalse(Fq.FIELD.isCanonical(pl, 0));
    }
}
