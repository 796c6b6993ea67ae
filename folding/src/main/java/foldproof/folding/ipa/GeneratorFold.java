package foldproof.folding.ipa;

import foldproof.bn254.fq.Fq;
import foldproof.bn254.fr.Fr;
import foldproof.bn254.g1.G1;

import java.math.BigInteger;
import java.util.stream.IntStream;

/**
 * The prover's generator folding {@code G_i <- G_i + x G_{i+half}} for {@code i < half}, on flat affine
 * points (8 longs each, Montgomery Fq: the layout of {@link foldproof.bn254.msm.Msm}).
 *
 * <p><b>Endomorphism challenges.</b> Round challenges are {@code x = a + b lambda (mod r)} with
 * {@code a, b < 2^64} taken from a transcript challenge (2^128 distinct values, as Halo's endoscalars),
 * where {@code lambda} is the eigenvalue of the BN254 G1 endomorphism {@code phi(x, y) = (beta x, y)}.
 * So {@code x P = a P + b phi(P)}: a joint (Straus) double-and-add over 64 bits, i.e. 64 doublings
 * instead of 128 (or 254 for a full-width scalar), with signed 4-bit windows (16+1 digits per half).
 *
 * <p>Cost model: this fold is the dominant cost of the IPA prover, {@code n - 1} such multiplications
 * over all rounds, about 64 doublings + 34 additions + 8 for the table each; results are normalised
 * with one batched inversion per chunk. Chunks run on the common fork-join pool
 * ({@link #MIN_PARALLEL} keeps tiny rounds on the calling thread).
 */
final class GeneratorFold {
    /** Below this many outputs a round is folded on the calling thread (fork/join overhead dominates). */
    static final int MIN_PARALLEL = Integer.getInteger("foldproof.ipa.minParallel", 256);

    /** beta: a primitive cube root of unity in Fq with phi(P) = lambda P on G1 (Montgomery form). */
    private static final long[] BETA = new long[4];
    /** lambda in Fr (Montgomery form). */
    static final long[] LAMBDA = new long[4];

    static {
        Fq.fromBigInteger(new BigInteger("59e26bcea0d48bacd4f263f1acdb5c4f5763473177fffffe", 16), BETA, 0);
        Fr.fromBigInteger(new BigInteger("b3c4d79d41a917585bfc41088d8daaa78b17ea66b99c90dd", 16), LAMBDA, 0);
    }

    private GeneratorFold() { }

    /** The Fr value {@code a + b lambda} of the endo-challenge (a, b), unsigned 64-bit halves. */
    static void challengeValue(long a, long b, long[] out, int oo) {
        long[] t = {a, 0, 0, 0};
        long[] u = {b, 0, 0, 0};
        Fr.fromCanonical(t, 0, t, 0);
        Fr.fromCanonical(u, 0, u, 0);
        Fr.mul(u, 0, LAMBDA, 0, u, 0);
        Fr.add(t, 0, u, 0, out, oo);
    }

    /** {@code G_i <- G_i + (a + b lambda) G_{i+half}} for {@code i < half}. */
    static void fold(long[] gens, int half, long a, long b) {
        int[] da = digits(a);
        int[] db = digits(b);
        int chunks = half < MIN_PARALLEL ? 1
                : Math.min(half / (MIN_PARALLEL / 2), 4 * Runtime.getRuntime().availableProcessors());
        int per = (half + chunks - 1) / chunks;
        IntStream.range(0, chunks).parallel().forEach(ch -> {
            int from = ch * per;
            int to = Math.min(half, from + per);
            if (from >= to) {
                return;
            }
            long[] jac = new long[G1.JAC * (to - from)];
            long[] table = new long[16 * G1.JAC]; // 8 multiples of P, then their images under phi
            long[] acc = new long[G1.JAC];
            long[] neg = new long[G1.JAC];
            long[] s = new long[G1.SCRATCH];
            for (int i = from; i < to; i++) {
                G1.fromAffine(gens, G1.AFF * (i + half), table, 0);
                mulEndo(table, da, db, acc, neg, s);
                G1.addMixed(acc, 0, gens, G1.AFF * i, jac, G1.JAC * (i - from), s);
            }
            G1.batchToAffine(jac, 0, gens, G1.AFF * from, to - from);
        });
    }

    /** acc = a P + b phi(P) for P at table[0..JAC); fills the table. */
    private static void mulEndo(long[] table, int[] da, int[] db, long[] acc, long[] neg, long[] s) {
        G1.dbl(table, 0, table, G1.JAC, s);
        for (int j = 2; j < 8; j++) {
            G1.add(table, G1.JAC * (j - 1), table, 0, table, G1.JAC * j, s);
        }
        for (int j = 0; j < 8; j++) {
            int src = G1.JAC * j;
            int dst = G1.JAC * (8 + j);
            Fq.mul(table, src, BETA, 0, table, dst);
            System.arraycopy(table, src + 4, table, dst + 4, 8);
        }
        G1.setIdentity(acc, 0);
        for (int w = da.length - 1; w >= 0; w--) {
            if (!G1.isIdentity(acc, 0)) {
                for (int d = 0; d < 4; d++) {
                    G1.dbl(acc, 0, acc, 0, s);
                }
            }
            addDigit(acc, table, 0, da[w], neg, s);
            addDigit(acc, table, 8, db[w], neg, s);
        }
    }

    private static void addDigit(long[] acc, long[] table, int base, int d, long[] neg, long[] s) {
        if (d > 0) {
            G1.add(acc, 0, table, G1.JAC * (base + d - 1), acc, 0, s);
        } else if (d < 0) {
            G1.negate(table, G1.JAC * (base - d - 1), neg, 0);
            G1.add(acc, 0, neg, 0, acc, 0, s);
        }
    }

    /** Signed base-16 digits in [-8, 8) of an unsigned 64-bit value, least significant first (17 digits). */
    static int[] digits(long v) {
        int[] d = new int[17];
        int carry = 0;
        for (int w = 0; w < 17; w++) {
            int x = (w < 16 ? (int) ((v >>> (4 * w)) & 15) : 0) + carry;
            carry = x >= 8 ? 1 : 0;
            d[w] = x - 16 * carry;
        }
        return d;
    }
}
