package foldproof.bn254.internal;

/**
 * Modular inversion by the optimised binary extended GCD of T. Pornin, "Optimized Binary GCD for
 * Modular Inversion" (IACR ePrint 2020/972), Algorithm 2, on four 64-bit limbs for an odd modulus
 * m &lt; 2^254.
 *
 * <p>Each outer iteration runs k - 1 = 30 binary-GCD steps on 62-bit approximations of a and b
 * (their low 30 bits and their top 32 bits), recording the steps in a 2x2 matrix of small signed
 * factors (f0, g0; f1, g1), then applies the matrix to the full values:
 * {@code a <- (a f0 + b g0) / 2^30}, {@code b <- (a f1 + b g1) / 2^30} (negated back to positive if an
 * approximation made them negative), and to the Bezout coefficients {@code u, v}. After
 * ceil((2 len(m) - 1) / 30) iterations b = 1 and v holds the inverse up to a known power of two,
 * removed by one Montgomery multiplication by a precomputed constant.
 *
 * <p>Here u and v are kept reduced by one Montgomery step (a division by 2^64 mod m) per iteration
 * instead of a full reduction, which only changes that constant. The inner steps are branch-free,
 * but the whole routine is not claimed to be constant time. The result is checked (b must end at
 * 1); {@link #inverse} reports failure instead of returning a wrong value, and {@link MontField}
 * then falls back to Fermat inversion.
 */
final class BinaryGcd {
    /** Binary-GCD steps per outer iteration (k - 1 in the paper, with k = 31). */
    static final int STEPS = 30;
    private static final long LOW = (1L << STEPS) - 1;

    private BinaryGcd() {
    }

    /** Number of outer iterations for a modulus of the given bit length. */
    static int iterations(int bits) {
        return (2 * bits - 1 + STEPS - 1) / STEPS;
    }

    /**
     * Writes into out[oo..oo+4) the integer v with y^-1 = v * 2^(34 * iterations) mod m, where y is
     * the integer held by the limbs x[xo..xo+4) (below m), or zero when y is zero. Returns false
     * (out unspecified) only if the GCD did not end at 1, which does not happen for a prime m.
     *
     * @param s scratch of at least 24 longs
     */
    static boolean inverse(long[] x, int xo, long[] out, int oo, long[] s,
                           long p0, long p1, long p2, long p3, long minv, int iterations) {
        boolean zero = (x[xo] | x[xo + 1] | x[xo + 2] | x[xo + 3]) == 0;
        // s[0..4) a, s[4..8) b, s[8..12) u, s[12..16) v, s[16..20) new a, s[20..24) new u
        s[0] = x[xo]; s[1] = x[xo + 1]; s[2] = x[xo + 2]; s[3] = x[xo + 3];
        s[4] = p0; s[5] = p1; s[6] = p2; s[7] = p3;
        s[8] = 1; s[9] = 0; s[10] = 0; s[11] = 0;
        s[12] = 0; s[13] = 0; s[14] = 0; s[15] = 0;
        for (int it = 0; it < iterations; it++) {
            // 62-bit approximations: low 30 bits and the top 32 bits of the common bit length n
            long o3 = s[3] | s[7], o2 = s[2] | s[6], o1 = s[1] | s[5];
            int n = o3 != 0 ? 256 - Long.numberOfLeadingZeros(o3)
                    : o2 != 0 ? 192 - Long.numberOfLeadingZeros(o2)
                    : o1 != 0 ? 128 - Long.numberOfLeadingZeros(o1)
                    : 64 - Long.numberOfLeadingZeros(s[0] | s[4]);
            long aa, bb;
            if (n <= 2 * STEPS + 2) {
                aa = s[0];
                bb = s[4];
            } else {
                int sh = n - (STEPS + 2);
                aa = (s[0] & LOW) | (window(s, 0, sh) << STEPS);
                bb = (s[4] & LOW) | (window(s, 4, sh) << STEPS);
            }
            long f0 = 1, g0 = 0, f1 = 0, g1 = 1;
            for (int j = 0; j < STEPS; j++) {
                long odd = -(aa & 1);
                long swap = odd & ((aa - bb) >> 63);
                long t = (aa ^ bb) & swap;
                aa ^= t;
                bb ^= t;
                t = (f0 ^ f1) & swap;
                f0 ^= t;
                f1 ^= t;
                t = (g0 ^ g1) & swap;
                g0 ^= t;
                g1 ^= t;
                aa -= bb & odd;
                f0 -= f1 & odd;
                g0 -= g1 & odd;
                aa >>= 1;
                f1 <<= 1;
                g1 <<= 1;
            }
            long na = linShift(s, f0, g0, 16);
            long nb = linShift(s, f1, g1, 4); // b overwritten last: a still read from s[0..4)
            System.arraycopy(s, 16, s, 0, 4);
            f0 = (f0 ^ na) - na;
            g0 = (g0 ^ na) - na;
            f1 = (f1 ^ nb) - nb;
            g1 = (g1 ^ nb) - nb;
            linMont(s, f0, g0, 20, p0, p1, p2, p3, minv);
            linMont(s, f1, g1, 12, p0, p1, p2, p3, minv);
            System.arraycopy(s, 20, s, 8, 4);
        }
        System.arraycopy(s, 12, out, oo, 4);
        return zero || ((s[4] ^ 1) | s[5] | s[6] | s[7]) == 0;
    }

