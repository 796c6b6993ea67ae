package foldproof.spark;

import foldproof.api.Foldproof;
import foldproof.api.Model;
import foldproof.api.Proof;
import foldproof.api.ProveOptions;
import foldproof.api.ProvingEngine;
import foldproof.api.Verification;
import foldproof.fixtures.DemoImages;
import foldproof.fixtures.DemoModels;
import foldproof.quantizer.model.QModel;
import foldproof.quantizer.quant.InputQuantizer;
import foldproof.quantizer.quant.IntInference;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Spark engine in embedded {@code local[2]} mode on the tiny model: a batch of five images (three blocks:
 * two tasks fold subtrees, the driver the nodes above them) verifies with the ordinary verifier, every
 * image's logits are the integer inference's, and a flipped byte is rejected.
 */
class SparkLocalTest {
    static List<float[]> inputs(QModel m, int n) {
        List<float[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(DemoImages.tensor(40 + i, m.input().h(), m.input().w(), m.preprocess()));
        }
        return out;
    }

    static void check(Model model, List<float[]> xs, Proof p) {
        QModel m = model.quantized();
        Verification v = Foldproof.verify(model, p.bytes());
        assertTrue(v.valid(), v.reason());
        assertEquals(xs.size(), v.batchSize());
        for (int i = 0; i < xs.size(); i++) {
            long[] expect = IntInference.run(m, InputQuantizer.quantize(m, xs.get(i))).logits();
            assertArrayEquals(expect, v.logits(i), "image " + i);
        }
        byte[] bad = p.bytes();
        bad[bad.length / 3] ^= 4;
        assertFalse(Foldproof.verify(model, bad).valid());
    }

    @Test
    void localModeProofVerifiesWithTheOrdinaryVerifier() {
        ProvingEngine e = ProvingEngine.find("spark");
        assertNotNull(e, "the spark engine is a service of this module");
        Model model = Model.of(DemoModels.tiny());
        List<float[]> xs = inputs(model.quantized(), 5);
        System.out.println("spark local proof seed 5");
        Proof p = e.proveBatch(model, xs, ProveOptions.defaults().withRandom(new Random(5)), Map.of("master", "local[2]"));
        check(model, xs, p);
        // the in-process prover makes the same format with the same tree: same size, both verify
        Proof q = Foldproof.proveBatch(model, xs, ProveOptions.defaults().withRandom(new Random(6)));
        assertEquals(q.size(), p.size());
        assertTrue(Foldproof.verify(model, q.bytes()).valid());
    }

    @Test
    void streamsAreDeterministicAndDistinct() {
        byte[] seed = new byte[32];
        seed[0] = 7;
        StreamRandom a = new StreamRandom(seed, "layer", 3);
        StreamRandom b = new StreamRandom(seed, "layer", 3);
        StreamRandom c = new StreamRandom(seed, "layer", 4);
        byte[] x = new byte[100];
        byte[] y = new byte[100];
        byte[] z = new byte[100];
        a.nextBytes(x);
        b.nextBytes(y);
        c.nextBytes(z);
        assertArrayEquals(x, y);
        assertFalse(java.util.Arrays.equals(x, z));
        assertEquals(a.nextLong(), b.nextLong());
    }
}
