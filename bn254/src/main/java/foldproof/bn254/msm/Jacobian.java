package foldproof.bn254.msm;

import foldproof.bn254.fq.Fq;

/**
 * Allocation-free BN254 G1 kernels used by the MSM buckets (curve {@code y^2 = x^3 + 3} over Fq).
 *
 * <p>Layouts (all coordinates in Fq Montgomery form, 4 limbs each):
 * a Jacobian point at offset {@code o} is {@code X = p[o..o+3], Y = p[o+4..o+7], Z = p[o+8..o+11]}
 * ({@code (X/Z^2, Y/Z^3)}, identity when {@code Z = 0}); an affine point is {@code x = a[o..o+3],
 * y = a[o+4..o+7]} and the identity is encoded as {@code x = y = 0} ({@code (0,0)} is not on the curve).
 * Every kernel takes a scratch array of at least {@link #SCRATCH} longs; outputs may alias inputs.
 * Formulas: EFD {@code madd-2007-bl}, {@code add-2007-bl}, {@code dbl-2009-l} (a = 0).
 */
final class Jacobian {
    /** Longs per Jacobian point. */
    static final int SIZE = 12;
    /** Longs per affine point. */
    static final int AFFINE = 8;
    /** Scratch longs required by the kernels. */
    static final int SCRATCH = 4 * 14;

    private static final int T0 = 0, T1 = 4, T2 = 8, T3 = 12, T4 = 16, T5 = 20, T6 = 24, T7 = 28, T8 = 32, T9 = 36,
            T10 = 40, T11 = 44, T12 = 48, T13 = 52;

    private Jacobian() {}

    static boolean isIdentity(long[] p, int po) {
        return Fq.isZero(p, po + 8);
    }

    static boolean isAffineIdentity(long[] a, int ao) {
        return Fq.isZero(a, ao) && Fq.isZero(a, ao + 4);
    }

    static void setIdentity(long[] p, int po) {
        java.util.Arrays.fill(p, po, po + SIZE, 0L);
    }

    static void copy(long[] p, int po, long[] out, int oo) {
        System.arraycopy(p, po, out, oo, SIZE);
    }

    /** Sets {@code out} to the affine point {@code a} (or the identity). */
    static void fromAffine(long[] a, int ao, long[] out, int oo) {
        if (isAffineIdentity(a, ao)) {
            setIdentity(out, oo);
            return;
        }
        System.arraycopy(a, ao, out, oo, AFFINE);
        System.arraycopy(Fq.ONE, 0, out, oo + 8, 4);
    }

    /** {@code p += a} where {@code a} is affine; if {@code negate}, adds {@code -a}. */
    static void addAffine(long[] p, int po, long[] a, int ao, boolean negate, long[] s) {
        if (isAffineIdentity(a, ao)) return;
        if (isIdentity(p, po)) {
            System.arraycopy(a, ao, p, po, 4);
            if (negate) Fq.neg(a, ao + 4, p, po + 4); else System.arraycopy(a, ao + 4, p, po + 4, 4);
            System.arraycopy(Fq.ONE, 0, p, po + 8, 4);
            return;
        }
        int x1 = po, y1 = po + 4, z1 = po + 8;
        Fq.sqr(p, z1, s, T0);                 // Z1Z1
        Fq.mul(a, ao, s, T0, s, T1);          // U2 = x2*Z1Z1
        Fq.mul(p, z1, s, T0, s, T2);          // Z1^3
        Fq.mul(a, ao + 4, s, T2, s, T2);      // S2 = y2*Z1^3
        if (negate) Fq.neg(s, T2, s, T2);
        Fq.sub(s, T1, p, x1, s, T3);          // H = U2 - X1
        Fq.sub(s, T2, p, y1, s, T4);          // S2 - Y1
        if (Fq.isZero(s, T3)) {
            if (Fq.isZero(s, T4)) double_(p, po, p, po, s);
            else setIdentity(p, po);
            return;
        }
        Fq.add(s, T4, s, T4, s, T4);          // r = 2(S2 - Y1)
        Fq.sqr(s, T3, s, T5);                 // HH
        Fq.add(s, T5, s, T5, s, T6);
        Fq.add(s, T6, s, T6, s, T6);          // I = 4HH
        Fq.mul(s, T3, s, T6, s, T7);          // J = H*I
        Fq.mul(p, x1, s, T6, s, T8);          // V = X1*I
        Fq.sqr(s, T4, s, T9);                 // r^2
        Fq.sub(s, T9, s, T7, s, T9);
        Fq.sub(s, T9, s, T8, s, T9);
        Fq.sub(s, T9, s, T8, s, T9);          // X3 = r^2 - J - 2V
        Fq.mul(p, y1, s, T7, s, T10);         // Y1*J
        Fq.add(s, T10, s, T10, s, T10);       // 2 Y1 J
        Fq.sub(s, T8, s, T9, s, T11);         // V - X3
        Fq.mul(s, T4, s, T11, s, T11);        // r(V - X3)
        Fq.mul(p, z1, s, T3, p, z1);          // Z1*H
        Fq.add(p, z1, p, z1, p, z1);          // Z3 = 2 Z1 H
        Fq.sub(s, T11, s, T10, p, y1);        // Y3
        System.arraycopy(s, T9, p, x1, 4);    // X3
    }

