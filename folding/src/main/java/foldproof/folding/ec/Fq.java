package foldproof.folding.ec;

import foldproof.circuits.field.Mont256;
import foldproof.circuits.field.MontField;

import java.math.BigInteger;
import java.util.random.RandomGenerator;

/**
 * The BN254 base field F_p,
 * p = 21888242871839275222246405745257275088696311157297823662689037894645226208583
 *   = 0x30644e72e131a029b85045b68181585d97816a916871ca8d_3c208c16d87cfd47,
 * as allocation-free static kernels over flat {@code long[]} arrays: an element is four
 * little-endian 64-bit limbs in Montgomery form (aR mod p, R = 2^256) at an offset. Results go to
 * an output parameter, which may alias the inputs. Arithmetic is the shared
 * {@link Mont256} CIOS Montgomery kernel (as for {@code circuits.field.Fr}) with this field's
 * constants; see {@link MontField} for the rest. Square roots use p = 3 mod 4.
 *
 * <p>Encodings: {@link #toBytes} writes the canonical integer as 32 big-endian bytes;
 * {@link #fromBytesStrict} rejects values &ge; p; {@link #fromUniformBytes} reduces 64 bytes mod p.
 */
public final class Fq {
    /** Limbs per element. */
    public static final int LIMBS = 4;
    /** The modulus p. */
    public static final BigInteger MODULUS = new BigInteger(
            "21888242871839275222246405745257275088696311157297823662689037894645226208583");

    static final long P0 = 0x3c208c16d87cfd47L;
    static final long P1 = 0x97816a916871ca8dL;
    static final long P2 = 0xb85045b68181585dL;
    static final long P3 = 0x30644e72e131a029L;
    /** -p^-1 mod 2^64. */
    static final long INV = 0x87d20782e4866389L;

    /** The field descriptor (non-hot operations). */
    public static final MontField FIELD = new MontField("Fq", MODULUS);

    /** Zero (do not modify). */
    public static final long[] ZERO = new long[4];
    /** One in Montgomery form, R mod p (do not modify). */
    public static final long[] ONE = FIELD.one();

    private Fq() {
    }

    /** out = a + b. */
    public static void add(long[] a, int ao, long[] b, int bo, long[] out, int oo) {
        Mont256.add(a, ao, b, bo, out, oo, P0, P1, P2, P3);
    }

    /** out = a - b. */
    public static void sub(long[] a, int ao, long[] b, int bo, long[] out, int oo) {
        Mont256.sub(a, ao, b, bo, out, oo, P0, P1, P2, P3);
    }

    /** out = a * b. */
    public static void mul(long[] a, int ao, long[] b, int bo, long[] out, int oo) {
        Mont256.mul(a, ao, b, bo, out, oo, P0, P1, P2, P3, INV);
    }

    /** out = a^2. */
    public static void sqr(long[] a, int ao, long[] out, int oo) {
        Mont256.mul(a, ao, a, ao, out, oo, P0, P1, P2, P3, INV);
    }

    /** out = -a. */
    public static void neg(long[] a, int ao, long[] out, int oo) {
        Mont256.neg(a, ao, out, oo, P0, P1, P2, P3);
    }

    /** out = a^-1 (Fermat); the inverse of zero is zero. */
    public static void inv(long[] a, int ao, long[] out, int oo) {
        FIELD.inv(a, ao, out, oo);
    }

    /** out = a^e, e an unsigned integer as little-endian 64-bit words. */
    public static void pow(long[] a, int ao, long[] exponent, long[] out, int oo) {
        FIELD.pow(a, ao, exponent, out, oo);
    }

    /** Inverts n consecutive elements with one inversion (zeros stay zero); out may equal a. */
    public static void batchInverse(long[] a, int ao, long[] out, int oo, int n) {
        FIELD.batchInverse(a, ao, out, oo, n);
    }

    /** out = v mod p for a signed small integer. */
    public static void fromLong(long v, long[] out, int oo) {
        FIELD.fromLong(v, out, oo);
    }

    /** out = x mod p. */
    public static void fromBigInteger(BigInteger x, long[] out, int oo) {
        FIELD.fromBigInteger(x, out, oo);
    }

    /** The canonical integer in [0, p). */
    public static BigInteger toBigInteger(long[] a, int ao) {
        return FIELD.toBigInteger(a, ao);
    }

    /** Canonical (non-Montgomery) little-endian limbs of a. */
    public static void toCanonical(long[] a, int ao, long[] out, int oo) {
        FIELD.toCanonical(a, ao, out, oo);
    }

    /** Montgomery form of canonical limbs (must be below p). */
    public static void fromCanonical(long[] a, int ao, long[] out, int oo) {
        FIELD.fromCanonical(a, ao, out, oo);
    }

    /** 32 big-endian bytes of the canonical value. */
    public static void toBytes(long[] a, int ao, byte[] dst, int off) {
        FIELD.toBytes(a, ao, dst, off);
    }

    /** Parses 32 big-endian bytes; {@link IllegalArgumentException} when the value is &ge; p. */
    public static void fromBytesStrict(byte[] src, int off, long[] out, int oo) {
        FIELD.fromBytesStrict(src, off, out, oo);
    }

    /** out = (64 big-endian bytes) mod p, for hashing to the curve. */
    public static void fromUniformBytes(byte[] src, int off, long[] out, int oo) {
        FIELD.fromUniformBytes(src, off, out, oo);
    }

    /** A uniformly random element (tests, blinding: pass a SecureRandom for the latter). */
    public static void random(RandomGenerator rng, long[] out, int oo) {
        FIELD.random(rng, out, oo);
    }

    /** True when a is zero. */
    public static boolean isZero(long[] a, int ao) {
        return MontField.isZero(a, ao);
    }

    /** True when a == b. */
    public static boolean equal(long[] a, int ao, long[] b, int bo) {
        return MontField.equal(a, ao, b, bo);
    }

    /** Copies one element. */
    public static void copy(long[] src, int so, long[] dst, int dof) {
        MontField.copy(src, so, dst, dof);
    }

    /** (p + 1) / 4 as little-endian words. */
    private static final long[] SQRT_EXP = new long[4];

    static {
        MontField.limbs(MODULUS.add(BigInteger.ONE).shiftRight(2), SQRT_EXP, 0);
    }

    /**
     * out = a square root of a, a^((p+1)/4) (valid because p = 3 mod 4); returns false, leaving an
     * unspecified value in out, when a is not a square.
     */
    public static boolean sqrt(long[] a, int ao, long[] out, int oo) {
        long[] s = new long[8];
        FIELD.pow(a, ao, SQRT_EXP, s, 0);
        sqr(s, 0, s, 4);
        boolean ok = equal(s, 4, a, ao);
        copy(s, 0, out, oo);
        return ok;
    }

    /** True when the canonical value of a is odd (the y-parity used by point compression). */
    public static boolean isOdd(long[] a, int ao) {
        long[] c = new long[4];
        toCanonical(a, ao, c, 0);
        return (c[0] & 1) != 0;
    }
}