    /** 32 bits of the 256-bit value at s[o..o+4) starting at bit sh (sh + 32 &lt;= 256). */
    private static long window(long[] s, int o, int sh) {
        int li = sh >>> 6, bit = sh & 63;
        long w = s[o + li] >>> bit;
        if (bit > 32) {
            w |= s[o + li + 1] << (64 - bit);
        }
        return w & 0xFFFFFFFFL;
    }

    /**
     * s[d..d+4) = |a f + b g| / 2^30 (a = s[0..4), b = s[4..8), both non-negative; the sum is
     * divisible by 2^30); returns -1 when the sum was negative (and got negated), else 0.
     */
    private static long linShift(long[] s, long f, long g, int d) {
        long c = 0, lo1, hi1, lo2, hi2, x, y, s1, c1, c2;
        x = s[0]; y = s[4];
        lo1 = x * f; hi1 = Math.multiplyHigh(x, f) + ((x >> 63) & f);
        lo2 = y * g; hi2 = Math.multiplyHigh(y, g) + ((y >> 63) & g);
        s1 = lo1 + lo2; c1 = Mont256.carry(lo1, lo2, s1);
        long r0 = s1 + c; c2 = Mont256.carry(s1, c, r0) + (c >> 63);
        c = hi1 + hi2 + c1 + c2;
        x = s[1]; y = s[5];
        lo1 = x * f; hi1 = Math.multiplyHigh(x, f) + ((x >> 63) & f);
        lo2 = y * g; hi2 = Math.multiplyHigh(y, g) + ((y >> 63) & g);
        s1 = lo1 + lo2; c1 = Mont256.carry(lo1, lo2, s1);
        long r1 = s1 + c; c2 = Mont256.carry(s1, c, r1) + (c >> 63);
        c = hi1 + hi2 + c1 + c2;
        x = s[2]; y = s[6];
        lo1 = x * f; hi1 = Math.multiplyHigh(x, f) + ((x >> 63) & f);
        lo2 = y * g; hi2 = Math.multiplyHigh(y, g) + ((y >> 63) & g);
        s1 = lo1 + lo2; c1 = Mont256.carry(lo1, lo2, s1);
        long r2 = s1 + c; c2 = Mont256.carry(s1, c, r2) + (c >> 63);
        c = hi1 + hi2 + c1 + c2;
        x = s[3]; y = s[7];
        lo1 = x * f; hi1 = Math.multiplyHigh(x, f) + ((x >> 63) & f);
        lo2 = y * g; hi2 = Math.multiplyHigh(y, g) + ((y >> 63) & g);
        s1 = lo1 + lo2; c1 = Mont256.carry(lo1, lo2, s1);
        long r3 = s1 + c; c2 = Mont256.carry(s1, c, r3) + (c >> 63);
        c = hi1 + hi2 + c1 + c2;
        long w0 = (r0 >>> STEPS) | (r1 << (64 - STEPS));
        long w1 = (r1 >>> STEPS) | (r2 << (64 - STEPS));
        long w2 = (r2 >>> STEPS) | (r3 << (64 - STEPS));
        long w3 = (r3 >>> STEPS) | (c << (64 - STEPS));
        long neg = w3 >> 63;
        // conditional two's-complement negation: (w ^ neg) - neg over four limbs
        w0 ^= neg; w1 ^= neg; w2 ^= neg; w3 ^= neg;
        long add = -neg;
        long t0 = w0 + add;
        long k = Mont256.carry(w0, add, t0);
        long t1 = w1 + k;
        k = Mont256.carry(w1, k, t1);
        long t2 = w2 + k;
        k = Mont256.carry(w2, k, t2);
        s[d] = t0;
        s[d + 1] = t1;
        s[d + 2] = t2;
        s[d + 3] = w3 + k;
        return neg;
    }

