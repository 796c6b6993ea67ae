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
    public static final MontField FIELD = new MontField("Fq", MODULUS, Fq::mul);

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

    /** out = a * b: CIOS Montgomery multiplication specialised to this modulus (see {@link Mont256}). */
    public static void mul(long[] a, int ao, long[] b, int bo, long[] out, int oo) {
        // BEGIN GENERATED mul by scripts/gen-montgomery-mul.py (do not edit by hand)
        final long a0 = a[ao], a1 = a[ao + 1], a2 = a[ao + 2], a3 = a[ao + 3];
        final long sa0 = a0 >> 63, sa1 = a1 >> 63, sa2 = a2 >> 63; // a3 < 2^62: no correction
        long t0 = 0, t1 = 0, t2 = 0, t3 = 0;
        long bi, sb, lo, hi, s, carryA, carryC, m, sm;
        // round 0: t = (t + a * b0 + m * q) / 2^64 with m = t0 * (-q^-1) mod 2^64
        bi = b[bo + 0]; sb = bi >> 63;
        lo = a0 * bi; hi = Math.multiplyHigh(a0, bi) + (sa0 & bi) + (sb & a0);
        s = t0 + lo; carryA = hi + (((t0 & lo) | ((t0 | lo) & ~s)) >>> 63); t0 = s;
        m = t0 * 0x87d20782e4866389L; sm = m >> 63;
        lo = m * 0x3c208c16d87cfd47L; hi = Math.multiplyHigh(m, 0x3c208c16d87cfd47L) + (sm & 0x3c208c16d87cfd47L);
        s = t0 + lo; carryC = hi + (((t0 & lo) | ((t0 | lo) & ~s)) >>> 63);
        lo = a1 * bi; hi = Math.multiplyHigh(a1, bi) + (sa1 & bi) + (sb & a1);
        s = lo + carryA; hi += (((lo & carryA) | ((lo | carryA) & ~s)) >>> 63); lo = s;
        s = lo + t1; carryA = hi + (((lo & t1) | ((lo | t1) & ~s)) >>> 63); t1 = s;
        lo = m * 0x97816a916871ca8dL; hi = Math.multiplyHigh(m, 0x97816a916871ca8dL) + (sm & 0x97816a916871ca8dL) + m;
        s = lo + carryC; hi += (((lo & carryC) | ((lo | carryC) & ~s)) >>> 63); lo = s;
        s = lo + t1; carryC = hi + (((lo & t1) | ((lo | t1) & ~s)) >>> 63); t0 = s;
        lo = a2 * bi; hi = Math.multiplyHigh(a2, bi) + (sa2 & bi) + (sb & a2);
        s = lo + carryA; hi += (((lo & carryA) | ((lo | carryA) & ~s)) >>> 63); lo = s;
        s = lo + t2; carryA = hi + (((lo & t2) | ((lo | t2) & ~s)) >>> 63); t2 = s;
        lo = m * 0xb85045b68181585dL; hi = Math.multiplyHigh(m, 0xb85045b68181585dL) + (sm & 0xb85045b68181585dL) + m;
        s = lo + carryC; hi += (((lo & carryC) | ((lo | carryC) & ~s)) >>> 63); lo = s;
        s = lo + t2; carryC = hi + (((lo & t2) | ((lo | t2) & ~s)) >>> 63); t1 = s;
        lo = a3 * bi; hi = Math.multiplyHigh(a3, bi) + (sb & a3);
        s = lo + carryA; hi += (((lo & carryA) | ((lo | carryA) & ~s)) >>> 63); lo = s;
        s = lo + t3; carryA = hi + (((lo & t3) | ((lo | t3) & ~s)) >>> 63); t3 = s;
        lo = m * 0x30644e72e131a029L; hi = Math.multiplyHigh(m, 0x30644e72e131a029L) + (sm & 0x30644e72e131a029L);
        s = lo + carryC; hi += (((lo & carryC) | ((lo | carryC) & ~s)) >>> 63); lo = s;
        s = lo + t3; carryC = hi + (((lo & t3) | ((lo | t3) & ~s)) >>> 63); t2 = s;
        t3 = carryC + carryA;
        // round 1: t = (t + a * b1 + m * q) / 2^64 with m = t0 * (-q^-1) mod 2^64
        bi = b[bo + 1]; sb = bi >> 63;
        lo = a0 * bi; hi = Math.multiplyHigh(a0, bi) + (sa0 & bi) + (sb & a0);
        s = t0 + lo; carryA = hi + (((t0 & lo) | ((t0 | lo) & ~s)) >>> 63); t0 = s;
        m = t0 * 0x87d20782e4866389L; sm = m >> 63;
        lo = m * 0x3c208c16d87cfd47L; hi = Math.multiplyHigh(m, 0x3c208c16d87cfd47L) + (sm & 0x3c208c16d87cfd47L);
        s = t0 + lo; carryC = hi + (((t0 & lo) | ((t0 | lo) & ~s)) >>> 63);
        lo = a1 * bi; hi = Math.multiplyHigh(a1, bi) + (sa1 & bi) + (sb & a1);
        s = lo + carryA; hi += (((lo & carryA) | ((lo | carryA) & ~s)) >>> 63); lo = s;
        s = lo + t1; carryA = hi + (((lo & t1) | ((lo | t1) & ~s)) >>> 63); t1 = s;
        lo = m * 0x97816a916871ca8dL; hi = Math.multiplyHigh(m, 0x97816a916871ca8dL) + (sm & 0x97816a916871ca8dL) + m;
        s = lo + carryC; hi += (((lo & carryC) | ((lo | carryC) & ~s)) >>> 63); lo = s;
        s = lo + t1; carryC = hi + (((lo & t1) | ((lo | t1) & ~s)) >>> 63); t0 = s;
        lo = a2 * bi; hi = Math.multiplyHigh(a2, bi) + (sa2 & bi) + (sb & a2);
        s = lo + carryA; hi += (((lo & carryA) | ((lo | carryA) & ~s)) >>> 63); lo = s;
        s = lo + t2; carryA = hi + (((lo & t2) | ((lo | t2) & ~s)) >>> 63); t2 = s;
        lo = m * 0xb85045b68181585dL; hi = Math.multiplyHigh(m, 0xb85045b68181585dL) + (sm & 0xb85045b68181585dL) + m;
        s = lo + carryC; hi += (((lo & carryC) | ((lo | carryC) & ~s)) >>> 63); lo = s;
        s = lo + t2; carryC = hi + (((lo & t2) | ((lo | t2) & ~s)) >>> 63); t1 = s;
        lo = a3 * bi; hi = Math.multiplyHigh(a3, bi) + (sb & a3);
        s = lo + carryA; hi += (((lo & carryA) | ((lo | carryA) & ~s)) >>> 63); lo = s;
        s = lo + t3; carryA = hi + (((lo & t3) | ((lo | t3) & ~s)) >>> 63); t3 = s;
        lo = m * 0x30644e72e131a029L; hi = Math.multiplyHigh(m, 0x30644e72e131a029L) + (sm & 0x30644e72e131a029L);
        s = lo + carryC; hi += (((lo & carryC) | ((lo | carryC) & ~s)) >>> 63); lo = s;
        s = lo + t3; carryC = hi + (((lo & t3) | ((lo | t3) & ~s)) >>> 63); t2 = s;
        t3 = carryC + carryA;
        // round 2: t = (t + a * b2 + m * q) / 2^64 with m = t0 * (-q^-1) mod 2^64
        bi = b[bo + 2]; sb = bi >> 63;
        lo = a0 * bi; hi = Math.multiplyHigh(a0, bi) + (sa0 & bi) + (sb & a0);
        s = t0 + lo; carryA = hi + (((t0 & lo) | ((t0 | lo) & ~s)) >>> 63); t0 = s;
        m = t0 * 0x87d20782e4866389L; sm = m >> 63;
        lo = m * 0x3c208c16d87cfd47L; hi = Math.multiplyHigh(m, 0x3c208c16d87cfd47L) + (sm & 0x3c208c16d87cfd47L);
        s = t0 + lo; carryC = hi + (((t0 & lo) | ((t0 | lo) & ~s)) >>> 63);
        lo = a1 * bi; hi = Math.multiplyHigh(a1, bi) + (sa1 & bi) + (sb & a1);
        s = lo + carryA; hi += (((lo & carryA) | ((lo | carryA) & ~s)) >>> 63); lo = s;
        s = lo + t1; carryA = hi + (((lo & t1) | ((lo | t1) & ~s)) >>> 63); t1 = s;
        lo = m * 0x97816a916871ca8dL; hi = Math.multiplyHigh(m, 0x97816a916871ca8dL) + (sm & 0x97816a916871ca8dL) + m;
        s = lo + carryC; hi += (((lo & carryC) | ((lo | carryC) & ~s)) >>> 63); lo = s;
        s = lo + t1; carryC = hi + (((lo & t1) | ((lo | t1) & ~s)) >>> 63); t0 = s;
        lo = a2 * bi; hi = Math.multiplyHigh(a2, bi) + (sa2 & bi) + (sb & a2);
        s = lo + carryA; hi += (((lo & carryA) | ((lo | carryA) & ~s)) >>> 63); lo = s;
        s = lo + t2; carryA = hi + (((lo & t2) | ((lo | t2) & ~s)) >>> 63); t2 = s;
        lo = m * 0xb85045b68181585dL; hi = Math.multiplyHigh(m, 0xb85045b68181585dL) + (sm & 0xb85045b68181585dL) + m;
        s = lo + carryC; hi += (((lo & carryC) | ((lo | carryC) & ~s)) >>> 63); lo = s;
        s = lo + t2; carryC = hi + (((lo & t2) | ((lo | t2) & ~s)) >>> 63); t1 = s;
        lo = a3 * bi; hi = Math.multiplyHigh(a3, bi) + (sb & a3);
        s = lo + carryA; hi += (((lo & carryA) | ((lo | carryA) & ~s)) >>> 63); lo = s;
        s = lo + t3; carryA = hi + (((lo & t3) | ((lo | t3) & ~s)) >>> 63); t3 = s;
        lo = m * 0x30644e72e131a029L; hi = Math.multiplyHigh(m, 0x30644e72e131a029L) + (sm & 0x30644e72e131a029L);
        s = lo + carryC; hi += (((lo & carryC) | ((lo | carryC) & ~s)) >>> 63); lo = s;
        s = lo + t3; carryC = hi + (((lo & t3) | ((lo | t3) & ~s)) >>> 63); t2 = s;
        t3 = carryC + carryA;
        // round 3: t = (t + a * b3 + m * q) / 2^64 with m = t0 * (-q^-1) mod 2^64
        bi = b[bo + 3];
        lo = a0 * bi; hi = Math.multiplyHigh(a0, bi) + (sa0 & bi);
        s = t0 + lo; carryA = hi + (((t0 & lo) | ((t0 | lo) & ~s)) >>> 63); t0 = s;
        m = t0 * 0x87d20782e4866389L; sm = m >> 63;
        lo = m * 0x3c208c16d87cfd47L; hi = Math.multiplyHigh(m, 0x3c208c16d87cfd47L) + (sm & 0x3c208c16d87cfd47L);
        s = t0 + lo; carryC = hi + (((t0 & lo) | ((t0 | lo) & ~s)) >>> 63);
        lo = a1 * bi; hi = Math.multiplyHigh(a1, bi) + (sa1 & bi);
        s = lo + carryA; hi += (((lo & carryA) | ((lo | carryA) & ~s)) >>> 63); lo = s;
        s = lo + t1; carryA = hi + (((lo & t1) | ((lo | t1) & ~s)) >>> 63); t1 = s;
        lo = m * 0x97816a916871ca8dL; hi = Math.multiplyHigh(m, 0x97816a916871ca8dL) + (sm & 0x97816a916871ca8dL) + m;
        s = lo + carryC; hi += (((lo & carryC) | ((lo | carryC) & ~s)) >>> 63); lo = s;
        s = lo + t1; carryC = hi + (((lo & t1) | ((lo | t1) & ~s)) >>> 63); t0 = s;
        lo = a2 * bi; hi = Math.multiplyHigh(a2, bi) + (sa2 & bi);
        s = lo + carryA; hi += (((lo & carryA) | ((lo | carryA) & ~s)) >>> 63); lo = s;
        s = lo + t2; carryA = hi + (((lo & t2) | ((lo | t2) & ~s)) >>> 63); t2 = s;
        lo = m * 0xb85045b68181585dL; hi = Math.multiplyHigh(m, 0xb85045b68181585dL) + (sm & 0xb85045b68181585dL) + m;
        s = lo + carryC; hi += (((lo & carryC) | ((lo | carryC) & ~s)) >>> 63); lo = s;
        s = lo + t2; carryC = hi + (((lo & t2) | ((lo | t2) & ~s)) >>> 63); t1 = s;
        lo = a3 * bi; hi = Math.multiplyHigh(a3, bi);
        s = lo + carryA; hi += (((lo & carryA) | ((lo | carryA) & ~s)) >>> 63); lo = s;
        s = lo + t3; carryA = hi + (((lo & t3) | ((lo | t3) & ~s)) >>> 63); t3 = s;
        lo = m * 0x30644e72e131a029L; hi = Math.multiplyHigh(m, 0x30644e72e131a029L) + (sm & 0x30644e72e131a029L);
        s = lo + carryC; hi += (((lo & carryC) | ((lo | carryC) & ~s)) >>> 63); lo = s;
        s = lo + t3; carryC = hi + (((lo & t3) | ((lo | t3) & ~s)) >>> 63); t2 = s;
        t3 = carryC + carryA;
        // t < 2q: subtract q once unless that borrows (branch-free select)
        long d0 = t0 - 0x3c208c16d87cfd47L;
        long bw = ((~t0 & 0x3c208c16d87cfd47L) | ((~t0 | 0x3c208c16d87cfd47L) & d0)) >>> 63;
        long d1 = t1 - 0x97816a916871ca8dL - bw;
        bw = ((~t1 & 0x97816a916871ca8dL) | ((~t1 | 0x97816a916871ca8dL) & d1)) >>> 63;
        long d2 = t2 - 0xb85045b68181585dL - bw;
        bw = ((~t2 & 0xb85045b68181585dL) | ((~t2 | 0xb85045b68181585dL) & d2)) >>> 63;
        long d3 = t3 - 0x30644e72e131a029L - bw;
        bw = ((~t3 & 0x30644e72e131a029L) | ((~t3 | 0x30644e72e131a029L) & d3)) >>> 63;
        long keep = -bw;
        out[oo] = (t0 & keep) | (d0 & ~keep);
        out[oo + 1] = (t1 & keep) | (d1 & ~keep);
        out[oo + 2] = (t2 & keep) | (d2 & ~keep);
        out[oo + 3] = (t3 & keep) | (d3 & ~keep);
        // END GENERATED mul
    }

    /** out = a^2. */
    public static void sqr(long[] a, int ao, long[] out, int oo) {
        mul(a, ao, a, ao, out, oo);
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
