package foldproof.folding.proof;

import foldproof.circuits.layers.LayerCircuit;
import foldproof.circuits.layers.TileWitness;
import foldproof.fixtures.DemoImages;
import foldproof.fixtures.DemoModels;
import foldproof.quantizer.model.QModel;
import foldproof.quantizer.model.Shape;
import foldproof.quantizer.quant.InputQuantizer;
import foldproof.quantizer.quant.IntInference;
import foldproof.quantizer.quant.IntTrace;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The batch prover's O(layer) witness source: layer after layer, every tile witness a {@link TraceCursor}
 * gives equals the full trace's, while it keeps at most a few tensors live (the demo ResNet-18 at 32x32:
 * identity and projection skips, a max pool); and it starts over from the input when a layer is proven again.
 */
class TraceCursorTest {
    @Test
    void tileWitnessesEqualTheFullTracesWithFewTensorsLive() throws Exception {
        for (QModel m : new QModel[] {DemoModels.tiny(), DemoModels.resnet18Imagenet(32)}) {
            ModelContext ctx = ModelContext.of(m);
            Shape s = m.input();
            int[] input = InputQuantizer.quantize(m, DemoImages.tensor(5, s.h(), s.w(), m.preprocess()));
            IntTrace full = IntInference.run(m, input);
            TraceCursor c = new TraceCursor(m, ctx.circuits(), input, full.logits());
            List<LayerCircuit> circuits = ctx.circuits();
            int maxLive = 0;
            for (int p = 0; p < circuits.size(); p++) {
                LayerCircuit lc = circuits.get(p);
                for (int tile = 0; tile < lc.numTiles(); tile += Math.max(1, lc.numTiles() / 3)) {
                    TileWitness a = lc.witness(full, tile);
                    TileWitness b = lc.witness(c, tile);
                    for (int k = 0; k < a.slots().length; k++) {
                        assertArrayEquals(a.slots()[k], b.slots()[k], m.name() + " layer " + p + " tile " + tile + " slot " + k);
                    }
                }
                c.release(p);
                maxLive = Math.max(maxLive, live(c));
            }
            System.out.println(m.name() + ": at most " + maxLive + " tensors live after a layer, of " + (m.layers().size() + 1));
            assertTrue(maxLive <= 3, m.name() + ": " + maxLive + " tensors live");
            // a layer proven again (a Spark task run twice) recomputes from the input
            LayerCircuit first = circuits.get(0);
            assertArrayEquals(first.witness(full, 0).slots()[0], first.witness(c, 0).slots()[0]);
        }
    }

    private static int live(TraceCursor c) throws Exception {
        java.lang.reflect.Field f = TraceCursor.class.getDeclaredField("tensors");
        f.setAccessible(true);
        int n = 0;
        for (int[] t : (int[][]) f.get(c)) {
            n += t == null ? 0 : 1;
        }
        return n;
    }
}
