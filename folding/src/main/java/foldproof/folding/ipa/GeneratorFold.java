package foldproof.folding.ipa;

import foldproof.folding.ec.G1Point;

/**
 * The prover's generator folding {@code G_i <- G_i + x G_{i+half}} for {@code i < half}, on flat affine
 * points (8 longs each, the layout of {@link foldproof.folding.msm.Msm}). This is the dominant cost of
 * the IPA prover: {@code n} scalar multiplications by 128-bit challenges over all rounds.
 */
final class GeneratorFold {
    private GeneratorFold() { }

    static void fold(long[] gens, int half, long[] x) {
        for (int i = 0; i < half; i++) {
            G1Point lo = G1Point.fromAffine(gens, 8 * i);
            G1Point hi = G1Point.fromAffine(gens, 8 * (i + half));
            lo.add(hi.mul(x)).toAffine(gens, 8 * i);
        }
    }
}
