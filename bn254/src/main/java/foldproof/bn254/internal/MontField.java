package foldproof.bn254.internal;

import java.math.BigInteger;
import java.util.random.RandomGenerator;

/**
 * Arithmetic in a prime field F_q with an odd modulus q &lt; 2^254, elements in Montgomery form
 * {@code aR mod q} (R = 2^256) on four little-endian 64-bit limbs stored at an offset of a flat
 * {@code long[]}.
 *
 * <p>The hot kernels live in {@link Mont256}; this descriptor holds the derived constants and the
 * non-hot operations shared by {@link foldproof.bn254.fr.Fr} and {@link foldproof.bn254.fq.Fq}: inversion, exponentiation,
 * batch inversion, conversions and canonical encodings. Inversion, exponentiation, square roots, encodings and
 * {@code fromLong} work in a per-thread scratch array (allocated on a thread's first call), so they allocate
 * nothing: a verifier decompresses thousands of points and encodes thousands of scalars into its transcript,
 * and their temporaries were a steady stream of garbage. Batch inversion and the BigInteger conversions allocate.
 */
public final class MontField {
    /** Number of 64-bit limbs per element. */
    public static final int LIMBS = 4;

    final long p0, p1, p2, p3, inv;
    private final BigInteger modulus;
    private final long[] r2 = new long[4];
    private final long[] r3 = new long[4];
    private final long[] one = new long[4];
    private final long[] invExp = new long[4]; // q - 2
    private final long[] gcdFix = new long[4]; // 2^(34 n + 768) mod q, n = BinaryGcd.iterations
    final int gcdIterations;
    private static final long[] ONE_RAW = {1, 0, 0, 0};
    private final long[] sqrtExp = new long[4]; // (q + 1) / 4, for q = 3 mod 4
    private final String name;

    // per-thread scratch regions (longs): pow's table a^0..a^15 and accumulator, the binary GCD's state, a
    // canonical value, a square root, a uniform input's two halves; disjoint, so sqrt may call pow and inv
    // may fall back to pow
    private static final int S_POW = 0;
    private static final int S_INV = 68;
    private static final int S_CANON = 92;
    private static final int S_SQRT = 96;
    private static final int S_WIDE = 104;
    private static final int SCRATCH = 112;
    private final ThreadLocal<long[]> scratch = ThreadLocal.withInitial(() -> new long[SCRATCH]);

    /** A Montgomery multiplication kernel: out = a b R^-1 mod q, outputs may alias inputs. */
    @FunctionalInterface
    public interface MulKernel {
        /** out = a * b (Montgomery). */
        void mul(long[] a, int ao, long[] b, int bo, long[] out, int oo);
    }

    /** A Montgomery squaring kernel: out = a^2 R^-1 mod q, output may alias the input. */
    @FunctionalInterface
    public interface SqrKernel {
        /** out = a^2 (Montgomery). */
        void sqr(long[] a, int ao, long[] out, int oo);
    }

    private final MulKernel kernel;
    private final SqrKernel sqrKernel;

    /** The field with the generic {@link Mont256#mul} kernel. */
    public MontField(String name, BigInteger modulus) {
        this(name, modulus, null);
    }

    /**
     * Describes the field with the given odd prime modulus (&lt; 2^254, top limb &lt; 2^63 - 1).
     *
     * @param name short name used in error messages, e.g. "Fr"
     * @param kernel the field's specialised multiplication, or null for the generic one
     */
    public MontField(String name, BigInteger modulus, MulKernel kernel) {
        this(name, modulus, kernel, null);
    }

    /**
     * Describes the field with specialised multiplication and squaring kernels (either may be null
     * for the generic one).
     */
    public MontField(String name, BigInteger modulus, MulKernel kernel, SqrKernel sqrKernel) {
        if (modulus.signum() <= 0 || !modulus.testBit(0) || modulus.bitLength() > 254) {
            throw new IllegalArgumentException("modulus must be odd and below 2^254");
        }
        this.name = name;
        this.modulus = modulus;
        this.kernel = kernel;
        this.sqrKernel = sqrKernel;
        long[] m = new long[4];
        limbs(modulus, m, 0);
        p0 = m[0]; p1 = m[1]; p2 = m[2]; p3 = m[3];
        inv = BigInteger.ONE.shiftLeft(64).subtract(modulus.modInverse(BigInteger.ONE.shiftLeft(64))).longValue();
        BigInteger r = BigInteger.ONE.shiftLeft(256).mod(modulus);
        limbs(r, one, 0);
        limbs(r.multiply(r).mod(modulus), r2, 0);
        limbs(r.multiply(r).multiply(r).mod(modulus), r3, 0);
        limbs(modulus.subtract(BigInteger.TWO), invExp, 0);
        limbs(modulus.add(BigInteger.ONE).shiftRight(2), sqrtExp, 0);
        gcdIterations = BinaryGcd.iterations(modulus.bitLength());
        limbs(BigInteger.ONE.shiftLeft(34 * gcdIterations + 768).mod(modulus), gcdFix, 0);
    }

