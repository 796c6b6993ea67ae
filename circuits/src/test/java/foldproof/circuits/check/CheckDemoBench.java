package foldproof.circuits.check;

import foldproof.fixtures.DemoImages;
import foldproof.fixtures.DemoModels;
import foldproof.quantizer.quant.InputQuantizer;
import foldproof.quantizer.quant.IntInference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("bench")
class CheckDemoBench {
    @Test
    void checkWholeNetwork() {
        int size = Integer.getInteger("size", 224);
        int threads = Integer.getInteger("threads", 2);
        var m = DemoModels.resnet18Imagenet(size);
        float[] x = DemoImages.tensor(3, size, size, m.preprocess());
        long t0 = System.nanoTime();
        var trace = IntInference.run(m, InputQuantizer.quantize(m, x));
        long t1 = System.nanoTime();
        var res = NetworkCheck.run(m, trace, threads, i -> { });
        long t2 = System.nanoTime();
        for (var r : res) {
            System.out.println(r);
            assertTrue(r.ok(), r.toString());
        }
        System.out.printf("inference %.1fs, check %.1fs (threads %d)%n", (t1 - t0) / 1e9, (t2 - t1) / 1e9, threads);
    }
}
