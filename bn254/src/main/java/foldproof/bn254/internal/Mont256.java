package foldproof.bn254.internal;

/**
 * Allocation-free static kernels for a prime field F_q with an odd modulus q &lt; 2^254 whose top
 * limb is below 2^63 - 1, elements in Montgomery form {@code aR mod q} (R = 2^256) on four
 * little-endian 64-bit limbs at an offset of a flat {@code long[]}.
 *
 * <p>The modulus limbs are arguments, so {@link foldproof.bn254.fr.Fr} and {@link foldproof.bn254.fq.Fq} share add/sub/neg
 * by passing their {@code static final} constants; their hot mul/sqr are the generated
 * {@code FrKernel}/{@code FqKernel}, and the generic {@link #mul} here serves {@link MontField}
 * without a kernel and the conversions. Multiplication is CIOS (Coarsely
 * Integrated Operand Scanning) Montgomery multiplication (Koc, Acar, Kaliski, "Analyzing and
 * Comparing Montgomery Multiplication Algorithms", IEEE Micro 1996), unrolled for four limbs, with
 * the final carry word dropped: when the top limb of q is below 2^63 - 1 the running value never
 * needs a fifth word (the optimisation documented by gnark-crypto). Outputs may alias inputs.
 * Inputs must be reduced (below q); outputs are reduced.
 *
 * <p>Carries use the branch-free formulas of Hacker's Delight (2-13); the unsigned high product
 * uses the JDK 17 signed {@code Math.multiplyHigh} plus the standard sign correction.
 */
public final class Mont256 {
    private Mont256() {
    }

    /** Unsigned high 64 bits of a*b (Java 17 has only the signed {@code Math.multiplyHigh}). */
    static long mulHi(long a, long b) {
        return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
    }

    /** Carry out of the 64-bit addition x + y = s (Hacker's Delight 2-13). */
    static long carry(long x, long y, long s) {
        return ((x & y) | ((x | y) & ~s)) >>> 63;
    }

