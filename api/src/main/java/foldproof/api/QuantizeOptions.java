package foldproof.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * How {@link Foldproof#quantize} calibrates the activation scales: on images like the ones the model
 * will classify ({@link #calibration}), or data-free from the model's BatchNorm statistics
 * ({@link #dataFree}: mean + 6 x spread per channel; refused for a model whose BatchNorm was folded before
 * export). Optionally a {@code config.json} for a safetensors file ({@link #withConfig}).
 */
public final class QuantizeOptions {
    private final List<Path> images;
    private final Path config;

    private QuantizeOptions(List<Path> images, Path config) {
        this.images = images;
        this.config = config;
    }

    /** Calibrate from the BatchNorm statistics, no images. */
    public static QuantizeOptions dataFree() {
        return new QuantizeOptions(null, null);
    }

    /** Calibrate on these image files (a few hundred photos of the kind the model classifies). */
    public static QuantizeOptions calibration(List<Path> images) {
        if (images.isEmpty()) {
            throw new FoldproofException("no calibration images given");
        }
        return new QuantizeOptions(List.copyOf(images), null);
    }

    /** The same, with the model's {@code config.json} (HuggingFace safetensors). */
    public QuantizeOptions withConfig(Path config) {
        return new QuantizeOptions(images, Objects.requireNonNull(config, "config"));
    }

    /** The calibration images, or null for data-free. */
    List<Path> images() {
        return images;
    }

    Path config() {
        return config;
    }
}
