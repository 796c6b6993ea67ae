package foldproof.folding.ipa;

import foldproof.folding.commit.PedersenKey;
import foldproof.folding.ec.G1Point;

/** The generators of a {@link PedersenKey} in the shapes the IPA needs. */
final class PedersenAccess {
    private PedersenAccess() { }

    /** A fresh flat affine copy of {@code G_0 .. G_{n-1}} (8 longs per point). */
    static long[] affineGenerators(PedersenKey key, int n) {
        long[] out = new long[8 * n];
        for (int i = 0; i < n; i++) {
            key.g(i).writeAffine(out, 8 * i);
        }
        return out;
    }

    static G1Point h(PedersenKey key) {
        return key.h();
    }
}
