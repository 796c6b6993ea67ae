package foldproof.circuits.gadgets;

import foldproof.circuits.CircuitException;
import foldproof.circuits.r1cs.ConstraintSystem;
import foldproof.circuits.r1cs.Lc;
import foldproof.circuits.r1cs.Vars;
import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Every gadget with valid and invalid witnesses. */
class GadgetsTest {
    private static final long SEED = 20261122L;

    @Test
    void boolAcceptsBitsOnly() {
        Consumer<ConstraintSystem> g = cs -> Bits.bool(cs, Vars.of(0, 0));
        for (long v = -2; v <= 3; v++) {
            long[][] slots = {{v}, new long[0]};
            assertEquals(v == 0 || v == 1 ? -1 : 0, GadgetHarness.check(slots, g), "v=" + v);
        }
    }

    @Test
    void rangeCheck() {
        int[] bits = new int[8];
        Consumer<ConstraintSystem> g = cs -> Bits.range(cs, cs.scratch(0).add(Vars.of(0, 0), 1), 8, bits);
        for (long v : new long[] {0, 1, 77, 255}) {
            GadgetHarness h = GadgetHarness.witness(new long[] {v}, g);
            assertEquals(8, h.constraints);
            assertEquals(-1, h.check(g));
            h.slots[1][3] ^= 1; // flip a bit: decomposition no longer matches
            assertNotEquals(-1, h.check(g));
        }
        assertThrows(CircuitException.class, () -> GadgetHarness.witness(new long[] {256}, g));
        // an out-of-range value has no satisfying bits: try the witness of 256 - 256 = 0 with the value 256
        GadgetHarness h = GadgetHarness.witness(new long[] {0}, g);
        h.slots[0][0] = 256;
        assertNotEquals(-1, h.check(g));
    }

    /** Reference: clamp((acc + 2^(k-1)) >> k, 0, 255). */
    private static long ref(long acc, int k) {
        long h = k == 0 ? 0 : 1L << (k - 1);
        return Math.max(0, Math.min(255, Math.floorDiv(acc + h, 1L << k)));
    }

    @Test
    void requantValidAndInvalid() {
        Random rnd = new Random(SEED);
        System.out.println("seed " + SEED);
        for (int k : new int[] {0, 1, 5, 12}) {
            long bound = 1L << (k + 12);
            int n = Requant.bits(-bound, bound, k);
            int[] bits = new int[n];
            // slot 0: [acc, out]
            Consumer<ConstraintSystem> g = cs -> {
                Lc acc = cs.scratch(1).add(Vars.of(0, 0), 1);
                Requant.reluClamp(cs, acc, k, n, Vars.of(0, 1), bits);
            };
            long[] special = {-bound, bound, 0, -1, 1, (255L << k), (256L << k) - (k == 0 ? 1 : (1L << (k - 1))) - 1,
                    (256L << k) - (k == 0 ? 0 : (1L << (k - 1))), (1L << k) * 100 + 3};
            for (int t = 0; t < 200; t++) {
                long acc = t < special.length ? special[t] : -bound + (long) (rnd.nextDouble() * 2 * bound);
                long out = ref(acc, k);
                GadgetHarness h = GadgetHarness.witness(new long[] {acc, out}, g);
                assertEquals(Requant.constraints(n), h.constraints);
                assertEquals(-1, h.check(g), "k=" + k + " acc=" + acc);
                for (long wrong : new long[] {out + 1, out - 1}) {
                    long[][] s = {new long[] {acc, wrong}, h.slots[1]};
                    assertNotEquals(-1, GadgetHarness.check(s, g), "k=" + k + " acc=" + acc + " wrong out " + wrong);
                }
                // flipping the overflow flag, or any bit, breaks it
                long[][] s = {new long[] {acc, out}, h.slots[1].clone()};
                s[1][n] ^= 1;
                assertNotEquals(-1, GadgetHarness.check(s, g));
                s = new long[][] {new long[] {acc, out}, h.slots[1].clone()};
                s[1][rnd.nextInt(n)] ^= 1;
                assertNotEquals(-1, GadgetHarness.check(s, g));
            }
        }
    }

    @Test
    void requantRejectsAccumulatorOutsideBound() {
        int n = Requant.bits(-1000, 1000, 4);
        int[] bits = new int[n];
        Consumer<ConstraintSystem> g = cs -> Requant.reluClamp(cs, cs.scratch(1).add(Vars.of(0, 0), 1), 4, n, Vars.of(0, 1), bits);
        assertThrows(CircuitException.class, () -> GadgetHarness.witness(new long[] {1L << 40, 255}, g));
    }

    @Test
    void maxPair() {
        Random rnd = new Random(SEED);
        int[] bits = new int[8];
        // slot 0: [a, b, m]
        Consumer<ConstraintSystem> g = cs -> MaxPair.max(cs, Vars.of(0, 0), Vars.of(0, 1), Vars.of(0, 2), bits);
        for (int t = 0; t < 300; t++) {
            long a = t == 0 ? 255 : rnd.nextInt(256);
            long b = t == 0 ? 0 : t == 1 ? a : rnd.nextInt(256);
            GadgetHarness h = GadgetHarness.witness(new long[] {a, b, Math.max(a, b)}, g);
            assertEquals(MaxPair.CONSTRAINTS, h.constraints);
            assertEquals(-1, h.check(g));
            if (a != b) {
                long[][] s = {new long[] {a, b, Math.min(a, b)}, h.slots[1]};
                assertNotEquals(-1, GadgetHarness.check(s, g), "min accepted for " + a + "," + b);
            }
            long[][] s = {new long[] {a, b, Math.max(a, b) + 1}, h.slots[1]};
            assertNotEquals(-1, GadgetHarness.check(s, g));
        }
    }

    @Test
    void linearHead() {
        // 2 channels, 2x2 map, 3 classes; IN slots 0..1 = rows, slot 2 = AUX
        int[] w = {1, -2, 3, 4, -5, 6};
        long[] b = {10, -20, 30};
        long[][] slots = {{1, 2, 3, 4}, {5, 6, 7, 8}, new long[4]};
        long s0 = 1 + 2 + 5 + 6;
        long s1 = 3 + 4 + 7 + 8;
        long[] logits = {10 + s0 - 2 * s1, -20 + 3 * s0 + 4 * s1, 30 - 5 * s0 + 6 * s1};
        Consumer<ConstraintSystem> g = cs -> LinearHead.synthesize(cs, 2, 2, 2, 2, 3, w, b);
        foldproof.circuits.r1cs.WitnessBuilder wb = new foldproof.circuits.r1cs.WitnessBuilder(2, slots, logits);
        g.accept(wb);
        assertEquals(5, wb.numConstraints());
        long[][] full = wb.slots();
        foldproof.circuits.r1cs.CheckingBuilder ok = new foldproof.circuits.r1cs.CheckingBuilder(2, full, logits);
        g.accept(ok);
        assertEquals(-1, ok.failedIndex());
        long[] wrong = logits.clone();
        wrong[1]++;
        foldproof.circuits.r1cs.CheckingBuilder bad = new foldproof.circuits.r1cs.CheckingBuilder(2, full, wrong);
        try (var ns = bad.push("head")) {
            g.accept(bad);
        }
        assertEquals(3, bad.failedIndex());
        assertEquals("head/logit[j=1]", bad.failedPath());
    }
}
