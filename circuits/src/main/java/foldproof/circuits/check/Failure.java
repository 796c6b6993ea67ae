package foldproof.circuits.check;

/**
 * The first failing constraint of a tile.
 *
 * @param layer      layer name
 * @param tile       tile index
 * @param constraint row index in the layer's shape
 * @param label      full namespace path, e.g. {@code layer3.0.conv2/tile 5/requant[c=12, x=7]}
 * @param detail     the evaluated A, B, C
 */
public record Failure(String layer, int tile, int constraint, String label, String detail) {
    @Override
    public String toString() {
        return label + " (constraint " + constraint + ": " + detail + ")";
    }
}
