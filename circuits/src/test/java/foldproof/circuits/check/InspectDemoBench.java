package foldproof.circuits.check;

import foldproof.fixtures.DemoModels;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;

@Tag("bench")
class InspectDemoBench {
    @Test
    void inspect224() {
        long t0 = System.nanoTime();
        var m = DemoModels.resnet18Imagenet(Integer.getInteger("size", 224));
        long t1 = System.nanoTime();
        for (var c : foldproof.circuits.layers.Circuits.forModel(m)) {
            if (c instanceof foldproof.circuits.layers.ConvCircuit cc) {
                int[] n = cc.requantBits();
                double avg = java.util.Arrays.stream(n).average().orElse(0);
                int k = ((foldproof.quantizer.model.QLayer.Conv) m.layers().get(c.layerIndex())).shift();
                System.out.printf("%s k=%d n avg %.2f min %d max %d%n", c.name(), k, avg,
                        java.util.Arrays.stream(n).min().getAsInt(), java.util.Arrays.stream(n).max().getAsInt());
            }
        }
        List<Inspection.Layer> ls = Inspection.of(m);
        long t2 = System.nanoTime();
        for (var l : ls) {
            System.out.printf("%-22s tiles %4d cons/tile %9d wit %9d aux %9d nnz %11d acts %9d  per-act %.2f%n", l.name(), l.tiles(),
                    l.constraints(), l.witness(), l.aux(), l.nonZeros(), l.activations(), l.totalConstraints() / (double) l.activations());
        }
        long tc = Inspection.totalConstraints(ls);
        long ta = Inspection.totalActivations(ls);
        System.out.printf("total %d constraints, %d activations, %.2f per activation; model %.1fs inspect %.1fs%n", tc, ta, tc / (double) ta,
                (t1 - t0) / 1e9, (t2 - t1) / 1e9);
    }
}
