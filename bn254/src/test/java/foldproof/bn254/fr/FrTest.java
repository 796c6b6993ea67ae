package foldproof.bn254.fr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import foldproof.bn254.internal.MontField;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Fr against BigInteger on random and edge values. */
class FrTest {
    static final BigInteger R = Fr.MODULUS;
    static long seed;
    static List<BigInteger> values;

    @BeforeAll
    static void setUp() {
        seed = Long.getLong("test.seed", System.nanoTime());
        System.out.println("FrTest seed = " + seed);
        Random rnd = new Random(seed);
        values = new ArrayList<>(List.of(BigInteger.ZERO, BigInteger.ONE, BigInteger.TWO, R.subtract(BigInteger.ONE),
                R.subtract(BigInteger.TWO), R.shiftRight(1), BigInteger.ONE.shiftLeft(64), BigInteger.ONE.shiftLeft(192).subtract(BigInteger.ONE),
                BigInteger.ONE.shiftLeft(253)));
        for (int i = 0; i < 300; i++) {
            values.add(new BigInteger(260, rnd).mod(R));
        }
    }

    static long[] el(BigInteger x) {
        long[] a = new long[4];
        Fr.fromBigInteger(x, a, 0);
        return a;
    }

    @Test
    void constants() {
        assertEquals(BigInteger.ZERO, Fr.toBigInteger(Fr.ZERO, 0));
        assertEquals(BigInteger.ONE, Fr.toBigInteger(Fr.ONE, 0));
        assertEquals(BigInteger.ONE.shiftLeft(256).mod(R), new BigInteger(1, bytesOfLimbs(Fr.ONE)));
        long[] m = new long[4];
        MontField.limbs(R, m, 0);
        assertArrayEquals(new long[] {Fr.P0, Fr.P1, Fr.P2, Fr.P3}, m);
        assertEquals(-1L, Fr.INV * Fr.P0);
    }

    static byte[] bytesOfLimbs(long[] c) {
        byte[] b = new byte[32];
        MontField.writeBigEndian(c, 0, b, 0);
        return b;
    }

    @Test
    void binaryOpsMatchBigInteger() {
        long[] buf = new long[12];
        for (BigInteger x : values) {
            for (int k = 0; k < 40; k++) {
                BigInteger y = values.get((int) ((x.longValue() * 31 + k * 7919L) & 0x7fffffff) % values.size());
                long[] a = el(x), b = el(y);
                System.arraycopy(a, 0, buf, 4, 4);
                System.arraycopy(b, 0, buf, 8, 4);
                Fr.add(buf, 4, buf, 8, buf, 0);
                assertEquals(x.add(y).mod(R), Fr.toBigInteger(buf, 0), "add");
                Fr.sub(buf, 4, buf, 8, buf, 0);
                assertEquals(x.subtract(y).mod(R), Fr.toBigInteger(buf, 0), "sub");
                Fr.mul(buf, 4, buf, 8, buf, 0);
                assertEquals(x.multiply(y).mod(R), Fr.toBigInteger(buf, 0), "mul");
                // aliasing: out == a, out == b
                long[] c = a.clone();
                Fr.mul(c, 0, b, 0, c, 0);
                assertEquals(x.multiply(y).mod(R), Fr.toBigInteger(c, 0));
                c = b.clone();
                Fr.sub(a, 0, c, 0, c, 0);
                assertEquals(x.subtract(y).mod(R), Fr.toBigInteger(c, 0));
            }
        }
    }

    @Test
    void unaryOpsMatchBigInteger() {
        long[] o = new long[4];
        for (BigInteger x : values) {
            long[] a = el(x);
            Fr.sqr(a, 0, o, 0);
            assertEquals(x.multiply(x).mod(R), Fr.toBigInteger(o, 0), "sqr");
            Fr.neg(a, 0, o, 0);
            assertEquals(x.negate().mod(R), Fr.toBigInteger(o, 0), "neg");
            assertEquals(x.signum() == 0, Fr.isZero(a, 0));
            Fr.inv(a, 0, o, 0);
            BigInteger expect = x.signum() == 0 ? BigInteger.ZERO : x.modInverse(R);
            assertEquals(expect, Fr.toBigInteger(o, 0), "inv");
            long[] e = {0x1234_5678_9abc_def1L, 0x55L, 0, 0x1L};
            Fr.pow(a, 0, e, o, 0);
            BigInteger eb = BigInteger.ONE.shiftLeft(192).add(BigInteger.valueOf(0x55).shiftLeft(64)).add(BigInteger.valueOf(0x1234_5678_9abc_def1L));
            assertEquals(x.modPow(eb, R), Fr.toBigInteger(o, 0), "pow");
            long[] canon = new long[4];
            Fr.toCanonical(a, 0, canon, 0);
            assertEquals(x, new BigInteger(1, bytesOfLimbs(canon)));
            Fr.fromCanonical(canon, 0, o, 0);
            assertTrue(Fr.equal(a, 0, o, 0));
        }
    }

