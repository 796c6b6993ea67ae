package foldproof.circuits.layers;

import foldproof.circuits.check.Checker;
import foldproof.circuits.check.Failure;
import foldproof.fixtures.CraftedModels;
import foldproof.quantizer.QuantizerException;
import foldproof.quantizer.model.QModel;
import foldproof.quantizer.quant.IntInference;
import foldproof.quantizer.quant.IntTrace;
import foldproof.quantizer.quant.ModelFile;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Random small models over the whole parameter space ({@link CraftedModels#random}): every one is either
 * refused at load with a {@link QuantizerException} (exit code 2 in the CLI), or loads (through the model
 * file's bytes, as a user would load it) and then every tile of every layer satisfies its circuit on random
 * images and on the extreme images that drive the accumulators to their static bounds. Anything else (an
 * internal exception, a tile that does not satisfy, a circuit that refuses a model the validator accepted)
 * fails the test with the model's seed.
 */
class GenerativeModelTest {
    private static final long BASE_SEED = 0x5EED_2026L;

    @Test
    void everyRandomModelIsRefusedAtLoadOrChecks() {
        run(2_000, false);
    }

    /** The same with grouped convs (depthwise among them): a model file of version 3 when one loads. */
    @Test
    void everyRandomGroupedModelIsRefusedAtLoadOrChecks() {
        run(1_000, true);
    }

    @Test
    @Tag("bench")
    void hundredThousandRandomModels() {
        run(100_000, false);
    }

    private static void run(int count, boolean grouped) {
        System.out.println("generative models: base seed " + BASE_SEED + ", " + count + " models");
        int loaded = 0;
        int withGroups = 0;
        int tiles = 0;
        List<String> reasons = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long seed = BASE_SEED + i;
            QModel m;
            try {
                m = ModelFile.fromBytes(ModelFile.toBytes(CraftedModels.random(seed, grouped)));
            } catch (QuantizerException e) {
                if (reasons.size() < 12) {
                    reasons.add(e.getMessage());
                }
                continue;
            } catch (RuntimeException e) {
                throw new AssertionError("model seed " + seed + ": internal error at load: " + e, e);
            }
            loaded++;
            withGroups += ModelFile.versionFor(m) == ModelFile.GROUPED_VERSION ? 1 : 0;
            try {
                List<LayerCircuit> circuits = Circuits.forModel(m);
                List<int[]> images = new ArrayList<>(CraftedModels.extremeImages(m, seed));
                images.add(CraftedModels.randomImage(m, seed));
                images.add(CraftedModels.randomImage(m, ~seed));
                for (int[] img : images) {
                    IntTrace t = IntInference.run(m, img);
                    for (LayerCircuit c : circuits) {
                        for (int tile = 0; tile < c.numTiles(); tile++) {
                            Optional<Failure> f = Checker.check(c, c.witness(t, tile));
                            if (f.isPresent()) {
                                fail("model seed " + seed + " loads but tile fails: " + f.get().label());
                            }
                            tiles++;
                        }
                        c.dropShape();
                    }
                }
            } catch (RuntimeException e) {
                throw new AssertionError("model seed " + seed + " loads but fails later: " + e, e);
            }
        }
        System.out.println("generative models: " + loaded + " of " + count + " loaded (" + withGroups + " with a grouped conv), "
                + tiles + " tiles checked; refusals e.g.:");
        reasons.forEach(r -> System.out.println("  " + r));
        assertTrue(loaded * 2 >= count, "only " + loaded + " of " + count + " random models load: the validator refuses too much");
        assertTrue(!grouped || withGroups * 5 >= count, "only " + withGroups + " of " + count + " loaded models have a grouped conv");
    }
}