    /** The modulus q. */
    public BigInteger modulus() { return modulus; }

    /** Montgomery form of 1 (a fresh copy). */
    public long[] one() { return one.clone(); }

    /** The short name given at construction. */
    public String name() { return name; }

    /** out = a * b (Montgomery). */
    public void mul(long[] a, int ao, long[] b, int bo, long[] out, int oo) {
        if (kernel != null) {
            kernel.mul(a, ao, b, bo, out, oo);
        } else {
            Mont256.mul(a, ao, b, bo, out, oo, p0, p1, p2, p3, inv);
        }
    }

    /** out = a + b. */
    public void add(long[] a, int ao, long[] b, int bo, long[] out, int oo) {
        Mont256.add(a, ao, b, bo, out, oo, p0, p1, p2, p3);
    }

    /** out = a - b. */
    public void sub(long[] a, int ao, long[] b, int bo, long[] out, int oo) {
        Mont256.sub(a, ao, b, bo, out, oo, p0, p1, p2, p3);
    }

    /** out = -a. */
    public void neg(long[] a, int ao, long[] out, int oo) {
        Mont256.neg(a, ao, out, oo, p0, p1, p2, p3);
    }

    /** out = a^2. */
    public void sqr(long[] a, int ao, long[] out, int oo) {
        if (sqrKernel != null) {
            sqrKernel.sqr(a, ao, out, oo);
        } else {
            mul(a, ao, a, ao, out, oo);
        }
    }

    /**
     * out = a^e for an unsigned exponent given as little-endian 64-bit words: left-to-right fixed
     * window of 4 bits (a table of a^0..a^15, then 4 squarings and at most one multiplication per
     * window), e.g. 252 squarings and about 63 multiplications for a 254-bit exponent instead of
     * about 127 with plain square-and-multiply. Not constant time.
     */
    public void pow(long[] a, int ao, long[] exponent, long[] out, int oo) {
        long[] t = scratch.get(); // t[4k..4k+4) = a^k for k < 16; t[64..68) the accumulator
        System.arraycopy(one, 0, t, S_POW, 4);
        System.arraycopy(a, ao, t, S_POW + 4, 4);
        for (int k = 2; k < 16; k++) {
            mul(t, S_POW + 4 * (k - 1), t, S_POW + 4, t, S_POW + 4 * k);
        }
        final int acc = S_POW + 64;
        System.arraycopy(one, 0, t, acc, 4);
        boolean started = false;
        for (int w = exponent.length - 1; w >= 0; w--) {
            long e = exponent[w];
            for (int shift = 60; shift >= 0; shift -= 4) {
                int d = (int) (e >>> shift) & 15;
                if (started) {
                    sqr(t, acc, t, acc);
                    sqr(t, acc, t, acc);
                    sqr(t, acc, t, acc);
                    sqr(t, acc, t, acc);
                    if (d != 0) {
                        mul(t, acc, t, S_POW + 4 * d, t, acc);
                    }
                } else if (d != 0) {
                    System.arraycopy(t, S_POW + 4 * d, t, acc, 4);
                    started = true;
                }
            }
        }
        System.arraycopy(t, acc, out, oo, 4);
    }

    /**
     * out = a^-1; the inverse of zero is zero. Binary extended GCD ({@link BinaryGcd}, Pornin's
     * algorithm, about 20x faster than Fermat), then one multiplication that turns the inverse of
     * the Montgomery integer aR into the Montgomery form a^-1 R. Not constant time. Allocates nothing.
     */
    public void inv(long[] a, int ao, long[] out, int oo) {
        long[] s = scratch.get();
        if (BinaryGcd.inverse(a, ao, s, S_INV, s, p0, p1, p2, p3, inv, gcdIterations)) {
            mul(s, S_INV, gcdFix, 0, out, oo);
        } else {
            invFermat(a, ao, out, oo); // unreachable for a prime modulus; kept as a safety net
        }
    }

