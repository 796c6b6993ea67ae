package foldproof.circuits.field;

import java.math.BigInteger;
import java.util.random.RandomGenerator;

/**
 * The BN254 scalar field F_r,
 * r = 21888242871839275222246405745257275088548364400416034343698204186575808495617
 *   = 0x30644e72e131a029b85045b68181585d2833e84879b97091_43e1f593f0000001,
 * as allocation-free static kernels over flat {@code long[]} arrays: an element is four
 * little-endian 64-bit limbs in Montgomery form (aR mod r, R = 2^256) at an offset. Results go to
 * an output parameter, which may alias the inputs. Arithmetic is {@link Mont256} (CIOS Montgomery
 * multiplication) with this field's constants; see {@link MontField} for the rest.
 *
 * <p>Encodings: {@link #toBytes} writes the canonical integer as 32 big-endian bytes;
 * {@link #fromBytesStrict} rejects values &ge; r; {@link #fromUniformBytes} reduces 64 bytes mod r.
 */
public final class Fr {
    /** Limbs per element. */
    public static final int LIMBS = 4;
    /** The modulus r. */
    public static final BigInteger MODULUS = new BigInteger(
            "21888242871839275222246405745257275088548364400416034343698204186575808495617");

    static final long P0 = 0x43e1f593f0000001L;
    static final long P1 = 0x2833e84879b97091L;
    static final long P2 = 0xb85045b68181585dL;
    static final long P3 = 0x30644e72e131a029L;
    /** -r^-1 mod 2^64. */
    static final long INV = 0xc2e1f593efffffffL;

    /** The field descriptor (non-hot operations). */
    public static final MontField FIELD = new MontField("Fr", MODULUS, Fr::mul);

    /** Zero (do not modify). */
    public static final long[] ZERO = new long[4];
    /** One in Montgomery form, R mod r (do not modify). */
    public static final long[] ONE = FIELD.one();

