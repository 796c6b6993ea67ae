package foldproof.folding.ipa;

import foldproof.circuits.field.Fr;
import foldproof.folding.ec.G1;

import java.util.stream.IntStream;

/**
 * The prover's generator folding {@code G_i <- G_i + x G_{i+half}} for {@code i < half}, on flat affine
 * points (8 longs each, Montgomery Fq: the layout of {@link foldproof.folding.msm.Msm}).
 *
 * <p>Cost model: this is the dominant cost of the IPA prover, {@code n - 1} scalar multiplications over
 * all rounds. With 128-bit challenges each is about 128 Jacobian doublings + 32 additions (window 4) and
 * one mixed addition; the results are normalised with one batched inversion per chunk. Chunks run on
 * the common fork-join pool (the machine has 2 cores: {@link #MIN_PARALLEL} keeps tiny rounds serial).
 */
final class GeneratorFold {
    /** Below this many outputs a round is folded on the calling thread (fork/join overhead dominates). */
    static final int MIN_PARALLEL = 256;

    private GeneratorFold() { }

    static void fold(long[] gens, int half, long[] x) {
        long[] k = new long[4];
        Fr.toCanonical(x, 0, k, 0);
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
            long[] p = new long[G1.JAC];
            long[] q = new long[G1.JAC];
            long[] s = new long[G1.SCRATCH];
            for (int i = from; i < to; i++) {
                G1.fromAffine(gens, G1.AFF * (i + half), p, 0);
                G1.mul(p, 0, k, 0, q, 0);
                G1.addMixed(q, 0, gens, G1.AFF * i, jac, G1.JAC * (i - from), s);
            }
            G1.batchToAffine(jac, 0, gens, G1.AFF * from, to - from);
        });
    }
}
