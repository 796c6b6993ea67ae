package foldproof.folding.proof;

import foldproof.bn254.g1.G1Point;
import foldproof.folding.nifs.RelaxedInstance;
import foldproof.folding.spartan.CompressedProof;

/**
 * The part of a proof for one layer: per tile its AUX commitments, per folded tile (1..n-1) the cross-term
 * commitment, the random blinding instance with its cross term, and the compressed proof of the folded
 * instance.
 *
 * @param aux               {@code aux[tile][k]}: commitment of the k-th AUX slot of each tile
 * @param crossTerms        {@code comm_T} of tiles 1 .. numTiles-1 (index tile-1)
 * @param blinding          the random satisfying instance folded in before compression
 * @param blindingCrossTerm {@code comm_T} of that last fold
 * @param compressed        the compression of the folded instance
 */
public record LayerProof(G1Point[][] aux, G1Point[] crossTerms, RelaxedInstance blinding, G1Point blindingCrossTerm,
                         CompressedProof compressed) { }