    /** out = a^-1 by Fermat's little theorem (a^(q-2)); the inverse of zero is zero. Reference. */
    public void invFermat(long[] a, int ao, long[] out, int oo) {
        pow(a, ao, invExp, out, oo);
    }

    /**
     * Montgomery's simultaneous-inversion trick: inverts n elements with one inversion and 3(n-1)
     * multiplications. Zeros map to zero. {@code out} may be {@code a} at the same offset.
     */
    public void batchInverse(long[] a, int ao, long[] out, int oo, int n) {
        if (n <= 0) {
            return;
        }
        long[] prefix = new long[4 * n]; // prefix[i] = product of the nonzero a[0..i-1]
        long[] acc = one.clone();
        for (int i = 0; i < n; i++) {
            System.arraycopy(acc, 0, prefix, 4 * i, 4);
            if (!isZero(a, ao + 4 * i)) {
                mul(acc, 0, a, ao + 4 * i, acc, 0);
            }
        }
        inv(acc, 0, acc, 0);
        long[] t = new long[4];
        for (int i = n - 1; i >= 0; i--) {
            int ai = ao + 4 * i;
            if (isZero(a, ai)) {
                out[oo + 4 * i] = 0; out[oo + 4 * i + 1] = 0; out[oo + 4 * i + 2] = 0; out[oo + 4 * i + 3] = 0;
                continue;
            }
            mul(acc, 0, prefix, 4 * i, t, 0);      // = a_i^-1
            mul(acc, 0, a, ai, acc, 0);            // drop a_i from the running inverse
            System.arraycopy(t, 0, out, oo + 4 * i, 4);
        }
    }

    /** True when the element is zero. */
    public static boolean isZero(long[] a, int ao) {
        return (a[ao] | a[ao + 1] | a[ao + 2] | a[ao + 3]) == 0;
    }

    /** True when the two elements are equal (representations are unique, being reduced). */
    public static boolean equal(long[] a, int ao, long[] b, int bo) {
        return ((a[ao] ^ b[bo]) | (a[ao + 1] ^ b[bo + 1]) | (a[ao + 2] ^ b[bo + 2]) | (a[ao + 3] ^ b[bo + 3])) == 0;
    }

    /** Copies one element. */
    public static void copy(long[] src, int so, long[] dst, int dof) {
        dst[dof] = src[so];
        dst[dof + 1] = src[so + 1];
        dst[dof + 2] = src[so + 2];
        dst[dof + 3] = src[so + 3];
    }

    /** out = canonical integer limbs of a (leaves Montgomery form: multiplies by 1). */
    public void toCanonical(long[] a, int ao, long[] out, int oo) {
        Mont256.mul(a, ao, ONE_RAW, 0, out, oo, p0, p1, p2, p3, inv);
    }

    /** out = Montgomery form of the canonical integer limbs a, which must be below q. */
    public void fromCanonical(long[] a, int ao, long[] out, int oo) {
        Mont256.mul(a, ao, r2, 0, out, oo, p0, p1, p2, p3, inv);
    }

    /** True when the little-endian limbs at a are below q. */
    public boolean isCanonical(long[] a, int ao) {
        long x0 = a[ao], x1 = a[ao + 1], x2 = a[ao + 2], x3 = a[ao + 3];
        if (x3 != p3) {
            return Long.compareUnsigned(x3, p3) < 0;
        }
        if (x2 != p2) {
            return Long.compareUnsigned(x2, p2) < 0;
        }
        if (x1 != p1) {
            return Long.compareUnsigned(x1, p1) < 0;
        }
        return Long.compareUnsigned(x0, p0) < 0;
    }

