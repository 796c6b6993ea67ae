package foldproof.folding.proof;

import foldproof.bn254.g1.G1Point;
import foldproof.folding.nifs.Accumulator;

/**
 * The prover's result of folding one subtree of a layer's {@link FoldTree}: the folded pair
 * ({@link Accumulator}), the subtree's digest, and the proof entries it produced: the AUX commitments of
 * its leaves (images {@code [lo, hi)}, image-major) and its cross terms with their indices in
 * {@link LayerProof#crossTerms}.
 */
public final class Subtree {
    private final Accumulator acc;
    private final long[] digest;
    private final int lo;
    private final int hi;
    private final G1Point[][] aux;
    private final int[] crossAt;
    private final G1Point[] cross;

    public Subtree(Accumulator acc, long[] digest, int lo, int hi, G1Point[][] aux, int[] crossAt, G1Point[] cross) {
        if (crossAt.length != cross.length) {
            throw new IllegalArgumentException(crossAt.length + " cross-term indices for " + cross.length + " cross terms");
        }
        this.acc = acc;
        this.digest = digest;
        this.lo = lo;
        this.hi = hi;
        this.aux = aux;
        this.crossAt = crossAt;
        this.cross = cross;
    }

    public Accumulator accumulator() {
        return acc;
    }

    /** The subtree's digest (4 limbs): what the node above it absorbs. */
    public long[] digest() {
        return digest;
    }

    /** First image of the subtree. */
    public int lo() {
        return lo;
    }

    /** One past its last image. */
    public int hi() {
        return hi;
    }

    /** AUX commitments of its leaves, {@code (hi - lo) * tiles} rows, image-major. */
    public G1Point[][] aux() {
        return aux;
    }

    /** Indices of its cross terms in the layer's cross-term list. */
    public int[] crossAt() {
        return crossAt;
    }

    /** Its cross terms, parallel to {@link #crossAt()}. */
    public G1Point[] cross() {
        return cross;
    }

    /** Copies this subtree's proof entries into a layer's arrays (all leaves, all cross terms). */
    public void into(G1Point[][] layerAux, G1Point[] layerCross, int tiles) {
        System.arraycopy(aux, 0, layerAux, lo * tiles, aux.length);
        for (int i = 0; i < crossAt.length; i++) {
            layerCross[crossAt[i]] = cross[i];
        }
    }
}
