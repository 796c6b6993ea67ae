package foldproof.quantizer.quant;

import foldproof.quantizer.QuantizerException;
import foldproof.quantizer.model.QLayer;
import foldproof.quantizer.model.QModel;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IntInferenceTest {
    @Test
    void matchesLiteralFormulasOnEveryLayerKind() {
        for (long seed = 1; seed <= 12; seed++) {
            int wBits = seed % 3 == 0 ? 22 : 10;  // 22-bit weights: products and sums far beyond 2^31
            int shift = (int) (seed % 4) * 4 + (wBits > 20 ? 16 : 6);
            System.out.println("seed " + seed + " wBits " + wBits + " shift " + shift);
            QModel m = RandomQModels.every(seed, wBits, shift);
            int[] x = RandomQModels.input(seed * 7, m.input().size());
            IntTrace t = IntInference.run(m, x);
            long[][] ref = NaiveIntInference.run(m, x);
            for (int id = 1; id < ref.length - 1; id++) {
                long[] got = new long[t.tensor(id).length];
                for (int j = 0; j < got.length; j++) {
                    got[j] = t.tensor(id)[j];
                }
                assertArrayEquals(ref[id], got, "seed " + seed + " tensor " + id);
            }
            assertArrayEquals(ref[ref.length - 1], t.logits(), "seed " + seed + " logits");
        }
    }

    @Test
    void groupedConvsMatchLiteralFormulas() {
        for (long seed = 1; seed <= 6; seed++) {
            int wBits = seed % 3 == 0 ? 22 : 10;
            int shift = (int) (seed % 4) * 2 + (wBits > 20 ? 18 : 8);
            QModel m = RandomQModels.grouped(seed, wBits, shift);
            int[] x = RandomQModels.input(seed * 5, m.input().size());
            IntTrace t = IntInference.run(m, x);
            long[][] ref = NaiveIntInference.run(m, x);
            int mid = 0;
            for (int id = 1; id < ref.length - 1; id++) {
                long[] got = new long[t.tensor(id).length];
                for (int j = 0; j < got.length; j++) {
                    got[j] = t.tensor(id)[j];
                    mid += got[j] > 0 && got[j] < 255 ? 1 : 0;
                }
                assertArrayEquals(ref[id], got, "seed " + seed + " tensor " + id);
            }
            assertArrayEquals(ref[ref.length - 1], t.logits(), "seed " + seed + " logits");
            assertTrue(mid > 0, "seed " + seed + ": every activation clamped");
        }
    }

    /** A grouped conv is the dense conv whose weights outside each output's group are 0 (an independent oracle). */
    @Test
    void groupedConvEqualsDenseConvWithZeroWeights() {
        QModel g = RandomQModels.grouped(11, 10, 10);
        List<QLayer> dense = new ArrayList<>();
        for (QLayer l : g.layers()) {
            if (l instanceof QLayer.Conv c && c.groups() > 1) {
                int k2 = c.kernel() * c.kernel();
                int cg = c.groupInC();
                int[] w = new int[c.outC() * c.inC() * k2];
                for (int o = 0; o < c.outC(); o++) {
                    int first = o / (c.outC() / c.groups()) * cg;
                    for (int i = 0; i < cg; i++) {
                        System.arraycopy(c.w(), (o * cg + i) * k2, w, (o * c.inC() + first + i) * k2, k2);
                    }
                }
                dense.add(new QLayer.Conv(c.name(), c.input(), c.inC(), c.outC(), c.kernel(), c.stride(), c.pad(), w, c.b(), c.shift(), c.skip()));
            } else {
                dense.add(l);
            }
        }
        QModel d = new QModel(g.name(), g.description(), g.preprocess(), g.input(), g.inputScale(), g.scales(), dense, g.labels());
        int[] x = RandomQModels.input(4, g.input().size());
        IntTrace tg = IntInference.run(g, x);
        IntTrace td = IntInference.run(d, x);
        for (int id = 0; id < tg.numTensors(); id++) {
            assertArrayEquals(td.tensor(id), tg.tensor(id), "tensor " + id);
        }
    }

    @Test
    void activationsAreNotAllClamped() {
        QModel m = RandomQModels.every(5, 10, 14);
        IntTrace t = IntInference.run(m, RandomQModels.input(3, m.input().size()));
        int mid = 0;
        for (int v : t.tensor(1)) {
            if (v > 0 && v < 255) {
                mid++;
            }
        }
        assertTrue(mid > 0, "test model should produce unclamped values");
    }

    @Test
    void rejectsBadInput() {
        QModel m = RandomQModels.every(1, 10, 8);
        assertThrows(QuantizerException.class, () -> IntInference.run(m, new int[3]));
        int[] x = new int[m.input().size()];
        x[5] = 128;
        QuantizerException e = assertThrows(QuantizerException.class, () -> IntInference.run(m, x));
        assertTrue(e.getMessage().contains("index 5"), e.getMessage());
    }

    @Test
    void deterministicAcrossRuns() {
        QModel m = RandomQModels.every(9, 10, 10);
        int[] x = RandomQModels.input(1, m.input().size());
        assertArrayEquals(IntInference.run(m, x).logits(), IntInference.run(m, x).logits());
        assertEquals(m.layers().size() + 1, IntInference.run(m, x).numTensors());
    }
}
