package foldproof.bn254.g1;

import foldproof.bn254.fq.Fq;

import foldproof.bn254.Bn254Exception;
import foldproof.bn254.fr.Fr;
import foldproof.bn254.internal.MontField;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * An immutable BN254 G1 point, the value type used at API edges (commitments in instances and
 * proofs). Arithmetic delegates to the {@link G1} kernels; hot loops (MSM) should use those on
 * flat arrays instead.
 *
 * <p><b>Compressed encoding</b> (32 bytes): the canonical x coordinate, big-endian. Since
 * p &lt; 2^254 the two top bits of byte 0 are free and carry flags: bit 7 (0x80) marks the
 * identity, whose encoding is exactly 0x80 followed by 31 zero bytes; bit 6 (0x40) is set when the
 * canonical y is odd. {@link #decode} is strict: wrong length, unknown flag combinations,
 * x &ge; p and x with no curve point are rejected with a {@link Bn254Exception}.
 */
public final class G1Point {
    /** Bytes in the compressed encoding. */
    public static final int ENCODED_BYTES = 32;
    private static final int FLAG_IDENTITY = 0x80;
    private static final int FLAG_Y_ODD = 0x40;

    /** The point at infinity. */
    public static final G1Point IDENTITY;
    /** The standard generator (1, 2). */
    public static final G1Point GENERATOR;

    static {
        long[] id = new long[G1.JAC];
        G1.setIdentity(id, 0);
        IDENTITY = new G1Point(id);
        long[] g = new long[G1.AFF];
        Fq.fromLong(1, g, 0);
        Fq.fromLong(2, g, 4);
        GENERATOR = fromAffine(g, 0);
    }

    private final long[] jac;        // Jacobian X, Y, Z (Montgomery Fq)
    private volatile long[] affine;  // lazily normalised (x, y); (0, 0) for the identity

    private G1Point(long[] jac) {
        this.jac = jac;
    }

    /** A point from Jacobian coordinates (12 longs at off), copied, assumed to be on the curve. */
    public static G1Point fromJacobian(long[] j, int off) {
        return new G1Point(Arrays.copyOfRange(j, off, off + G1.JAC));
    }

    /**
     * A point from affine coordinates (8 longs at off, Montgomery Fq; (0, 0) is the identity),
     * checked to be on the curve.
     *
     * @throws Bn254Exception when (x, y) is not on the curve
     */
    public static G1Point fromAffine(long[] a, int off) {
        if (!G1.isIdentityAffine(a, off) && !G1.isOnCurveAffine(a, off)) {
            throw new Bn254Exception("G1 point is not on the curve y^2 = x^3 + 3");
        }
        long[] j = new long[G1.JAC];
        G1.fromAffine(a, off, j, 0);
        G1Point pt = new G1Point(j);
        pt.affine = Arrays.copyOfRange(a, off, off + G1.AFF);
        return pt;
    }

    /** this + other. */
    public G1Point add(G1Point other) {
        long[] out = new long[G1.JAC];
        G1.add(jac, 0, other.jac, 0, out, 0, new long[G1.SCRATCH]);
        return new G1Point(out);
    }

    /** this - other. */
    public G1Point sub(G1Point other) {
        return add(other.neg());
    }

    /** 2 this. */
    public G1Point dbl() {
        long[] out = new long[G1.JAC];
        G1.dbl(jac, 0, out, 0, new long[G1.SCRATCH]);
        return new G1Point(out);
    }

    /** -this. */
    public G1Point neg() {
        long[] out = new long[G1.JAC];
        G1.negate(jac, 0, out, 0);
        return new G1Point(out);
    }

    /** k this for an Fr scalar in Montgomery form (as produced by {@link Fr}), 4 limbs at 0. */
    public G1Point mul(long[] frScalar) {
        return mul(frScalar, 0);
    }

    /** k this for an Fr scalar in Montgomery form at offset off. Not constant time. */
    public G1Point mul(long[] frScalar, int off) {
        long[] k = new long[4];
        Fr.toCanonical(frScalar, off, k, 0);
        long[] out = new long[G1.JAC];
        G1.mul(jac, 0, k, 0, out, 0);
        return new G1Point(out);
    }

    /** k this for a small signed integer k. */
    public G1Point mul(long k) {
        long[] f = new long[4];
        Fr.fromLong(k, f, 0);
        return mul(f, 0);
    }

    /** True for the point at infinity. */
    public boolean isIdentity() {
        return G1.isIdentity(jac, 0);
    }

    /** Affine coordinates (x, y) as Montgomery Fq elements, a fresh 8-long array; identity: zeros. */
    public long[] affine() {
        return normalised().clone();
    }

    /** Writes the affine coordinates (8 longs) at dst[off]. */
    public void writeAffine(long[] dst, int off) {
        System.arraycopy(normalised(), 0, dst, off, G1.AFF);
    }

    /** Writes the Jacobian coordinates (12 longs) at dst[off]. */
    public void writeJacobian(long[] dst, int off) {
        System.arraycopy(jac, 0, dst, off, G1.JAC);
    }

    /** Affine coordinates of many points with one field inversion: 8 longs per point. */
    public static long[] toAffine(G1Point[] points) {
        int n = points.length;
        long[] j = new long[G1.JAC * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(points[i].jac, 0, j, G1.JAC * i, G1.JAC);
        }
        long[] a = new long[G1.AFF * n];
        G1.batchToAffine(j, 0, a, 0, n);
        return a;
    }

    private long[] normalised() {
        long[] a = affine;
        if (a == null) {
            a = new long[G1.AFF];
            G1.toAffine(jac, 0, a, 0);
            affine = a;
        }
        return a;
    }

    /** The 32-byte compressed encoding (see the class comment). */
    public byte[] encode() {
        byte[] out = new byte[ENCODED_BYTES];
        if (isIdentity()) {
            out[0] = (byte) FLAG_IDENTITY;
            return out;
        }
        long[] a = normalised();
        Fq.toBytes(a, 0, out, 0);
        if (Fq.isOdd(a, 4)) {
            out[0] |= FLAG_Y_ODD;
        }
        return out;
    }

    /**
     * Parses a compressed encoding strictly.
     *
     * @throws Bn254Exception naming the defect: length, flags, non-canonical x, or no curve point
     */
    public static G1Point decode(byte[] enc) {
        if (enc == null || enc.length != ENCODED_BYTES) {
            throw new Bn254Exception("G1 point encoding must be " + ENCODED_BYTES + " bytes, got "
                    + (enc == null ? "none" : enc.length));
        }
        int flags = enc[0] & 0xC0;
        if ((flags & FLAG_IDENTITY) != 0) {
            boolean rest = (enc[0] & 0x7F) == 0;
            for (int i = 1; i < ENCODED_BYTES && rest; i++) {
                rest = enc[i] == 0;
            }
            if (!rest) {
                throw new Bn254Exception("G1 point encoding has the identity flag but nonzero bits: "
                        + HexFormat.of().formatHex(enc));
            }
            return IDENTITY;
        }
        byte[] xb = enc.clone();
        xb[0] &= 0x3F;
        long[] a = new long[G1.AFF];
        long[] raw = new long[4];
        MontField.readBigEndian(xb, 0, raw, 0);
        if (!Fq.FIELD.isCanonical(raw, 0)) {
            throw new Bn254Exception("G1 point encoding has a non-canonical x coordinate (x >= p)");
        }
        Fq.fromCanonical(raw, 0, a, 0);
        long[] t = new long[4];
        Fq.sqr(a, 0, t, 0);                 // x^3 + 3
        Fq.mul(t, 0, a, 0, t, 0);
        Fq.add(t, 0, G1.B, 0, t, 0);
        if (!Fq.sqrt(t, 0, a, 4)) {
            throw new Bn254Exception("G1 point encoding: x is not the x coordinate of a curve point");
        }
        if (Fq.isOdd(a, 4) != ((flags & FLAG_Y_ODD) != 0)) {
            Fq.neg(a, 4, a, 4);
        }
        return fromAffine(a, 0);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof G1Point other && G1.equal(jac, 0, other.jac, 0);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(normalised());
    }

    @Override
    public String toString() {
        return "G1(" + HexFormat.of().formatHex(encode()) + ")";
    }
}
