package foldproof.folding.ipa;

import foldproof.bn254.g1.G1Point;
import foldproof.bn254.msm.Msm;
import foldproof.folding.ProofException;
import foldproof.folding.commit.PedersenKey;

/** The generators of a {@link PedersenKey} in the shapes the IPA needs. */
final class PedersenAccess {
    private PedersenAccess() { }

    /** A fresh flat affine copy of {@code G_0 .. G_{n-1}} (8 longs per point), for in-place folding. */
    static long[] affineGenerators(PedersenKey key, int n) {
        return java.util.Arrays.copyOf(sharedGenerators(key, n), Msm.AFFINE_LONGS * n);
    }

    /** The key's own flat affine generators (at least {@code n}); shared, never modified. */
    static long[] sharedGenerators(PedersenKey key, int n) {
        if (key.size() < n) {
            throw new ProofException("Pedersen key has " + key.size() + " generators, an opening needs " + n);
        }
        return key.bases();
    }

    static G1Point h(PedersenKey key) {
        return key.h();
    }
}