    /** out = v mod q for a signed long (negative values map to q - |v|). */
    public void fromLong(long v, long[] out, int oo) {
        long abs = v < 0 ? -v : v;   // |Long.MIN_VALUE| is 2^63 read as unsigned (negative here)
        if (abs >= 0 && abs < SMALL) {   // bits, bytes and small coefficients: a table lookup, no multiplication
            long[] t = smallTable();
            if (v < 0) {
                neg(t, 4 * (int) abs, out, oo);
            } else {
                System.arraycopy(t, 4 * (int) abs, out, oo, 4);
            }
            return;
        }
        if (abs > 0 && (abs & (abs - 1)) == 0) {   // +-2^j: bit-decomposition coefficients, also a lookup
            long[] t = powerTable();
            int j = Long.numberOfTrailingZeros(abs);
            if (v < 0) {
                neg(t, 4 * j, out, oo);
            } else {
                System.arraycopy(t, 4 * j, out, oo, 4);
            }
            return;
        }
        fromLongSlow(v, out, oo);
    }

    private void fromLongSlow(long v, long[] out, int oo) {
        out[oo] = v < 0 ? -v : v;   // |v| < 2^64 < q as raw limbs, converted in place
        out[oo + 1] = 0;
        out[oo + 2] = 0;
        out[oo + 3] = 0;
        fromCanonical(out, oo, out, oo);
        if (v < 0) {
            neg(out, oo, out, oo);
        }
    }

    /** Montgomery forms of {@code 2^0 .. 2^62}, built on first use. */
    private volatile long[] powers;

    private long[] powerTable() {
        long[] t = powers;
        if (t == null) {
            t = new long[4 * 63];
            for (int j = 0; j < 63; j++) {
                fromLongSlow(1L << j, t, 4 * j);
            }
            powers = t;
        }
        return t;
    }

    /** Montgomery forms of {@code 0 .. SMALL-1}, built on first use. */
    private static final int SMALL = 1024;
    private volatile long[] small;

    private long[] smallTable() {
        long[] t = small;
        if (t == null) {
            t = new long[4 * SMALL];
            for (int i = 0; i < SMALL; i++) {
                fromLongSlow(i, t, 4 * i);
            }
            small = t;
        }
        return t;
    }

    /** out = x mod q (any sign, any size). */
    public void fromBigInteger(BigInteger x, long[] out, int oo) {
        limbs(x.mod(modulus), out, oo);
        fromCanonical(out, oo, out, oo);
    }

    /** The canonical integer in [0, q) represented by a. */
    public BigInteger toBigInteger(long[] a, int ao) {
        long[] c = new long[4];
        toCanonical(a, ao, c, 0);
        byte[] be = new byte[33];
        writeBigEndian(c, 0, be, 1);
        return new BigInteger(be);
    }

    /** Writes the canonical value of a as 32 big-endian bytes at dst[off..off+32). */
    public void toBytes(long[] a, int ao, byte[] dst, int off) {
        long[] c = scratch.get();
        toCanonical(a, ao, c, S_CANON);
        writeBigEndian(c, S_CANON, dst, off);
    }

    /** True when the canonical value of a is odd (e.g. the y-parity of point compression). */
    public boolean isOdd(long[] a, int ao) {
        long[] c = scratch.get();
        toCanonical(a, ao, c, S_CANON);
        return (c[S_CANON] & 1) != 0;
    }

    /**
     * out = a^((q+1)/4), a square root of a when q = 3 mod 4; false (out unspecified) when a is not a square.
     *
     * @throws IllegalStateException if q is not 3 mod 4
     */
    public boolean sqrt(long[] a, int ao, long[] out, int oo) {
        if ((p0 & 3) != 3) {
            throw new IllegalStateException(name + ": a^((q+1)/4) is a square root only for q = 3 mod 4");
        }
        long[] s = scratch.get();
        pow(a, ao, sqrtExp, s, S_SQRT);
        sqr(s, S_SQRT, s, S_SQRT + 4);
        boolean ok = equal(s, S_SQRT + 4, a, ao);
        copy(s, S_SQRT, out, oo);
        return ok;
    }

    /**
     * Reads 32 big-endian bytes as a canonical element; throws {@link IllegalArgumentException}
     * naming the field when the integer is not below q (callers map it to their module's error).
     */
    public void fromBytesStrict(byte[] src, int off, long[] out, int oo) {
        if (src.length - off < 32 || off < 0) {
            throw new IllegalArgumentException(name + " element needs 32 bytes");
        }
        long[] c = scratch.get();
        readBigEndian(src, off, c, S_CANON);
        if (!isCanonical(c, S_CANON)) {
            throw new IllegalArgumentException(name + " element is not canonical (value >= modulus)");
        }
        fromCanonical(c, S_CANON, out, oo);
    }

