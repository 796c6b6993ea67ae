package foldproof.folding.proof;

import foldproof.circuits.layers.LayerCircuit;
import foldproof.circuits.layers.TileWitness;
import foldproof.folding.proof.MaliciousProver.Cheat;
import foldproof.folding.proof.MaliciousProver.Result;
import foldproof.quantizer.model.QLayer;
import foldproof.quantizer.model.Shape;
import foldproof.quantizer.quant.IntInference;
import foldproof.quantizer.quant.IntTrace;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;
import java.util.function.Supplier;

import static foldproof.folding.proof.AttackKit.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The malicious prover against the circuits (issue 14, attacks 1-6 of docs/security.md): false witnesses with
 * every constraint re-satisfied but one (or, for the wrong skip row, all of them), each rejected at the check
 * named; and the baseline: without a cheat the malicious prover is the real one, byte for byte.
 */
class FalseWitnessAttackTest {
    // ---- the honest baseline -----------------------------------------------------------------------

    @Test
    void withoutACheatItIsTheRealProver() {
        Result r = MaliciousProver.prove(ctx, honest, Cheat.NONE, SEED);
        Prover.Result real = Prover.prove(ctx, honest.tensor(0), new Prover.Options(false, new Random(SEED), true), null);
        assertArrayEquals(ProofCodec.write(real.proof(), ctx.table()), r.bytes(ctx), "same proof, byte for byte");
        assertNoFailure(r);
        verifies(r);
        // the forging helper, given the true values, gives back the true trace
        IntTrace again = IntInference.resume(model, tensors(honest), 0);
        for (int t = 0; t < honest.numTensors(); t++) {
            assertArrayEquals(honest.tensor(t), again.tensor(t), "tensor " + t);
        }
        assertArrayEquals(honest.logits(), again.logits());
    }

    // ---- false witnesses: every constraint re-satisfied but one --------------------------------------

    @Test
    void wrongActivationFailsOnlyItsRequantOutputConstraint() {
        int y = 1;
        int[] p = position(CONV, y, v -> v >= 1 && v <= 254);
        int idx = chw(CONV + 1, p[0], y, p[1]);
        // out + 1, every consumer recomputed from it; the producer's bits stay those of the true accumulator
        Result r = MaliciousProver.prove(ctx, forge(CONV + 1, idx, honest.tensor(CONV + 1)[idx] + 1), Cheat.NONE, SEED);
        Requant g = Requant.of(CONV, p[0], p[1]);
        assertOnlyFailure(r, CONV, y, "conv/tile 1/requant[c=" + p[0] + ", x=" + p[1] + "]", g.n() + 2);
        rejected(ctx, r, "layer 2 (conv): ", "sum-check 1 final evaluation");
    }

    @Test
    void requantOffByOneWithRemainderOutOfRangeFailsOnlyABitConstraint() {
        int y = 2;
        int[] p = position(CONV, y, v -> v >= 1 && v <= 254);
        int idx = chw(CONV + 1, p[0], y, p[1]);
        Requant g = Requant.of(CONV, p[0], p[1]);
        assertTrue(g.k() > 0, "needs remainder bits");
        IntTrace forged = forge(CONV + 1, idx, honest.tensor(CONV + 1)[idx] + 1);
        // acc + h = (q + 1) 2^k + (r - 2^k): the quotient bits say q + 1, bit 0 carries the negative remainder
        Result r = MaliciousProver.prove(ctx, forged, witnessAt(CONV, y, w -> {
            long[] a = aux(w);
            long q = g.q(a);
            assertEquals(honest.tensor(CONV + 1)[idx], q, "the honest bits decode to the output");
            long rem = g.low(a);
            g.setHigh(a, g.high(a) + 1);
            for (int j = 1; j < g.k(); j++) {
                a[g.offset() + j] = 0;
            }
            a[g.offset()] = rem - (1L << g.k());
            return w;
        }), SEED);
        assertOnlyFailure(r, CONV, y, "conv/tile 2/requant[c=" + p[0] + ", x=" + p[1] + "]", 1);   // bool(b_0)
        rejected(ctx, r, "layer 2 (conv): ", "sum-check 1 final evaluation");
    }

    @Test
    void negativeReluOutputFailsOnlyTheBooleanOfItsLowestBit() {
        int y = 1;
        // the output that was clamped to 0 from the least negative q
        Shape s = model.shapes().get(CONV + 1);
        TileWitness hw = ctx.circuits().get(CONV).witness(honest, y);
        int bestC = -1;
        int bestX = -1;
        long bestQ = Long.MIN_VALUE;
        for (int c = 0; c < s.c(); c++) {
            for (int x = 0; x < s.w(); x++) {
                Requant g = Requant.of(CONV, c, x);
                long q = g.q(aux(hw));
                if (q < 0 && q > bestQ) {
                    bestQ = q;
                    bestC = c;
                    bestX = x;
                }
            }
        }
        assertTrue(bestC >= 0, "a negative pre-activation in conv row " + y);
        long q = bestQ;
        Requant g = Requant.of(CONV, bestC, bestX);
        int idx = chw(CONV + 1, bestC, y, bestX);
        assertEquals(0, honest.tensor(CONV + 1)[idx]);
        IntTrace forged = forge(CONV + 1, idx, (int) q);
        // the ReLU skipped: out = q < 0, the sign bit set to "non-negative" and the low output bit carrying q
        Result r = MaliciousProver.prove(ctx, forged, witnessAt(CONV, y, w -> {
            long[] a = aux(w);
            g.setHigh(a, 0);
            a[g.offset() + g.k()] = q;
            a[g.offset() + g.n() - 1] = 1;
            return w;
        }), SEED);
        System.out.println("  ReLU output " + q + " instead of 0");
        assertOnlyFailure(r, CONV, y, "conv/tile 1/requant[c=" + bestC + ", x=" + bestX + "]", 1 + g.k());   // bool(b_k)
        rejected(ctx, r, "layer 2 (conv): ", "sum-check 1 final evaluation");
    }