    /**
     * out = a * b * R^-1 mod q (CIOS Montgomery multiplication, no final carry word). Output may
     * alias either input.
     */
    public static void mul(long[] a, int ao, long[] b, int bo, long[] out, int oo,
                           long p0, long p1, long p2, long p3, long inv) {
        final long a0 = a[ao], a1 = a[ao + 1], a2 = a[ao + 2], a3 = a[ao + 3];
        long t0 = 0, t1 = 0, t2 = 0, t3 = 0;
        long bi, lo, hi, s, A, C, m;
        // round 0
        bi = b[bo + 0];
        lo = a0 * bi; hi = mulHi(a0, bi);
        s = t0 + lo; A = hi + carry(t0, lo, s); t0 = s;
        m = t0 * inv;
        lo = m * p0; hi = mulHi(m, p0);
        s = t0 + lo; C = hi + carry(t0, lo, s);
        lo = a1 * bi; hi = mulHi(a1, bi);
        s = lo + A; hi += carry(lo, A, s); lo = s; s = lo + t1; A = hi + carry(lo, t1, s); t1 = s;
        lo = m * p1; hi = mulHi(m, p1);
        s = lo + C; hi += carry(lo, C, s); lo = s; s = lo + t1; C = hi + carry(lo, t1, s); t0 = s;
        lo = a2 * bi; hi = mulHi(a2, bi);
        s = lo + A; hi += carry(lo, A, s); lo = s; s = lo + t2; A = hi + carry(lo, t2, s); t2 = s;
        lo = m * p2; hi = mulHi(m, p2);
        s = lo + C; hi += carry(lo, C, s); lo = s; s = lo + t2; C = hi + carry(lo, t2, s); t1 = s;
        lo = a3 * bi; hi = mulHi(a3, bi);
        s = lo + A; hi += carry(lo, A, s); lo = s; s = lo + t3; A = hi + carry(lo, t3, s); t3 = s;
        lo = m * p3; hi = mulHi(m, p3);
        s = lo + C; hi += carry(lo, C, s); lo = s; s = lo + t3; C = hi + carry(lo, t3, s); t2 = s;
        t3 = C + A;
        // round 1
        bi = b[bo + 1];
        lo = a0 * bi; hi = mulHi(a0, bi);
        s = t0 + lo; A = hi + carry(t0, lo, s); t0 = s;
        m = t0 * inv;
        lo = m * p0; hi = mulHi(m, p0);
        s = t0 + lo; C = hi + carry(t0, lo, s);
        lo = a1 * bi; hi = mulHi(a1, bi);
        s = lo + A; hi += carry(lo, A, s); lo = s; s = lo + t1; A = hi + carry(lo, t1, s); t1 = s;
        lo = m * p1; hi = mulHi(m, p1);
        s = lo + C; hi += carry(lo, C, s); lo = s; s = lo + t1; C = hi + carry(lo, t1, s); t0 = s;
        lo = a2 * bi; hi = mulHi(a2, bi);
        s = lo + A; hi += carry(lo, A, s); lo = s; s = lo + t2; A = hi + carry(lo, t2, s); t2 = s;
        lo = m * p2; hi = mulHi(m, p2);
        s = lo + C; hi += carry(lo, C, s); lo = s; s = lo + t2; C = hi + carry(lo, t2, s); t1 = s;
        lo = a3 * bi; hi = mulHi(a3, bi);
        s = lo + A; hi += carry(lo, A, s); lo = s; s = lo + t3; A = hi + carry(lo, t3, s); t3 = s;
        lo = m * p3; hi = mulHi(m, p3);
        s = lo + C; hi += carry(lo, C, s); lo = s; s = lo + t3; C = hi + carry(lo, t3, s); t2 = s;
        t3 = C + A;
        // round 2
        bi = b[bo + 2];
        lo = a0 * bi; hi = mulHi(a0, bi);
        s = t0 + lo; A = hi + carry(t0, lo, s); t0 = s;
        m = t0 * inv;
        lo = m * p0; hi = mulHi(m, p0);
        s = t0 + lo; C = hi + carry(t0, lo, s);
        lo = a1 * bi; hi = mulHi(a1, bi);
        s = lo + A; hi += carry(lo, A, s); lo = s; s = lo + t1; A = hi + carry(lo, t1, s); t1 = s;
        lo = m * p1; hi = mulHi(m, p1);
        s = lo + C; hi += carry(lo, C, s); lo = s; s = lo + t1; C = hi + carry(lo, t1, s); t0 = s;
        lo = a2 * bi; hi = mulHi(a2, bi);
        s = lo + A; hi += carry(lo, A, s); lo = s; s = lo + t2; A = hi + carry(lo, t2, s); t2 = s;
        lo = m * p2; hi = mulHi(m, p2);
        s = lo + C; hi += carry(lo, C, s); lo = s; s = lo + t2; C = hi + carry(lo, t2, s); t1 = s;
        lo = a3 * bi; hi = mulHi(a3, bi);
        s = lo + A; hi += carry(lo, A, s); lo = s; s = lo + t3; A = hi + carry(lo, t3, s); t3 = s;
        lo = m * p3; hi = mulHi(m, p3);
        s = lo + C; hi += carry(lo, C, s); lo = s; s = lo + t3; C = hi + carry(lo, t3, s); t2 = s;
        t3 = C + A;
        // round 3
        bi = b[bo + 3];
        lo = a0 * bi; hi = mulHi(a0, bi);
        s = t0 + lo; A = hi + carry(t0, lo, s); t0 = s;
        m = t0 * inv;
        lo = m * p0; hi = mulHi(m, p0);
        s = t0 + lo; C = hi + carry(t0, lo, s);
        lo = a1 * bi; hi = mulHi(a1, bi);
        s = lo + A; hi += carry(lo, A, s); lo = s; s = lo + t1; A = hi + carry(lo, t1, s); t1 = s;
        lo = m * p1; hi = mulHi(m, p1);
        s = lo + C; hi += carry(lo, C, s); lo = s; s = lo + t1; C = hi + carry(lo, t1, s); t0 = s;
        lo = a2 * bi; hi = mulHi(a2, bi);
        s = lo + A; hi += carry(lo, A, s); lo = s; s = lo + t2; A = hi + carry(lo, t2, s); t2 = s;
        lo = m * p2; hi = mulHi(m, p2);
        s = lo + C; hi += carry(lo, C, s); lo = s; s = lo + t2; C = hi + carry(lo, t2, s); t1 = s;
        lo = a3 * bi; hi = mulHi(a3, bi);
        s = lo + A; hi += carry(lo, A, s); lo = s; s = lo + t3; A = hi + carry(lo, t3, s); t3 = s;
        lo = m * p3; hi = mulHi(m, p3);
        s = lo + C; hi += carry(lo, C, s); lo = s; s = lo + t3; C = hi + carry(lo, t3, s); t2 = s;
        t3 = C + A;
        reduceOnce(t0, t1, t2, t3, out, oo, p0, p1, p2, p3);
    }