    private Fr() {
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
        m = t0 * 0xc2e1f593efffffffL; sm = m >> 63;
        lo = m * 0x43e1f593f0000001L; hi = Math.multiplyHigh(m, 0x43e1f593f0000001L) + (sm & 0x43e1f593f0000001L);
        s = t0 + lo; carryC = hi + (((t0 & lo) | ((t0 | lo) & ~s)) >>> 63);
        lo = a1 * bi; hi = Math.multiplyHigh(a1, bi) + (sa1 & bi) + (sb & a1);
        s = lo + carryA; hi += (((lo & carryA) | ((lo | carryA) & ~s)) >>> 63); lo = s;
        s = lo + t1; carryA = hi + (((lo & t1) | ((lo | t1) & ~s)) >>> 63); t1 = s;
        lo = m * 0x2833e84879b97091L; hi = Math.multiplyHigh(m, 0x2833e84879b97091L) + (sm & 0x2833e84879b97091L);
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
        m = t0 * 0xc2e1f593efffffffL; sm = m >> 63;
        lo = m * 0x43e1f593f0000001L; hi = Math.multiplyHigh(m, 0x43e1f593f0000001L) + (sm & 0x43e1f593f0000001L);
        s = t0 + lo; carryC = hi + (((t0 & lo) | ((t0 | lo) & ~s)) >>> 63);
        lo = a1 * bi; hi = Math.multiplyHigh(a1, bi) + (sa1 & bi) + (sb & a1);
        s = lo + carryA; hi += (((lo & carryA) | ((lo | carryA) & ~s)) >>> 63); lo = s;
        s = lo + t1; carryA = hi + (((lo & t1) | ((lo | t1) & ~s)) >>> 63); t1 = s;
        lo = m * 0x2833e84879b97091L; hi = Math.multiplyHigh(m, 0x2833e84879b97091L) + (sm & 0x2833e84879b97091L);
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
        m = t0 * 0xc2e1f593efffffffL; sm = m >> 63;
        lo = m * 0x43e1f593f0000001L; hi = Math.multiplyHigh(m, 0x43e1f593f0000001L) + (sm & 0x43e1f593f0000001L);
        s = t0 + lo; carryC = hi + (((t0 & lo) | ((t0 | lo) & ~s)) >>> 63);
        lo = a1 * bi; hi = Math.multiplyHigh(a1, bi) + (sa1 & bi) + (sb & a1);
        s = lo + carryA; hi += (((lo & carryA) | ((lo | carryA) & ~s)) >>> 63); lo = s;
        s = lo + t1; carryA = hi + (((lo & t1) | ((lo | t1) & ~s)) >>> 63); t1 = s;
        lo = m * 0x2833e84879b97091L; hi = Math.multiplyHigh(m, 0x2833e84879b97091L) + (sm & 0x2833e84879b97091L);
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
        m = t0 * 0xc2e1f593efffffffL; sm = m >> 63;
        lo = m * 0x43e1f593f0000001L; hi = Math.multiplyHigh(m, 0x43e1f593f0000001L) + (sm & 0x43e1f593f0000001L);
        s = t0 + lo; carryC = hi + (((t0 & lo) | ((t0 | lo) & ~s)) >>> 63);
        lo = a1 * bi; hi = Math.multiplyHigh(a1, bi) + (sa1 & bi);
        s = lo + carryA; hi += (((lo & carryA) | ((lo | carryA) & ~s)) >>> 63); lo = s;
        s = lo + t1; carryA = hi + (((lo & t1) | ((lo | t1) & ~s)) >>> 63); t1 = s;
        lo = m * 0x2833e84879b97091L; hi = Math.multiplyHigh(m, 0x2833e84879b97091L) + (sm & 0x2833e84879b97091L);
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
        long d0 = t0 - 0x43e1f593f0000001L;
        long bw = ((~t0 & 0x43e1f593f0000001L) | ((~t0 | 0x43e1f593f0000001L) & d0)) >>> 63;
        long d1 = t1 - 0x2833e84879b97091L - bw;
        bw = ((~t1 & 0x2833e84879b97091L) | ((~t1 | 0x2833e84879b97091L) & d1)) >>> 63;
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

    /** out = v mod r for a signed small integer. */
    public static void fromLong(long v, long[] out, int oo) {
        FIELD.fromLong(v, out, oo);
    }

    /** out = x mod r. */
    public static void fromBigInteger(BigInteger x, long[] out, int oo) {
        FIELD.fromBigInteger(x, out, oo);
    }

    /** The canonical integer in [0, r). */
    public static BigInteger toBigInteger(long[] a, int ao) {
        return FIELD.toBigInteger(a, ao);
    }

    /** Canonical (non-Montgomery) little-endian limbs of a, e.g. for MSM digit extraction. */
    public static void toCanonical(long[] a, int ao, long[] out, int oo) {
        FIELD.toCanonical(a, ao, out, oo);
    }

    /** Montgomery form of canonical limbs (must be below r). */
    public static void fromCanonical(long[] a, int ao, long[] out, int oo) {
        FIELD.fromCanonical(a, ao, out, oo);
    }

    /** 32 big-endian bytes of the canonical value. */
    public static void toBytes(long[] a, int ao, byte[] dst, int off) {
        FIELD.toBytes(a, ao, dst, off);
    }

    /** Parses 32 big-endian bytes; {@link IllegalArgumentException} when the value is &ge; r. */
    public static void fromBytesStrict(byte[] src, int off, long[] out, int oo) {
        FIELD.fromBytesStrict(src, off, out, oo);
    }

    /** out = (64 big-endian bytes) mod r, for Fiat-Shamir challenges and hashing. */
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

    // ---------------------------------------------------------------- vector kernels

    /** out = sum_{i&lt;n} a_i b_i over consecutive elements. */
    public static void innerProduct(long[] a, int ao, long[] b, int bo, long[] out, int oo, int n) {
        long[] acc = new long[8]; // acc[0..4) sum, acc[4..8) product
        for (int i = 0; i < n; i++) {
            mul(a, ao + 4 * i, b, bo + 4 * i, acc, 4);
            add(acc, 0, acc, 4, acc, 0);
        }
        copy(acc, 0, out, oo);
    }

    /** y_i += alpha x_i for i &lt; n. */
    public static void axpy(long[] alpha, int alo, long[] x, int xo, long[] y, int yo, int n) {
        long[] al = {alpha[alo], alpha[alo + 1], alpha[alo + 2], alpha[alo + 3], 0, 0, 0, 0};
        for (int i = 0; i < n; i++) {
            mul(al, 0, x, xo + 4 * i, al, 4);
            add(y, yo + 4 * i, al, 4, y, yo + 4 * i);
        }
    }

    /** out_i = a_i b_i for i &lt; n. */
    public static void hadamard(long[] a, int ao, long[] b, int bo, long[] out, int oo, int n) {
        for (int i = 0; i < n; i++) {
            mul(a, ao + 4 * i, b, bo + 4 * i, out, oo + 4 * i);
        }
    }

    /** out_i = alpha x_i for i &lt; n. */
    public static void scale(long[] alpha, int alo, long[] x, int xo, long[] out, int oo, int n) {
        long[] al = {alpha[alo], alpha[alo + 1], alpha[alo + 2], alpha[alo + 3]};
        for (int i = 0; i < n; i++) {
            mul(x, xo + 4 * i, al, 0, out, oo + 4 * i);
        }
    }
}
