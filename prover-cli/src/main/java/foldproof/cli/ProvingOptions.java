package foldproof.cli;

import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.Random;

/**
 * The option block {@code prove} and {@code demo} share (with {@link CommonOptions}), mixed in with
 * {@code @Mixin ProvingOptions proving;}: {@code --seed S}, the source of the blinding randomness.
 */
final class ProvingOptions {
    @Option(names = "--seed", paramLabel = "S",
            description = "Seed the blinding randomness (tests and benchmarks only: the proof is then NOT zero-knowledge).")
    Long seed;

    /** {@link foldproof.folding.commit.BlindingRandom}, or (with {@code --seed}) a seeded generator, after a warning on {@code err}. */
    Random random(PrintWriter err) {
        return ProofSession.random(seed, err);
    }
}