    @Test
    void maxPoolOutputNotOneOfItsInputsFailsOnlyTheProduct() {
        int y = 2;
        int[] p = position(POOL, y, v -> v <= 200);
        int idx = chw(POOL + 1, p[0], y, p[1]);
        int max = honest.tensor(POOL + 1)[idx];
        // max + 1 is in no window position; the slack bits 2m - a - b are re-derived for it
        Result r = MaliciousProver.prove(ctx, forge(POOL + 1, idx, max + 1), Cheat.NONE, SEED);
        assertOnlyFailure(r, POOL, y, "pool/tile 2/maxpool[c=" + p[0] + ", x=" + p[1] + "]", 8);   // (m - a)(m - b) = 0
        rejected(ctx, r, "layer 1 (pool): ", "sum-check 1 final evaluation");
    }

    @Test
    void residualAddWithTheWrongSkipRowSatisfiesItsTileButNotTheRowLink() {
        int y = 1;
        int wrong = 3;
        // the block's tile y adds skip row 3 instead of row 1; its output and everything after follow it
        int[][] t = tensors(honest);
        Shape skip = model.shapes().get(POOL + 1);
        for (int c = 0; c < skip.c(); c++) {
            System.arraycopy(honest.tensor(POOL + 1), chw(POOL + 1, c, wrong, 0), t[POOL + 1], chw(POOL + 1, c, y, 0), skip.w());
        }
        assertFalse(Arrays.equals(t[POOL + 1], honest.tensor(POOL + 1)), "rows 1 and 3 differ");
        IntTrace withWrongSkip = IntInference.resume(model, t, BLOCK);
        int[][] mixed = tensors(withWrongSkip);
        mixed[POOL + 1] = honest.tensor(POOL + 1).clone();   // the row table commits the true pool output
        IntTrace forged = IntTrace.forged(mixed, withWrongSkip.logits());
        LayerCircuit block = ctx.circuits().get(BLOCK);
        Cheat cheat = new Cheat() {
            @Override
            public TileWitness witness(int l, int tile, Supplier<TileWitness> h) {
                return l == BLOCK && tile == y ? block.witness(withWrongSkip, tile) : h.get();
            }
        };
        Result r = MaliciousProver.prove(ctx, forged, cheat, SEED);
        assertNoFailure(r);   // every tile, the block's included, satisfies its circuit
        // the SKIP slot's commitment is the table's row 1 (the verifier builds it), its witness row 3: only the
        // binding of the commitments, checked by the one opening at the end, sees it
        rejected(ctx, r, "final opening", "does not verify");
    }

    @Test
    void wrongLogitsWithARederivedHeadWitnessFailOnlyOneChannelSum() {
        QLayer.Head h = (QLayer.Head) model.layers().get(FC);
        long[] logits = honest.logits();
        int label = honest.argmax();
        // change the pooled sum of one channel so that another class wins; logits re-derived from the sums
        int target = label == 0 ? 1 : 0;
        int c0 = 0;
        for (int c = 1; c < h.inC(); c++) {
            if (gain(h, target, label, c) > gain(h, target, label, c0)) {
                c0 = c;
            }
        }
        assertTrue(gain(h, target, label, c0) > 0);
        long delta = (logits[label] - logits[target]) / gain(h, target, label, c0) + 1;
        long[] forgedLogits = logits.clone();
        for (int j = 0; j < forgedLogits.length; j++) {
            forgedLogits[j] += delta * h.w()[j * h.inC() + c0];
        }
        assertNotEquals(label, Protocol.argmax(forgedLogits), "the forged logits change the label");
        int channel = c0;
        IntTrace forged = IntTrace.forged(tensors(honest), forgedLogits);
        Result r = MaliciousProver.prove(ctx, forged, witnessAt(FC, 0, w -> {
            aux(w)[channel] += delta;
            return w;
        }), SEED);
        assertEquals(Protocol.argmax(forgedLogits), r.proof().label());
        assertOnlyFailure(r, FC, 0, "fc/tile 0/gap[c=" + c0 + "]", 0);
        rejected(ctx, r, "layer 4 (fc): ", "sum-check 1 final evaluation");
    }

    private static long gain(QLayer.Head h, int target, int label, int c) {
        return h.w()[target * h.inC() + c] - h.w()[label * h.inC() + c];
    }
}
