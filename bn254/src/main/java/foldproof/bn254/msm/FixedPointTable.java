package foldproof.bn254.msm;

import foldproof.bn254.fr.Fr;
import foldproof.bn254.g1.G1;
import foldproof.bn254.g1.G1Point;

/**
 * Scalar multiplication of one fixed point by precomputed signed-window multiples: {@code d 2^(8 j) P} for
 * {@code d = 1..128} and the 32 windows {@code j}, affine (4,096 points, 256 KiB, built in a few milliseconds),
 * so {@code k P} is at most 32 mixed additions instead of about 254 doublings and 50 additions. For the
 * commitment key's blinding generator {@code H}, which every hiding commitment multiplies by a fresh scalar.
 * Immutable and thread-safe once built.
 */
public final class FixedPointTable {
    private static final int C = 8;
    private static final int W = (255 + C - 1) / C;
    private static final int NB = 1 << (C - 1);

    /** Window {@code j}'s multiples at {@code (j NB + d - 1) * 8}, affine. */
    private final long[] table;

    /** The table of {@code p} (not the identity). */
    public FixedPointTable(G1Point p) {
        if (p.isIdentity()) {
            throw new IllegalArgumentException("fixed-point table of the identity");
        }
        long[] jac = new long[W * NB * Jacobian.SIZE];
        long[] s = new long[Jacobian.SCRATCH];
        long[] base = new long[Jacobian.SIZE];
        p.writeJacobian(base, 0);
        for (int j = 0; j < W; j++) {
            int o = j * NB * Jacobian.SIZE;
            Jacobian.copy(base, 0, jac, o);
            for (int d = 1; d < NB; d++) {
                Jacobian.copy(jac, o + (d - 1) * Jacobian.SIZE, jac, o + d * Jacobian.SIZE);
                Jacobian.add(jac, o + d * Jacobian.SIZE, base, 0, s);
            }
            for (int k = 0; k < C; k++) {
                Jacobian.double_(base, 0, base, 0, s);
            }
        }
        table = new long[8 * W * NB];
        G1.batchToAffine(jac, 0, table, 0, W * NB);   // one inversion for every multiple
    }

    /** {@code k P} for an Fr scalar in Montgomery form at {@code off}. Not constant time (like {@link G1Point#mul}). */
    public G1Point mul(long[] frScalar, int off) {
        long[] k = new long[4];
        Fr.toCanonical(frScalar, off, k, 0);
        long[] acc = new long[Jacobian.SIZE];
        long[] s = new long[Jacobian.SCRATCH];
        long mask = (1L << C) - 1;
        for (int j = 0; j < W; j++) {
            int d = Pippenger.digit(k, 0, j * C, C, mask);
            if (d != 0) {
                Jacobian.addAffine(acc, 0, table, (j * NB + (d < 0 ? -d : d) - 1) * 8, d < 0, s);
            }
        }
        return Msm.toPoint(acc);
    }
}
