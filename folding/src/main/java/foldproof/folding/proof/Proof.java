package foldproof.folding.proof;

import foldproof.bn254.g1.G1Point;
import foldproof.folding.spartan.FinalOpening;

import java.util.List;

/**
 * A foldproof proof in memory (see docs/proof-format.md for its bytes): the statement (model digest, and per
 * image of the batch its public logits and label, optionally its public input) and the argument (per image
 * its row-commitment table, one {@link LayerProof} per layer in network order covering every image, the
 * final opening). A single-image proof is the batch of one.
 *
 * @param modelDigest SHA-256 of the quantized model file
 * @param images      the batch, in file order (at least one image)
 * @param layers      per layer
 * @param opening     the one inner-product argument that opens every layer's accumulated evaluation claims
 */
public record Proof(byte[] modelDigest, List<Image> images, List<LayerProof> layers, FinalOpening opening) {
    /**
     * One image of the batch.
     *
     * @param logits      the public integer logits
     * @param label       argmax of the logits
     * @param publicInput the quantized input tensor (CHW, int8) when proven with {@code --public-input}, else null
     * @param rows        the image's row-commitment table, in {@link RowTable} order (input rows included, also
     *                    when public: then they are recomputed, not encoded)
     */
    public record Image(long[] logits, int label, int[] publicInput, G1Point[] rows) { }

    public Proof {
        images = List.copyOf(images);
        layers = List.copyOf(layers);
    }

    /** A single-image proof (the batch of one). */
    public Proof(byte[] modelDigest, long[] logits, int label, int[] publicInput, G1Point[] rows,
                 List<LayerProof> layers, FinalOpening opening) {
        this(modelDigest, List.of(new Image(logits, label, publicInput, rows)), layers, opening);
    }

    /** Number of images in the batch. */
    public int batchSize() {
        return images.size();
    }

    /** Image 0's logits: the whole statement of a single-image proof. */
    public long[] logits() {
        return images.get(0).logits();
    }

    /** Image 0's label. */
    public int label() {
        return images.get(0).label();
    }

    /** Image 0's public input, or null. */
    public int[] publicInput() {
        return images.get(0).publicInput();
    }

    /** Image 0's row table. */
    public G1Point[] rows() {
        return images.get(0).rows();
    }

    /** Whether the proof opens its inputs (all images or none). */
    public boolean hasPublicInput() {
        return images.get(0).publicInput() != null;
    }
}
