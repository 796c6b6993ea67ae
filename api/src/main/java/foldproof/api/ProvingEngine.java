package foldproof.api;

import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Another way to run the prover of a batch, found at run time ({@link ServiceLoader}): the module
 * {@code prover-spark} provides {@code spark}, which runs witness generation and subtree folding as Apache
 * Spark tasks. An engine must make the same proof format, with the same fold tree, as
 * {@link Foldproof#proveBatch}: the ordinary verifier checks both.
 */
public interface ProvingEngine {
    /** The engine's name, as in {@code foldproof prove --engine NAME}. */
    String name();

    /**
     * Proves the batch of preprocessed inputs.
     *
     * @param settings engine settings (for Spark: {@code master}, and any {@code spark.*} key)
     */
    Proof proveBatch(Model model, List<float[]> inputs, ProveOptions options, Map<String, String> settings);

    /** The engine called {@code name} on the class path, or null. */
    static ProvingEngine find(String name) {
        for (ProvingEngine e : ServiceLoader.load(ProvingEngine.class)) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        return null;
    }
}
