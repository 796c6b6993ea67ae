package foldproof.quantizer.quant;

import foldproof.quantizer.QuantizerException;
import foldproof.quantizer.model.QModel;
import org.junit.jupiter.api.Test;

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
