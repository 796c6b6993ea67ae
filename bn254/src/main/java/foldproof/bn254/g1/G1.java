package foldproof.bn254.g1;

import foldproof.bn254.fq.Fq;

/**
 * Allocation-free kernels for the BN254 group G1: points of y^2 = x^3 + 3 over {@link Fq} (prime
 * order r, cofactor 1, generator (1, 2)).
 *
 * <p><b>Layouts.</b> A Jacobian point (X, Y, Z), meaning (X/Z^2, Y/Z^3), is 12 longs at an offset:
 * X, Y, Z as Montgomery {@link Fq} elements; the identity has Z = 0. An affine point is 8 longs
 * (x, y); the identity is (0, 0), which is not on the curve (0 != 3), so no flag is needed.
 *
 * <p><b>Formulas</b> (Explicit-Formulas Database, "Jacobian coordinates with a4 = 0",
 * hyperelliptic.org/EFD/g1p/auto-shortw-jacobian-0.html): doubling dbl-2009-l (2M + 5S), addition
 * add-2007-bl (11M + 5S), mixed addition madd-2007-bl (7M + 4S). The exceptional cases (identity
 * inputs, P + P, P - P) are handled by explicit checks. Kernels take a scratch array of at least
 * {@link #SCRATCH} longs, write the result last, and so allow out to alias an input.
 */
public final class G1 {
    /** Longs per Jacobian point. */
    public static final int JAC = 12;
    /** Longs per affine point. */
    public static final int AFF = 8;
    /** Minimum scratch length for the kernels. */
    public static final int SCRATCH = 64;

    /** The curve constant b = 3 (Montgomery form). */
    static final long[] B = new long[4];

    static {
        Fq.fromLong(3, B, 0);
    }

    private G1() {
    }

    /** True when the Jacobian point is the identity (Z = 0). */
    public static boolean isIdentity(long[] p, int po) {
        return Fq.isZero(p, po + 8);
    }

    /** True when the affine point is the identity encoding (0, 0). */
    public static boolean isIdentityAffine(long[] a, int ao) {
        return Fq.isZero(a, ao) && Fq.isZero(a, ao + 4);
    }

    /** Writes the identity (1, 1, 0). */
    public static void setIdentity(long[] out, int oo) {
        Fq.copy(Fq.ONE, 0, out, oo);
        Fq.copy(Fq.ONE, 0, out, oo + 4);
        Fq.copy(Fq.ZERO, 0, out, oo + 8);
    }

    /** Copies a Jacobian point. */
    public static void copy(long[] p, int po, long[] out, int oo) {
        System.arraycopy(p, po, out, oo, JAC);
    }

    /** Jacobian form of an affine point ((0, 0) becomes the identity). */
    public static void fromAffine(long[] a, int ao, long[] out, int oo) {
        if (isIdentityAffine(a, ao)) {
            setIdentity(out, oo);
            return;
        }
        System.arraycopy(a, ao, out, oo, AFF);
        Fq.copy(Fq.ONE, 0, out, oo + 8);
    }

    /** out = -p. */
    public static void negate(long[] p, int po, long[] out, int oo) {
        Fq.copy(p, po, out, oo);
        Fq.neg(p, po + 4, out, oo + 4);
        Fq.copy(p, po + 8, out, oo + 8);
    }

