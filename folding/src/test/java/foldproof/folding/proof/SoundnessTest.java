package foldproof.folding.proof;

import foldproof.circuits.layers.TileWitness;
import foldproof.circuits.r1cs.SegmentLayout;
import foldproof.folding.ProofException;
import foldproof.folding.VerificationException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A witness that fails one constraint of one tile cannot produce a proof that verifies. */
class SoundnessTest {

    /** Changes one AUX value of tile {@code tile} of layer {@code layer}; asserts it now fails a constraint. */
    static Prover.WitnessHook corrupt(ModelContext ctx, int layer, int tile, long seed) {
        return (l, t, honest) -> {
            TileWitness w = honest.get();
            if (l != layer || t != tile) {
                return w;
            }
            List<SegmentLayout.Slot> slots = ctx.circuits().get(l).shape().layout().slots();
            long[][] s = new long[w.slots().length][];
            for (int i = 0; i < s.length; i++) {
                s[i] = w.slots()[i].clone();
            }
            Random rnd = new Random(seed);
            for (int tries = 0; tries < 100; tries++) {
                int slot = rnd.nextInt(s.length);
                if (slots.get(slot).kind() != SegmentLayout.Kind.AUX || s[slot].length == 0) {
                    continue;
                }
                int i = rnd.nextInt(Math.min(s[slot].length, slots.get(slot).length()));
                long old = s[slot][i];
                s[slot][i] = old + 1;
                TileWitness bad = new TileWitness(w.tile(), s, w.publicInputs());
                if (foldproof.circuits.check.Checker.check(ctx.circuits().get(l), bad).isPresent()) {
                    return bad;
                }
                s[slot][i] = old;   // an unconstrained padding-like entry: try another
            }
            throw new AssertionError("could not make a failing witness for layer " + l + " tile " + t);
        };
    }

    @Test
    void witnessFailingOneConstraintDoesNotVerify() {
        ModelContext ctx = TinyProofs.ctx();
        long seed = 4242;
        System.out.println("soundness seed " + seed);
        int[] layers = {0};   // one full bad proof keeps the suite fast; AccumulatorTest covers a bad tile at every position
        for (int layer : layers) {
            int tile = ctx.circuits().get(layer).numTiles() / 2;
            Prover.WitnessHook hook = corrupt(ctx, layer, tile, seed + layer);
            // the honest prover refuses such a witness ...
            assertThrows(ProofException.class, () -> Prover.prove(ctx, TinyProofs.input(),
                    new Prover.Options(false, new Random(seed), true), null, hook));
            // ... and a prover that folds it anyway produces a proof that does not verify
            Prover.Result r = Prover.prove(ctx, TinyProofs.input(), new Prover.Options(false, new Random(seed), false),
                    null, hook);
            byte[] bytes = ProofCodec.write(r.proof(), ctx.table());
            VerificationException e = assertThrows(VerificationException.class, () -> Verifier.verify(ctx, bytes));
            System.out.println("layer " + layer + " tile " + tile + ": " + e.reason());
            assertTrue(e.reason().contains("layer " + layer), e.reason());
        }
    }
}
