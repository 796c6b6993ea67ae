package foldproof.circuits.check;

import foldproof.circuits.layers.Circuits;
import foldproof.circuits.layers.LayerCircuit;
import foldproof.circuits.layers.TileWitness;
import foldproof.fixtures.DemoImages;
import foldproof.fixtures.DemoModels;
import foldproof.quantizer.quant.InputQuantizer;
import foldproof.quantizer.quant.IntInference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("bench")
class CheckProfileBench {
    @Test
    void profile() {
        int size = Integer.getInteger("size", 112);
        var m = DemoModels.resnet18Imagenet(size);
        var trace = IntInference.run(m, InputQuantizer.quantize(m, DemoImages.tensor(3, size, size, m.preprocess())));
        long shapeT = 0, witT = 0, chkT = 0;
        for (LayerCircuit c : Circuits.forModel(m)) {
            long t0 = System.nanoTime();
            c.shape();
            long t1 = System.nanoTime();
            long w = 0, k = 0;
            for (int tile = 0; tile < c.numTiles(); tile++) {
                long a = System.nanoTime();
                TileWitness tw = c.witness(trace, tile);
                long b = System.nanoTime();
                Checker.check(c, tw);
                k += System.nanoTime() - b;
                w += b - a;
            }
            System.out.printf("%-18s shape %6.2fs witness %6.2fs check %6.2fs%n", c.name(), (t1 - t0) / 1e9, w / 1e9, k / 1e9);
            shapeT += t1 - t0;
            witT += w;
            chkT += k;
            c.dropShape();
        }
        System.out.printf("TOTAL shape %.2fs witness %.2fs check %.2fs%n", shapeT / 1e9, witT / 1e9, chkT / 1e9);
    }
}