    /** out = 2p (dbl-2009-l). */
    public static void dbl(long[] p, int po, long[] out, int oo, long[] s) {
        if (isIdentity(p, po)) {
            setIdentity(out, oo);
            return;
        }
        final int a = 0, b = 4, c = 8, d = 12, e = 16, f = 20, x3 = 24, y3 = 28, z3 = 32;
        Fq.sqr(p, po, s, a);                 // A = X1^2
        Fq.sqr(p, po + 4, s, b);             // B = Y1^2
        Fq.sqr(s, b, s, c);                  // C = B^2
        Fq.add(p, po, s, b, s, d);           // D = 2((X1 + B)^2 - A - C)
        Fq.sqr(s, d, s, d);
        Fq.sub(s, d, s, a, s, d);
        Fq.sub(s, d, s, c, s, d);
        Fq.add(s, d, s, d, s, d);
        Fq.add(s, a, s, a, s, e);            // E = 3A
        Fq.add(s, e, s, a, s, e);
        Fq.sqr(s, e, s, f);                  // F = E^2
        Fq.mul(p, po + 4, p, po + 8, s, z3); // Z3 = 2 Y1 Z1
        Fq.add(s, z3, s, z3, s, z3);
        Fq.sub(s, f, s, d, s, x3);           // X3 = F - 2D
        Fq.sub(s, x3, s, d, s, x3);
        Fq.sub(s, d, s, x3, s, y3);          // Y3 = E (D - X3) - 8C
        Fq.mul(s, e, s, y3, s, y3);
        Fq.add(s, c, s, c, s, c);
        Fq.add(s, c, s, c, s, c);
        Fq.add(s, c, s, c, s, c);
        Fq.sub(s, y3, s, c, s, y3);
        System.arraycopy(s, x3, out, oo, JAC);
    }

    /** out = p + q for Jacobian p, q (add-2007-bl). */
    public static void add(long[] p, int po, long[] q, int qo, long[] out, int oo, long[] s) {
        if (isIdentity(p, po)) {
            copy(q, qo, out, oo);
            return;
        }
        if (isIdentity(q, qo)) {
            copy(p, po, out, oo);
            return;
        }
        final int z1z1 = 0, z2z2 = 4, u1 = 8, u2 = 12, s1 = 16, s2 = 20, h = 24, r = 28, i = 32, j = 36, v = 40,
                x3 = 44, y3 = 48, z3 = 52;
        Fq.sqr(p, po + 8, s, z1z1);
        Fq.sqr(q, qo + 8, s, z2z2);
        Fq.mul(p, po, s, z2z2, s, u1);
        Fq.mul(q, qo, s, z1z1, s, u2);
        Fq.mul(p, po + 4, q, qo + 8, s, s1);  // S1 = Y1 Z2 Z2Z2
        Fq.mul(s, s1, s, z2z2, s, s1);
        Fq.mul(q, qo + 4, p, po + 8, s, s2);  // S2 = Y2 Z1 Z1Z1
        Fq.mul(s, s2, s, z1z1, s, s2);
        Fq.sub(s, u2, s, u1, s, h);           // H = U2 - U1
        Fq.sub(s, s2, s, s1, s, r);           // r = 2 (S2 - S1)
        if (Fq.isZero(s, h)) {
            if (Fq.isZero(s, r)) {
                dbl(p, po, out, oo, s);
            } else {
                setIdentity(out, oo);
            }
            return;
        }
        Fq.add(s, r, s, r, s, r);
        Fq.add(s, h, s, h, s, i);             // I = (2H)^2
        Fq.sqr(s, i, s, i);
        Fq.mul(s, h, s, i, s, j);             // J = H I
        Fq.mul(s, u1, s, i, s, v);            // V = U1 I
        Fq.sqr(s, r, s, x3);                  // X3 = r^2 - J - 2V
        Fq.sub(s, x3, s, j, s, x3);
        Fq.sub(s, x3, s, v, s, x3);
        Fq.sub(s, x3, s, v, s, x3);
        Fq.sub(s, v, s, x3, s, y3);           // Y3 = r (V - X3) - 2 S1 J
        Fq.mul(s, r, s, y3, s, y3);
        Fq.mul(s, s1, s, j, s, s1);
        Fq.add(s, s1, s, s1, s, s1);
        Fq.sub(s, y3, s, s1, s, y3);
        Fq.add(p, po + 8, q, qo + 8, s, z3);  // Z3 = ((Z1 + Z2)^2 - Z1Z1 - Z2Z2) H
        Fq.sqr(s, z3, s, z3);
        Fq.sub(s, z3, s, z1z1, s, z3);
        Fq.sub(s, z3, s, z2z2, s, z3);
        Fq.mul(s, z3, s, h, s, z3);
        System.arraycopy(s, x3, out, oo, JAC);
    }