    @Test
    void fromLongHandlesSignsAndExtremes() {
        long[] o = new long[4];
        for (long v : new long[] {0, 1, -1, 255, -128, 1023, -1023, 1024, -1024, Long.MAX_VALUE, Long.MIN_VALUE, 1L << 40, -(1L << 40)}) {
            Fr.fromLong(v, o, 0);
            assertEquals(BigInteger.valueOf(v).mod(R), Fr.toBigInteger(o, 0), "fromLong " + v);
        }
        // every power of two and its negative (a table lookup), and its neighbours (the general path)
        for (int j = 0; j < 63; j++) {
            for (long v : new long[] {1L << j, -(1L << j), (1L << j) + 1, -(1L << j) - 1, (1L << j) - 1}) {
                Fr.fromLong(v, o, 0);
                assertEquals(BigInteger.valueOf(v).mod(R), Fr.toBigInteger(o, 0), "fromLong " + v);
            }
        }
    }

    @Test
    void bytesRoundTripAndStrictness() {
        byte[] b = new byte[40];
        long[] o = new long[4];
        for (BigInteger x : values) {
            Fr.toBytes(el(x), 0, b, 3);
            byte[] expect = new byte[32];
            byte[] xb = x.toByteArray();
            int n = Math.min(xb.length, 32);
            System.arraycopy(xb, xb.length - n, expect, 32 - n, n);
            assertArrayEquals(expect, java.util.Arrays.copyOfRange(b, 3, 35));
            Fr.fromBytesStrict(b, 3, o, 0);
            assertEquals(x, Fr.toBigInteger(o, 0));
        }
        for (BigInteger bad : new BigInteger[] {R, R.add(BigInteger.ONE), BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE)}) {
            byte[] bb = new byte[32];
            MontField.writeBigEndian(limbsOf(bad), 0, bb, 0);
            IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> Fr.fromBytesStrict(bb, 0, o, 0));
            assertTrue(ex.getMessage().contains("not canonical"));
        }
        assertThrows(IllegalArgumentException.class, () -> Fr.fromBytesStrict(new byte[31], 0, o, 0));
    }

    static long[] limbsOf(BigInteger x) {
        long[] l = new long[4];
        MontField.limbs(x, l, 0);
        return l;
    }

    @Test
    void uniformBytesReduce() {
        Random rnd = new Random(seed + 1);
        long[] o = new long[4];
        List<byte[]> inputs = new ArrayList<>();
        byte[] ff = new byte[64];
        java.util.Arrays.fill(ff, (byte) 0xFF);
        inputs.add(ff);
        inputs.add(new byte[64]);
        for (int i = 0; i < 200; i++) {
            byte[] b = new byte[64];
            rnd.nextBytes(b);
            inputs.add(b);
        }
        for (byte[] b : inputs) {
            Fr.fromUniformBytes(b, 0, o, 0);
            assertEquals(new BigInteger(1, b).mod(R), Fr.toBigInteger(o, 0));
        }
    }

    /** reduceWide: five raw limbs (any 320-bit value) reduced mod r, against BigInteger; the low limbs are scratch. */
    @Test
    void reduceWideMatchesBigInteger() {
        Random rnd = new Random(seed + 7);
        List<BigInteger> xs = new ArrayList<>(List.of(BigInteger.ZERO, BigInteger.ONE, R, R.subtract(BigInteger.ONE),
                R.shiftLeft(2), R.multiply(BigInteger.valueOf(5)), R.multiply(BigInteger.valueOf(5)).subtract(BigInteger.ONE),
                BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE), BigInteger.ONE.shiftLeft(256),
                BigInteger.ONE.shiftLeft(320).subtract(BigInteger.ONE), R.shiftLeft(64).subtract(BigInteger.ONE),
                BigInteger.ONE.shiftLeft(320).subtract(BigInteger.ONE).divide(R).multiply(R)));
        for (int i = 0; i < 2000; i++) {
            xs.add(new BigInteger(1 + rnd.nextInt(320), rnd));
        }
        BigInteger mask = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
        for (BigInteger x : xs) {
            long[] w = new long[7];   // limbs at offset 1, a guard word either side
            w[0] = 0x5A5A5A5AL;
            w[6] = 0xA5A5A5A5L;
            for (int j = 0; j < 5; j++) {
                w[1 + j] = x.shiftRight(64 * j).and(mask).longValue();
            }
            long[] out = new long[6];
            Fr.reduceWide(w, 1, out, 1);
            long[] want = new long[4];
            MontField.limbs(x.mod(R), want, 0);
            assertArrayEquals(want, java.util.Arrays.copyOfRange(out, 1, 5), x.toString(16));
            assertEquals(0x5A5A5A5AL, w[0]);
            assertEquals(0xA5A5A5A5L, w[6]);
            assertEquals(0L, out[0] | out[5]);
        }
    }

    @Test
    void batchInverseWithZeros() {
        int n = values.size();
        long[] v = new long[4 * n];
        for (int i = 0; i < n; i++) {
            Fr.fromBigInteger(values.get(i), v, 4 * i);
        }
        long[] out = new long[4 * n + 4];
        Fr.batchInverse(v, 0, out, 4, n);
        Fr.batchInverse(v, 0, v, 0, n); // in place
        for (int i = 0; i < n; i++) {
            BigInteger x = values.get(i);
            BigInteger expect = x.signum() == 0 ? BigInteger.ZERO : x.modInverse(R);
            assertEquals(expect, Fr.toBigInteger(out, 4 + 4 * i));
            assertEquals(expect, Fr.toBigInteger(v, 4 * i));
        }
    }

    @Test
    void vectorKernels() {
        Random rnd = new Random(seed + 2);
        int n = 37;
        long[] a = new long[4 * n + 4], b = new long[4 * n], y = new long[4 * n];
        BigInteger[] ab = new BigInteger[n], bb = new BigInteger[n], yb = new BigInteger[n];
        for (int i = 0; i < n; i++) {
            ab[i] = new BigInteger(256, rnd).mod(R);
            bb[i] = new BigInteger(256, rnd).mod(R);
            yb[i] = new BigInteger(256, rnd).mod(R);
            Fr.fromBigInteger(ab[i], a, 4 + 4 * i);
            Fr.fromBigInteger(bb[i], b, 4 * i);
            Fr.fromBigInteger(yb[i], y, 4 * i);
        }
        BigInteger alpha = new BigInteger(256, rnd).mod(R);
        long[] al = el(alpha);
        long[] o = new long[4];
        Fr.innerProduct(a, 4, b, 0, o, 0, n);
        BigInteger ip = BigInteger.ZERO;
        for (int i = 0; i < n; i++) {
            ip = ip.add(ab[i].multiply(bb[i]));
        }
        assertEquals(ip.mod(R), Fr.toBigInteger(o, 0));
        long[] h = new long[4 * n];
        Fr.hadamard(a, 4, b, 0, h, 0, n);
        long[] s = new long[4 * n];
        Fr.scale(al, 0, b, 0, s, 0, n);
        Fr.axpy(al, 0, a, 4, y, 0, n);
        for (int i = 0; i < n; i++) {
            assertEquals(ab[i].multiply(bb[i]).mod(R), Fr.toBigInteger(h, 4 * i));
            assertEquals(alpha.multiply(bb[i]).mod(R), Fr.toBigInteger(s, 4 * i));
            assertEquals(yb[i].add(alpha.multiply(ab[i])).mod(R), Fr.toBigInteger(y, 4 * i));
        }
    }

    @Test
    void randomIsReducedAndVaries() {
        Random rnd = new Random(seed + 3);
        long[] a = new long[4], b = new long[4];
        Fr.random(rnd, a, 0);
        Fr.random(rnd, b, 0);
        assertTrue(Fr.toBigInteger(a, 0).compareTo(R) < 0);
        assertFalse(Fr.equal(a, 0, b, 0));
    }
}
