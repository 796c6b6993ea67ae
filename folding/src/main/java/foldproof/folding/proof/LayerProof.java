package foldproof.folding.proof;

import foldproof.bn254.g1.G1Point;
import foldproof.folding.nifs.RelaxedInstance;
import foldproof.folding.spartan.CompressedProof;

/**
 * The part of a proof for one layer, over every image of the batch: per leaf of the layer's fold tree
 * (image-major: leaf {@code n * tiles + j} is tile {@code j} of image {@code n}) its AUX commitments, the
 * cross-term commitments of the tree's folds ({@link FoldTree#crossIndex} and {@link FoldTree#nodeCrossIndex}),
 * the random blinding instance with its cross term, and the compressed proof of the folded instance.
 *
 * @param aux               {@code aux[leaf][k]}: commitment of the k-th AUX slot of each leaf
 * @param crossTerms        {@code comm_T} of every fold of the tree: {@code leaves - 1} of them
 * @param blinding          the random satisfying instance folded in before compression
 * @param blindingCrossTerm {@code comm_T} of that last fold
 * @param compressed        the compression of the folded instance
 */
public record LayerProof(G1Point[][] aux, G1Point[] crossTerms, RelaxedInstance blinding, G1Point blindingCrossTerm,
                         CompressedProof compressed) { }
