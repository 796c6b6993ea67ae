package foldproof.folding.proof;

import foldproof.bn254.g1.G1Point;
import foldproof.folding.spartan.FinalOpening;

import java.util.List;

/**
 * A foldproof proof in memory (see docs/proof-format.md for its bytes): the statement (model digest,
 * public logits and label, optionally the public input) and the argument (row-commitment table, one
 * {@link LayerProof} per layer in network order, the final opening).
 *
 * @param modelDigest SHA-256 of the quantized model file
 * @param logits      the public integer logits
 * @param label       argmax of the logits
 * @param publicInput the quantized input tensor (CHW, int8) when proven with {@code --public-input}, else null
 * @param rows        the row-commitment table, in {@link RowTable} order (input rows included, also when
 *                    public: then they are recomputed, not encoded)
 * @param layers      per layer
 * @param opening     the one inner-product argument that opens every layer's accumulated evaluation claims
 */
public record Proof(byte[] modelDigest, long[] logits, int label, int[] publicInput, G1Point[] rows,
                    List<LayerProof> layers, FinalOpening opening) {
    public Proof {
        layers = List.copyOf(layers);
    }

    public boolean hasPublicInput() {
        return publicInput != null;
    }
}