    /**
     * s[d..d+4) = (u f + v g) / 2^64 mod m, reduced (u = s[8..12), v = s[12..16), both below m,
     * |f| + |g| &lt;= 2^30): one Montgomery step, then one conditional correction either way.
     */
    private static void linMont(long[] s, long f, long g, int d,
                                long p0, long p1, long p2, long p3, long minv) {
        long c = 0, lo1, hi1, lo2, hi2, x, y, s1, c1, c2;
        x = s[8]; y = s[12];
        lo1 = x * f; hi1 = Math.multiplyHigh(x, f) + ((x >> 63) & f);
        lo2 = y * g; hi2 = Math.multiplyHigh(y, g) + ((y >> 63) & g);
        s1 = lo1 + lo2; c1 = Mont256.carry(lo1, lo2, s1);
        long r0 = s1 + c; c2 = Mont256.carry(s1, c, r0) + (c >> 63);
        c = hi1 + hi2 + c1 + c2;
        x = s[9]; y = s[13];
        lo1 = x * f; hi1 = Math.multiplyHigh(x, f) + ((x >> 63) & f);
        lo2 = y * g; hi2 = Math.multiplyHigh(y, g) + ((y >> 63) & g);
        s1 = lo1 + lo2; c1 = Mont256.carry(lo1, lo2, s1);
        long r1 = s1 + c; c2 = Mont256.carry(s1, c, r1) + (c >> 63);
        c = hi1 + hi2 + c1 + c2;
        x = s[10]; y = s[14];
        lo1 = x * f; hi1 = Math.multiplyHigh(x, f) + ((x >> 63) & f);
        lo2 = y * g; hi2 = Math.multiplyHigh(y, g) + ((y >> 63) & g);
        s1 = lo1 + lo2; c1 = Mont256.carry(lo1, lo2, s1);
        long r2 = s1 + c; c2 = Mont256.carry(s1, c, r2) + (c >> 63);
        c = hi1 + hi2 + c1 + c2;
        x = s[11]; y = s[15];
        lo1 = x * f; hi1 = Math.multiplyHigh(x, f) + ((x >> 63) & f);
        lo2 = y * g; hi2 = Math.multiplyHigh(y, g) + ((y >> 63) & g);
        s1 = lo1 + lo2; c1 = Mont256.carry(lo1, lo2, s1);
        long r3 = s1 + c; c2 = Mont256.carry(s1, c, r3) + (c >> 63);
        c = hi1 + hi2 + c1 + c2;
        // w = r + c 2^256 (c signed); add mu m with mu = r0 * (-m^-1) so that the low limb vanishes
        long mu = r0 * minv;
        long lo = mu * p0, hi = Mont256.mulHi(mu, p0);
        long t = r0 + lo;
        long k = hi + Mont256.carry(r0, lo, t);
        lo = mu * p1; hi = Mont256.mulHi(mu, p1);
        t = lo + k; hi += Mont256.carry(lo, k, t); lo = t;
        long q0 = r1 + lo; k = hi + Mont256.carry(r1, lo, q0);
        lo = mu * p2; hi = Mont256.mulHi(mu, p2);
        t = lo + k; hi += Mont256.carry(lo, k, t); lo = t;
        long q1 = r2 + lo; k = hi + Mont256.carry(r2, lo, q1);
        lo = mu * p3; hi = Mont256.mulHi(mu, p3);
        t = lo + k; hi += Mont256.carry(lo, k, t); lo = t;
        long q2 = r3 + lo; k = hi + Mont256.carry(r3, lo, q2);
        long q3 = c + k; // signed top limb: the result lies in (-m, 2m)
        long neg = q3 >> 63;
        // negative: add m; otherwise subtract m unless that borrows
        long a0 = p0 & neg, a1 = p1 & neg, a2 = p2 & neg, a3 = p3 & neg;
        long e0 = q0 + a0;
        k = Mont256.carry(q0, a0, e0);
        long e1 = q1 + a1 + k;
        k = Mont256.carry(q1, a1, e1);
        long e2 = q2 + a2 + k;
        k = Mont256.carry(q2, a2, e2);
        long e3 = q3 + a3 + k;
        long d0 = e0 - p0;
        long b = ((~e0 & p0) | ((~e0 | p0) & d0)) >>> 63;
        long d1 = e1 - p1 - b;
        b = ((~e1 & p1) | ((~e1 | p1) & d1)) >>> 63;
        long d2 = e2 - p2 - b;
        b = ((~e2 & p2) | ((~e2 | p2) & d2)) >>> 63;
        long d3 = e3 - p3 - b;
        long keep = d3 >> 63; // e < m: keep e
        s[d] = (e0 & keep) | (d0 & ~keep);
        s[d + 1] = (e1 & keep) | (d1 & ~keep);
        s[d + 2] = (e2 & keep) | (d2 & ~keep);
        s[d + 3] = (e3 & keep) | (d3 & ~keep);
    }
}
