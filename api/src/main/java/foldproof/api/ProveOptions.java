package foldproof.api;

import java.security.SecureRandom;
import java.util.Objects;
import java.util.Random;
import java.util.function.Consumer;

/**
 * How {@link Foldproof#prove} proves: whether the input is opened, where the blinding randomness comes
 * from, where progress and warnings go. Immutable; each {@code with...} returns a changed copy.
 * {@link #defaults()}: input hidden, {@link SecureRandom} blinding, no progress, warnings dropped.
 */
public final class ProveOptions {
    /** Progress of a proof, one call per finished layer (in network order, from the proving thread). */
    @FunctionalInterface
    public interface LayerListener {
        /**
         * @param layer     index of the finished proof layer, 0-based
         * @param numLayers number of proof layers
         * @param name      layer name
         * @param tiles     its number of tiles (output rows)
         * @param nanos     wall-clock time it took
         */
        void layerDone(int layer, int numLayers, String name, int tiles, long nanos);
    }

    private static final LayerListener SILENT = (l, n, name, t, ns) -> { };

    private final boolean publicInput;
    private final Random random;
    private final LayerListener progress;
    private final Consumer<String> warnings;

    private ProveOptions(boolean publicInput, Random random, LayerListener progress, Consumer<String> warnings) {
        this.publicInput = publicInput;
        this.random = random;
        this.progress = progress;
        this.warnings = warnings;
    }

    /** Input hidden, {@link SecureRandom} blinding (a fresh {@code BlindingRandom} per proof), no progress, warnings dropped. */
    public static ProveOptions defaults() {
        return new ProveOptions(false, null, SILENT, w -> { });
    }

    /** Also open the input in the proof (the image is then NOT hidden; a verifier can compare it). */
    public ProveOptions withPublicInput(boolean open) {
        return new ProveOptions(open, random, progress, warnings);
    }

    /**
     * The source of every blinding factor. Anything but a {@link SecureRandom} makes the proof NOT
     * zero-knowledge: for tests and benchmarks that need reproducible proof bytes only.
     */
    public ProveOptions withRandom(Random random) {
        return new ProveOptions(publicInput, Objects.requireNonNull(random, "random"), progress, warnings);
    }

    /** A listener called after each proof layer. */
    public ProveOptions withProgress(LayerListener listener) {
        return new ProveOptions(publicInput, random, Objects.requireNonNull(listener, "listener"), warnings);
    }

    /** Where one-line warnings go (e.g. an image upscaled more than 4x for the model's input). */
    public ProveOptions withWarnings(Consumer<String> sink) {
        return new ProveOptions(publicInput, random, progress, Objects.requireNonNull(sink, "sink"));
    }

    /** Whether the input is opened. */
    public boolean publicInput() {
        return publicInput;
    }

    /**
     * The blinding source: the one given, else a new {@link foldproof.folding.commit.BlindingRandom} (a ChaCha20
     * keystream keyed by the platform's {@link SecureRandom}; for engines, e.g. {@code prover-spark}).
     */
    public Random randomOrSecure() {
        return random == null ? new foldproof.folding.commit.BlindingRandom() : random;
    }

    /** The per-layer listener (for engines). */
    public LayerListener progress() {
        return progress;
    }

    Consumer<String> warnings() {
        return warnings;
    }
}
