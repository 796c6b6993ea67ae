package foldproof.quantizer.quant;

/**
 * How activation scales and weight precision are chosen.
 *
 * @param percentile   clip each post-ReLU tensor at this percentile of its positive calibration values
 *                     ({@code 1.0} = the maximum); scale = clip / 255
 * @param weightBits   per conv layer, the shift {@code k} is the largest with max |w_q| &lt;= 2^weightBits
 *                     (max |w_q| lands in (2^(weightBits-1), 2^weightBits]); every extra bit of {@code k}
 *                     costs one range-check bit per activation in the circuit
 * @param headBits     the same for the head's folded GAP + Linear weights
 */
public record Calibration(double percentile, int weightBits, int headBits) {
    /** The defaults, chosen on the real CIFAR ResNets (see docs/quantizer.md). */
    public static final Calibration DEFAULT = new Calibration(0.99999, 11, 12);

    public Calibration {
        if (!(percentile > 0.5 && percentile <= 1.0) || weightBits < 2 || weightBits > 24 || headBits < 2 || headBits > 24) {
            throw new IllegalArgumentException("calibration: percentile in (0.5, 1], weight bits in [2, 24]");
        }
    }
}
