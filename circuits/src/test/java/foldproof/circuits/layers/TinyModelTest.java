package foldproof.circuits.layers;

import foldproof.circuits.check.Checker;
import foldproof.circuits.check.Failure;
import foldproof.fixtures.DemoImages;
import foldproof.fixtures.DemoModels;
import foldproof.quantizer.model.QModel;
import foldproof.quantizer.quant.InputQuantizer;
import foldproof.quantizer.quant.IntInference;
import foldproof.quantizer.quant.IntTrace;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertTrue;

class TinyModelTest {
    static IntTrace trace(QModel m, long seed) {
        float[] x = DemoImages.tensor(seed, m.input().h(), m.input().w(), m.preprocess());
        return IntInference.run(m, InputQuantizer.quantize(m, x));
    }

    @Test
    void everyTileOfEveryLayerSatisfies() {
        QModel m = DemoModels.tiny();
        for (long seed : new long[] {1, 2, 3}) {
            IntTrace t = trace(m, seed);
            List<LayerCircuit> cs = Circuits.forModel(m);
            for (LayerCircuit c : cs) {
                for (int tile = 0; tile < c.numTiles(); tile++) {
                    Optional<Failure> f = Checker.check(c, c.witness(t, tile));
                    assertTrue(f.isEmpty(), () -> "seed " + seed + ": " + f.get());
                }
            }
        }
    }
}
