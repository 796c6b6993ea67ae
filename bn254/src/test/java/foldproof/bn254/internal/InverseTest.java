package foldproof.bn254.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import foldproof.bn254.fr.Fr;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The windowed exponentiation and the binary-GCD inversion ({@link BinaryGcd} via {@link MontField#inv}) against
 * {@link BigInteger#modInverse} and against Fermat inversion, on seeded random and edge values,
 * for both BN254 moduli and for random primes of other sizes.
 */
class InverseTest {
    static final BigInteger P = new BigInteger(
            "21888242871839275222246405745257275088696311157297823662689037894645226208583");

    static long seed() {
        long seed = Long.getLong("test.seed", System.nanoTime());
        System.out.println("InverseTest seed = " + seed);
        return seed;
    }

    /** Edge values: 0, 1, 2, q-1, q-2, powers of two, all-ones patterns, values near q/2. */
    static List<BigInteger> edges(BigInteger q) {
        List<BigInteger> v = new ArrayList<>(List.of(BigInteger.ZERO, BigInteger.ONE, BigInteger.TWO,
                q.subtract(BigInteger.ONE), q.subtract(BigInteger.TWO), q.shiftRight(1), q.shiftRight(1).add(BigInteger.ONE)));
        for (int k = 0; k < q.bitLength(); k++) {
            BigInteger pk = BigInteger.ONE.shiftLeft(k);
            v.add(pk.mod(q));
            v.add(pk.subtract(BigInteger.ONE).mod(q));
            v.add(q.subtract(pk).mod(q));
        }
        return v;
    }

    static void check(MontField f, BigInteger x, long[] a, long[] o, long[] fermat) {
        BigInteger q = f.modulus();
        f.fromBigInteger(x, a, 0);
        f.inv(a, 0, o, 0);
        BigInteger expect = x.signum() == 0 ? BigInteger.ZERO : x.modInverse(q);
        assertEquals(expect, f.toBigInteger(o, 0), () -> f.name() + " inverse of " + x);
        assertTrue(f.isCanonical(o, 0), "reduced output");
        assertTrue(BinaryGcd.inverse(a, 0, new long[4], 0, new long[24], f.p0, f.p1, f.p2, f.p3, f.inv, f.gcdIterations),
                () -> "GCD did not end at 1 (Fermat fallback taken) for " + x);
        // in place, at an offset
        long[] buf = new long[12];
        System.arraycopy(a, 0, buf, 4, 4);
        f.inv(buf, 4, buf, 4);
        assertArrayEquals(o, new long[] {buf[4], buf[5], buf[6], buf[7]}, "aliasing");
        if (fermat != null) {
            f.invFermat(a, 0, fermat, 0);
            assertArrayEquals(fermat, o, "binary GCD vs Fermat");
        }
    }

    @Test
    void bn254FieldsMatchBigInteger() {
        Random rnd = new Random(seed());
        long[] a = new long[4], o = new long[4], fe = new long[4];
        for (MontField f : new MontField[] {Fr.FIELD, new MontField("Fq", P)}) {
            for (BigInteger x : edges(f.modulus())) {
                check(f, x, a, o, fe);
            }
            for (int i = 0; i < 20_000; i++) {
                BigInteger x = new BigInteger(f.modulus().bitLength() + 8, rnd).mod(f.modulus());
                check(f, x, a, o, i < 200 ? fe : null);
            }
            // small values and values with long runs of zero bits (few GCD steps per iteration)
            for (int i = 0; i < 2_000; i++) {
                BigInteger x = BigInteger.valueOf(rnd.nextInt(1 << 20)).shiftLeft(rnd.nextInt(230)).mod(f.modulus());
                check(f, x, a, o, null);
            }
        }
    }

    @Test
    void otherPrimesMatchBigInteger() {
        Random rnd = new Random(seed() + 1);
        long[] a = new long[4], o = new long[4];
        for (int bits : new int[] {3, 20, 61, 62, 63, 64, 65, 100, 127, 128, 129, 191, 192, 193, 250, 253, 254}) {
            BigInteger q = BigInteger.probablePrime(bits, rnd);
            MontField f = new MontField("p" + bits, q);
            for (BigInteger x : edges(q)) {
                check(f, x, a, o, null);
            }
            for (int i = 0; i < 500; i++) {
                check(f, new BigInteger(bits + 8, rnd).mod(q), a, o, null);
            }
        }
    }

    @Test
    void windowedPowMatchesModPow() {
        Random rnd = new Random(seed() + 3);
        long[] a = new long[4], o = new long[4];
        for (MontField f : new MontField[] {Fr.FIELD, new MontField("Fq", P)}) {
            BigInteger q = f.modulus();
            for (int i = 0; i < 400; i++) {
                BigInteger x = i < 3 ? BigInteger.valueOf(i) : new BigInteger(q.bitLength() + 8, rnd).mod(q);
                long[] e = new long[1 + rnd.nextInt(5)];
                for (int k = 0; k < e.length; k++) {
                    e[k] = i % 7 == 0 ? 0 : i % 11 == 0 ? -1L : rnd.nextLong();
                }
                if (i % 13 == 0) {
                    e[e.length - 1] = 1L << rnd.nextInt(64); // a lone top bit
                }
                BigInteger eb = BigInteger.ZERO;
                for (int k = e.length - 1; k >= 0; k--) {
                    eb = eb.shiftLeft(64).or(new BigInteger(Long.toUnsignedString(e[k])));
                }
                f.fromBigInteger(x, a, 0);
                f.pow(a, 0, e, a, 0); // aliasing out == a
                BigInteger expect = x.modPow(eb, q);
                assertEquals(expect, f.toBigInteger(a, 0), () -> f.name() + " " + x + "^" + e.length + " words");
                f.fromBigInteger(x, a, 0);
                f.pow(a, 0, e, o, 0);
                assertEquals(expect, f.toBigInteger(o, 0));
            }
        }
    }

    @Test
    void batchInverseStillMatches() {
        Random rnd = new Random(seed() + 2);
        int n = 37;
        long[] a = new long[4 * n], o = new long[4 * n];
        BigInteger[] xs = new BigInteger[n];
        for (int i = 0; i < n; i++) {
            xs[i] = i % 5 == 0 ? BigInteger.ZERO : new BigInteger(260, rnd).mod(Fr.MODULUS);
            Fr.fromBigInteger(xs[i], a, 4 * i);
        }
        Fr.batchInverse(a, 0, o, 0, n);
        for (int i = 0; i < n; i++) {
            BigInteger e = xs[i].signum() == 0 ? BigInteger.ZERO : xs[i].modInverse(Fr.MODULUS);
            assertEquals(e, Fr.toBigInteger(o, 4 * i));
        }
    }
}