    /** {@code out = 2p}. */
    static void double_(long[] p, int po, long[] out, int oo, long[] s) {
        if (isIdentity(p, po)) {
            setIdentity(out, oo);
            return;
        }
        int x1 = po, y1 = po + 4, z1 = po + 8;
        Fq.sqr(p, x1, s, T0);                 // A
        Fq.sqr(p, y1, s, T1);                 // B
        Fq.sqr(s, T1, s, T2);                 // C
        Fq.add(p, x1, s, T1, s, T3);
        Fq.sqr(s, T3, s, T3);
        Fq.sub(s, T3, s, T0, s, T3);
        Fq.sub(s, T3, s, T2, s, T3);
        Fq.add(s, T3, s, T3, s, T3);          // D
        Fq.add(s, T0, s, T0, s, T4);
        Fq.add(s, T4, s, T0, s, T4);          // E = 3A
        Fq.sqr(s, T4, s, T5);                 // F
        Fq.mul(p, y1, p, z1, s, T6);
        Fq.add(s, T6, s, T6, out, oo + 8);    // Z3 = 2 Y1 Z1
        Fq.sub(s, T5, s, T3, s, T5);
        Fq.sub(s, T5, s, T3, s, T5);          // X3 = F - 2D
        Fq.sub(s, T3, s, T5, s, T7);          // D - X3
        Fq.mul(s, T4, s, T7, s, T7);          // E(D - X3)
        Fq.add(s, T2, s, T2, s, T2);
        Fq.add(s, T2, s, T2, s, T2);
        Fq.add(s, T2, s, T2, s, T2);          // 8C
        Fq.sub(s, T7, s, T2, out, oo + 4);    // Y3
        System.arraycopy(s, T5, out, oo, 4);
    }

    /** {@code p += q} (both Jacobian). */
    static void add(long[] p, int po, long[] q, int qo, long[] s) {
        if (isIdentity(q, qo)) return;
        if (isIdentity(p, po)) {
            copy(q, qo, p, po);
            return;
        }
        Fq.sqr(p, po + 8, s, T0);             // Z1Z1
        Fq.sqr(q, qo + 8, s, T1);             // Z2Z2
        Fq.mul(p, po, s, T1, s, T2);          // U1
        Fq.mul(q, qo, s, T0, s, T3);          // U2
        Fq.mul(q, qo + 8, s, T1, s, T4);
        Fq.mul(p, po + 4, s, T4, s, T4);      // S1 = Y1 Z2^3
        Fq.mul(p, po + 8, s, T0, s, T5);
        Fq.mul(q, qo + 4, s, T5, s, T5);      // S2 = Y2 Z1^3
        Fq.sub(s, T3, s, T2, s, T6);          // H
        Fq.sub(s, T5, s, T4, s, T7);          // S2 - S1
        if (Fq.isZero(s, T6)) {
            if (Fq.isZero(s, T7)) double_(p, po, p, po, s);
            else setIdentity(p, po);
            return;
        }
        Fq.add(s, T7, s, T7, s, T7);          // r
        Fq.add(s, T6, s, T6, s, T8);
        Fq.sqr(s, T8, s, T8);                 // I = (2H)^2
        Fq.mul(s, T6, s, T8, s, T9);          // J
        Fq.mul(s, T2, s, T8, s, T10);         // V = U1 I
        Fq.sqr(s, T7, s, T11);
        Fq.sub(s, T11, s, T9, s, T11);
        Fq.sub(s, T11, s, T10, s, T11);
        Fq.sub(s, T11, s, T10, s, T11);       // X3
        Fq.sub(s, T10, s, T11, s, T12);
        Fq.mul(s, T7, s, T12, s, T12);        // r(V - X3)
        Fq.mul(s, T4, s, T9, s, T13);
        Fq.add(s, T13, s, T13, s, T13);       // 2 S1 J
        Fq.mul(p, po + 8, q, qo + 8, s, T0);
        Fq.add(s, T0, s, T0, s, T0);
        Fq.mul(s, T0, s, T6, p, po + 8);      // Z3 = 2 Z1 Z2 H
        Fq.sub(s, T12, s, T13, p, po + 4);
        System.arraycopy(s, T11, p, po, 4);
    }

    /** Affine {@code out} (8 longs, identity = zeros) of the Jacobian point {@code p}. */
    static void toAffine(long[] p, int po, long[] out, int oo) {
        if (isIdentity(p, po)) {
            java.util.Arrays.fill(out, oo, oo + AFFINE, 0L);
            return;
        }
        long[] zi = new long[12];
        Fq.inv(p, po + 8, zi, 0);
        Fq.sqr(zi, 0, zi, 4);
        Fq.mul(zi, 4, zi, 0, zi, 8);
        Fq.mul(p, po, zi, 4, out, oo);
        Fq.mul(p, po + 4, zi, 8, out, oo + 4);
    }
}