    /** out = p + a for Jacobian p and affine a (madd-2007-bl); the MSM bucket kernel. */
    public static void addMixed(long[] p, int po, long[] a, int ao, long[] out, int oo, long[] s) {
        if (isIdentityAffine(a, ao)) {
            copy(p, po, out, oo);
            return;
        }
        if (isIdentity(p, po)) {
            fromAffine(a, ao, out, oo);
            return;
        }
        final int z1z1 = 0, u2 = 4, s2 = 8, h = 12, r = 16, hh = 20, i = 24, j = 28, v = 32, x3 = 36, y3 = 40,
                z3 = 44;
        Fq.sqr(p, po + 8, s, z1z1);
        Fq.mul(a, ao, s, z1z1, s, u2);        // U2 = X2 Z1Z1
        Fq.mul(a, ao + 4, p, po + 8, s, s2);  // S2 = Y2 Z1 Z1Z1
        Fq.mul(s, s2, s, z1z1, s, s2);
        Fq.sub(s, u2, p, po, s, h);           // H = U2 - X1
        Fq.sub(s, s2, p, po + 4, s, r);       // r = 2 (S2 - Y1)
        if (Fq.isZero(s, h)) {
            if (Fq.isZero(s, r)) {
                dbl(p, po, out, oo, s);
            } else {
                setIdentity(out, oo);
            }
            return;
        }
        Fq.add(s, r, s, r, s, r);
        Fq.sqr(s, h, s, hh);                  // HH = H^2
        Fq.add(s, hh, s, hh, s, i);           // I = 4 HH
        Fq.add(s, i, s, i, s, i);
        Fq.mul(s, h, s, i, s, j);             // J = H I
        Fq.mul(p, po, s, i, s, v);            // V = X1 I
        Fq.sqr(s, r, s, x3);                  // X3 = r^2 - J - 2V
        Fq.sub(s, x3, s, j, s, x3);
        Fq.sub(s, x3, s, v, s, x3);
        Fq.sub(s, x3, s, v, s, x3);
        Fq.sub(s, v, s, x3, s, y3);           // Y3 = r (V - X3) - 2 Y1 J
        Fq.mul(s, r, s, y3, s, y3);
        Fq.mul(p, po + 4, s, j, s, j);
        Fq.add(s, j, s, j, s, j);
        Fq.sub(s, y3, s, j, s, y3);
        Fq.add(p, po + 8, s, h, s, z3);       // Z3 = (Z1 + H)^2 - Z1Z1 - HH
        Fq.sqr(s, z3, s, z3);
        Fq.sub(s, z3, s, z1z1, s, z3);
        Fq.sub(s, z3, s, hh, s, z3);
        System.arraycopy(s, x3, out, oo, JAC);
    }

    /** Affine form of p (identity becomes (0, 0)); one field inversion. */
    public static void toAffine(long[] p, int po, long[] out, int oo) {
        if (isIdentity(p, po)) {
            java.util.Arrays.fill(out, oo, oo + AFF, 0L);
            return;
        }
        long[] t = new long[8];
        Fq.inv(p, po + 8, t, 0);
        scaleToAffine(p, po, t, 0, out, oo, t);
    }

    /** out = (X zi^2, Y zi^3) given zi = 1/Z; t is 8 longs of scratch (may hold zi at 0). */
    private static void scaleToAffine(long[] p, int po, long[] zi, int zo, long[] out, int oo, long[] t) {
        Fq.sqr(zi, zo, t, 4);
        Fq.mul(p, po, t, 4, out, oo);
        Fq.mul(t, 4, zi, zo, t, 4);
        Fq.mul(p, po + 4, t, 4, out, oo + 4);
    }