    /** Writes t mod q given t &lt; 2q, branch-free. */
    private static void reduceOnce(long t0, long t1, long t2, long t3, long[] out, int oo,
                                   long p0, long p1, long p2, long p3) {
        long d0 = t0 - p0;
        long b = ((~t0 & p0) | ((~t0 | p0) & d0)) >>> 63;
        long d1 = t1 - p1 - b;
        b = ((~t1 & p1) | ((~t1 | p1) & d1)) >>> 63;
        long d2 = t2 - p2 - b;
        b = ((~t2 & p2) | ((~t2 | p2) & d2)) >>> 63;
        long d3 = t3 - p3 - b;
        long keep = d3 >> 63; // t < 2q < 2^255 and q < 2^254: d3 is negative iff t < q (borrow): keep t
        out[oo] = (t0 & keep) | (d0 & ~keep);
        out[oo + 1] = (t1 & keep) | (d1 & ~keep);
        out[oo + 2] = (t2 & keep) | (d2 & ~keep);
        out[oo + 3] = (t3 & keep) | (d3 & ~keep);
    }

    /** out = a + b mod q. The sum of two reduced elements is below 2^255, so no limb overflows. */
    public static void add(long[] a, int ao, long[] b, int bo, long[] out, int oo,
                           long p0, long p1, long p2, long p3) {
        long x = a[ao], y = b[bo];
        long s0 = x + y;
        long c = carry(x, y, s0);
        x = a[ao + 1]; y = b[bo + 1];
        long s1 = x + y + c;
        c = carry(x, y, s1);
        x = a[ao + 2]; y = b[bo + 2];
        long s2 = x + y + c;
        c = carry(x, y, s2);
        long s3 = a[ao + 3] + b[bo + 3] + c;
        reduceOnce(s0, s1, s2, s3, out, oo, p0, p1, p2, p3);
    }

    /** out = a - b mod q: subtract with borrow, then add q back when it borrowed. */
    public static void sub(long[] a, int ao, long[] b, int bo, long[] out, int oo,
                           long p0, long p1, long p2, long p3) {
        long x = a[ao], y = b[bo];
        long d0 = x - y;
        long bw = ((~x & y) | ((~x | y) & d0)) >>> 63;
        x = a[ao + 1]; y = b[bo + 1];
        long d1 = x - y - bw;
        bw = ((~x & y) | ((~x | y) & d1)) >>> 63;
        x = a[ao + 2]; y = b[bo + 2];
        long d2 = x - y - bw;
        bw = ((~x & y) | ((~x | y) & d2)) >>> 63;
        long d3 = a[ao + 3] - b[bo + 3] - bw;
        long m = d3 >> 63; // top limbs below 2^62 (a, b < q < 2^254): d3 is negative iff a < b
        long q0 = p0 & m, q1 = p1 & m, q2 = p2 & m, q3 = p3 & m;
        long s0 = d0 + q0;
        long c = carry(d0, q0, s0);
        long s1 = d1 + q1 + c;
        c = carry(d1, q1, s1);
        long s2 = d2 + q2 + c;
        c = carry(d2, q2, s2);
        out[oo] = s0;
        out[oo + 1] = s1;
        out[oo + 2] = s2;
        out[oo + 3] = d3 + q3 + c;
    }

    /** out = -a mod q (zero stays zero). */
    public static void neg(long[] a, int ao, long[] out, int oo,
                           long p0, long p1, long p2, long p3) {
        long x0 = a[ao], x1 = a[ao + 1], x2 = a[ao + 2], x3 = a[ao + 3];
        long nz = -(((x0 | x1 | x2 | x3) | -(x0 | x1 | x2 | x3)) >>> 63); // all ones iff a != 0
        long d0 = p0 - x0;
        long b = ((~p0 & x0) | ((~p0 | x0) & d0)) >>> 63;
        long d1 = p1 - x1 - b;
        b = ((~p1 & x1) | ((~p1 | x1) & d1)) >>> 63;
        long d2 = p2 - x2 - b;
        b = ((~p2 & x2) | ((~p2 | x2) & d2)) >>> 63;
        long d3 = p3 - x3 - b;
        out[oo] = d0 & nz;
        out[oo + 1] = d1 & nz;
        out[oo + 2] = d2 & nz;
        out[oo + 3] = d3 & nz;
    }
}