    /**
     * out = (64-byte big-endian integer at src[off..off+64)) mod q, for hashing to the field
     * (bias below 2^-250). Computed as hi * R^3 * R^-1 + lo * R^2 * R^-1 = (hi 2^256 + lo) R.
     */
    public void fromUniformBytes(byte[] src, int off, long[] out, int oo) {
        if (src.length - off < 64 || off < 0) {
            throw new IllegalArgumentException(name + " uniform input needs 64 bytes");
        }
        long[] w = scratch.get();
        final int hi = S_WIDE, lo = S_WIDE + 4;
        readBigEndian(src, off, w, hi);
        readBigEndian(src, off + 32, w, lo);
        reduceBelow(w, hi);
        reduceBelow(w, lo);
        Mont256.mul(w, hi, r3, 0, w, hi, p0, p1, p2, p3, inv);
        Mont256.mul(w, lo, r2, 0, w, lo, p0, p1, p2, p3, inv);
        add(w, hi, w, lo, out, oo);
    }

    /**
     * out = x mod q for the unsigned 320-bit integer on five little-endian limbs {@code x[xo..xo+5)}, with no
     * allocation: the low 256 bits are reduced in place by at most five subtractions of q (so
     * {@code x[xo..xo+4)} is clobbered), the top limb {@code h} becomes {@code h 2^256 mod q} by one
     * Montgomery multiplication by R^2 ({@code h R^2 R^-1 = h R}), and the two are added. The reduction
     * ignores the Montgomery form: a sum of Montgomery limbs (say {@code sum w_i x_i R}) reduces to the
     * Montgomery form of the sum. {@code out} must not overlap {@code x[xo..xo+5)}.
     */
    public void reduceWide(long[] x, int xo, long[] out, int oo) {
        long h = x[xo + 4];
        reduceBelow(x, xo);
        out[oo] = h;   // h < 2^64 < q: a valid Montgomery input
        out[oo + 1] = 0;
        out[oo + 2] = 0;
        out[oo + 3] = 0;
        Mont256.mul(out, oo, r2, 0, out, oo, p0, p1, p2, p3, inv);
        add(out, oo, x, xo, out, oo);
    }

    /** Uniformly random element (rejection sampling on 254-bit values); for tests and blinding. */
    public void random(RandomGenerator rng, long[] out, int oo) {
        long[] c = new long[4];
        do {
            c[0] = rng.nextLong();
            c[1] = rng.nextLong();
            c[2] = rng.nextLong();
            c[3] = rng.nextLong() >>> 2;
        } while (!isCanonical(c, 0));
        fromCanonical(c, 0, out, oo);
    }

    /** Subtracts q from {@code x[xo..xo+4)} until it is below q; x &lt; 2^256 needs at most five subtractions for a 254-bit q. */
    private void reduceBelow(long[] x, int xo) {
        while (!isCanonical(x, xo)) {
            long b = 0;
            for (int i = 0; i < 4; i++) {
                long qi = i == 0 ? p0 : i == 1 ? p1 : i == 2 ? p2 : p3;
                long xi = x[xo + i];
                long d = xi - qi - b;
                b = ((~xi & qi) | ((~xi | qi) & d)) >>> 63;
                x[xo + i] = d;
            }
        }
    }

    /** Little-endian limbs of a non-negative integer below 2^256. */
    public static void limbs(BigInteger x, long[] out, int oo) {
        for (int i = 0; i < 4; i++) {
            out[oo + i] = x.shiftRight(64 * i).longValue();
        }
    }

    /** Writes four little-endian limbs as 32 big-endian bytes. */
    public static void writeBigEndian(long[] c, int co, byte[] dst, int off) {
        for (int i = 0; i < 4; i++) {
            long w = c[co + 3 - i];
            for (int k = 0; k < 8; k++) {
                dst[off + 8 * i + k] = (byte) (w >>> (56 - 8 * k));
            }
        }
    }

    /** Reads 32 big-endian bytes into four little-endian limbs. */
    public static void readBigEndian(byte[] src, int off, long[] c, int co) {
        for (int i = 0; i < 4; i++) {
            long w = 0;
            for (int k = 0; k < 8; k++) {
                w = (w << 8) | (src[off + 8 * i + k] & 0xFF);
            }
            c[co + 3 - i] = w;
        }
    }
}