    /**
     * Converts n consecutive Jacobian points to affine with one inversion (Montgomery's trick over
     * the Z coordinates); identities become (0, 0).
     */
    public static void batchToAffine(long[] jac, int jo, long[] aff, int ao, int n) {
        long[] zs = new long[4 * n];
        for (int i = 0; i < n; i++) {
            Fq.copy(jac, jo + JAC * i + 8, zs, 4 * i);
        }
        Fq.batchInverse(zs, 0, zs, 0, n);
        long[] t = new long[8];
        for (int i = 0; i < n; i++) {
            if (Fq.isZero(zs, 4 * i)) {
                java.util.Arrays.fill(aff, ao + AFF * i, ao + AFF * i + AFF, 0L);
            } else {
                scaleToAffine(jac, jo + JAC * i, zs, 4 * i, aff, ao + AFF * i, t);
            }
        }
    }

    /** True when the affine (x, y) satisfies y^2 = x^3 + 3 (false for the identity encoding). */
    public static boolean isOnCurveAffine(long[] a, int ao) {
        long[] t = new long[8];
        Fq.sqr(a, ao, t, 0);
        Fq.mul(t, 0, a, ao, t, 0);
        Fq.add(t, 0, B, 0, t, 0);
        Fq.sqr(a, ao + 4, t, 4);
        return Fq.equal(t, 0, t, 4);
    }

    /** True when p and q are the same point (compares X1 Z2^2 = X2 Z1^2 and Y1 Z2^3 = Y2 Z1^3). */
    public static boolean equal(long[] p, int po, long[] q, int qo) {
        boolean pi = isIdentity(p, po), qi = isIdentity(q, qo);
        if (pi || qi) {
            return pi == qi;
        }
        long[] t = new long[16];
        Fq.sqr(p, po + 8, t, 0);             // Z1^2
        Fq.sqr(q, qo + 8, t, 4);             // Z2^2
        Fq.mul(p, po, t, 4, t, 8);
        Fq.mul(q, qo, t, 0, t, 12);
        if (!Fq.equal(t, 8, t, 12)) {
            return false;
        }
        Fq.mul(t, 0, p, po + 8, t, 0);       // Z1^3
        Fq.mul(t, 4, q, qo + 8, t, 4);       // Z2^3
        Fq.mul(p, po + 4, t, 4, t, 8);
        Fq.mul(q, qo + 4, t, 0, t, 12);
        return Fq.equal(t, 8, t, 12);
    }

    /**
     * out = k p for a canonical (non-Montgomery) scalar k of four little-endian limbs, by a
     * left-to-right signed fixed window of width 4 (digits in [-8, 8), table of 1p..8p). Not
     * constant time: use it for public scalars (challenges), not secrets.
     */
    public static void mul(long[] p, int po, long[] k, int ko, long[] out, int oo) {
        long[] s = new long[SCRATCH];
        long[] table = new long[8 * JAC];    // table[i] = (i + 1) p
        copy(p, po, table, 0);
        dbl(p, po, table, JAC, s);
        for (int i = 2; i < 8; i++) {
            add(table, JAC * (i - 1), p, po, table, JAC * i, s);
        }
        int[] digits = new int[65];
        int carry = 0;
        for (int w = 0; w < 65; w++) {
            int bit = 4 * w;
            int v = bit < 256 ? (int) ((k[ko + (bit >>> 6)] >>> (bit & 63)) & 15) : 0;
            v += carry;
            carry = v >= 8 ? 1 : 0;
            digits[w] = v - 16 * carry;
        }
        long[] acc = new long[JAC];
        long[] neg = new long[JAC];
        setIdentity(acc, 0);
        for (int w = 64; w >= 0; w--) {
            if (!isIdentity(acc, 0)) {
                for (int d = 0; d < 4; d++) {
                    dbl(acc, 0, acc, 0, s);
                }
            }
            int dg = digits[w];
            if (dg > 0) {
                add(acc, 0, table, JAC * (dg - 1), acc, 0, s);
            } else if (dg < 0) {
                negate(table, JAC * (-dg - 1), neg, 0);
                add(acc, 0, neg, 0, acc, 0, s);
            }
        }
        copy(acc, 0, out, oo);
    }
}
