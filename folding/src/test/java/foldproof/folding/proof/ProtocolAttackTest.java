package foldproof.folding.proof;

import foldproof.bn254.fr.Fr;
import foldproof.bn254.g1.G1Point;
import foldproof.circuits.layers.TileWitness;
import foldproof.circuits.r1cs.R1CSShape;
import foldproof.folding.VerificationException;
import foldproof.folding.commit.PedersenKey;
import foldproof.folding.nifs.RandomInstance;
import foldproof.folding.proof.MaliciousProver.Cheat;
import foldproof.folding.proof.MaliciousProver.Result;
import foldproof.quantizer.model.QLayer;
import foldproof.quantizer.model.QModel;
import foldproof.quantizer.quant.IntTrace;
import foldproof.quantizer.quant.ModelFile;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

import static foldproof.folding.proof.AttackKit.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The malicious prover against the argument (issue 14, attacks 7-11 of docs/security.md): a row commitment
 * substituted after its challenges, a slot commitment with weight past its length, an unsatisfying blinding
 * instance, a fresh tile with a non-zero error term, another model's digest. Every tile satisfies its circuit
 * (or, for the non-zero E, the failure is absorbed by E); each proof is rejected at the check named, and the
 * cheating code paths verify without the corruption.
 */
class ProtocolAttackTest {
    // ---- attacks on the argument --------------------------------------------------------------------

    @Test
    void rowCommitmentSubstitutedAfterItsChallengesFailsOnTheTranscript() {
        int y = 1;
        int[] p = position(CONV, y, v -> v >= 1 && v <= 254);
        int idx = chw(CONV + 1, p[0], y, p[1]);
        IntTrace forged = forge(CONV + 1, idx, honest.tensor(CONV + 1)[idx] + 1);
        // conv proves its true row y; the block and the head consume the forged row: every tile satisfies,
        // the only inconsistency is the commitment of conv's row y, replaced once it has served
        IntTrace committed = IntTrace.forged(tensors(honest), forged.logits());
        for (int when : new int[] {BLOCK, -1}) {
            Cheat cheat = new Cheat() {
                @Override
                public TileWitness witness(int l, int tile, Supplier<TileWitness> h) {
                    return l <= CONV ? ctx.circuits().get(l).witness(honest, tile) : ctx.circuits().get(l).witness(forged, tile);
                }

                @Override
                public void rows(int beforeLayer, G1Point[] rows, long[] blinds, PedersenKey key) {
                    if (beforeLayer == when) {
                        substituteChangedRows(forged, rows, blinds, key);
                    }
                }
            };
            Result r = MaliciousProver.prove(ctx, committed, cheat, SEED);
            assertNoFailure(r);
            if (when == BLOCK) {
                // after the challenges: the verifier absorbs the substituted table, so its first challenge
                // already differs from the prover's; layer 0, which reads none of the substituted rows and whose
                // tiles all satisfy, fails at the verifier's first check: sum-check rounds carry no p(1) (format
                // 5, derived from the running claim), so nothing is checked before sum-check 1's final evaluation
                System.out.println(" substituted after the challenges:");
                rejected(ctx, r, "layer 0 (stem): ", "sum-check 1 final evaluation");
            } else {
                // the same substitution before the table is absorbed: the transcript agrees, and only the
                // binding of conv's OUT commitment (the final opening) is left to catch it
                System.out.println(" substituted before the challenges:");
                rejected(ctx, r, "final opening", "does not verify");
            }
        }
    }

    /** Replaces, in place, the row commitments of every row {@code forged} changes (same blinds). */
    private static void substituteChangedRows(IntTrace forged, G1Point[] rows, long[] blinds, PedersenKey key) {
        RowTable table = ctx.table();
        int changed = 0;
        for (int t = 0; t < table.numTensors(); t++) {
            if (!table.contains(t)) {
                continue;
            }
            for (int y = 0; y < table.height(t); y++) {
                long[] was = RowTable.row(honest.tensor(t), ctx.shapes().get(t), y);
                long[] now = RowTable.row(forged.tensor(t), ctx.shapes().get(t), y);
                if (!Arrays.equals(was, now)) {
                    int i = table.index(t, y);
                    rows[i] = key.commitSmall(now, 0, now.length, Arrays.copyOfRange(blinds, 4 * i, 4 * i + 4));
                    changed++;
                }
            }
        }
        assertTrue(changed > 0);
    }

    @Test
    void slotCommitmentWithWeightPastItsLengthIsRejected() {
        int layer = POOL;
        R1CSShape shape = ctx.circuits().get(layer).shape();
        int padded = shape.layout().slots().get(shape.layout().slots().size() - 1).padded();
        int past = padded + 3;
        assertTrue(past < ctx.generators(), "a generator past the AUX slot exists");
        for (long extra : new long[] {0, 5}) {
            Cheat cheat = new Cheat() {
                @Override
                public long[] auxCommitted(int l, int tile, long[] v) {
                    if (l != layer || tile != 0) {
                        return v;
                    }
                    long[] longer = Arrays.copyOf(v, past + 1);
                    longer[past] = extra;
                    return longer;
                }
            };
            Result r = MaliciousProver.prove(ctx, honest, cheat, SEED);
            assertNoFailure(r);
            if (extra == 0) {
                verifies(r);   // the cheating path (the slot carried and opened whole) with nothing past the length
            } else {
                // the pad coordinates make the pool's claimed value that of the zero-extended slot, so the running
                // claim's value leaves out the weight on G_past while its vector (bound to the commitments by the
                // final IPA) carries it. Format 8: the pool's claims wait for the merge that closes their batch;
                // this small model's layers all fit one batch (merged by its last layer), so nothing merges after
                // it and the final opening rejects the false running claim. With a later merge, that merge's
                // sum-check would start from a false sum and reject it at its final evaluation (format 7: the next
                // layer's; OpeningAccumulatorTest covers both)
                assertArrayEquals(new int[] {0, 0, 0, 0, 16}, Protocol.mergeSchedule(ctx, 1));
                rejected(ctx, r, "final opening", "does not verify");
            }
        }
    }

    @Test
    void unsatisfyingBlindingInstanceFailsTheFirstSumCheck() {
        Cheat cheat = new Cheat() {
            @Override
            public RandomInstance blinding(int l, R1CSShape shape, RandomInstance sampled, PedersenKey key) {
                return l == BLOCK ? MaliciousProver.unsatisfying(sampled, 5, key) : sampled;
            }
        };
        Result r = MaliciousProver.prove(ctx, honest, cheat, SEED);
        assertNoFailure(r);
        rejected(ctx, r, "layer 3 (block): ", "sum-check 1 final evaluation");
    }

    /**
     * Format 8 fixes the blinding instance's {@code u = 1} and {@code x = 0} (the proof does not carry them). A
     * blinding pair scaled by 2 satisfies the relaxed relation with {@code u = 2}; folded by the prover with its own
     * {@code u}, it is rejected: the verifier folds {@code u = 1}, whatever the proof object carries, so the
     * transcripts part at the blinding fold's challenge. Scaled by 1 (the honest pair) it verifies.
     */
    @Test
    void blindingInstanceWithAnotherUIsRejected() throws Exception {
        for (long lambda : new long[] {1, 2}) {
            Cheat cheat = new Cheat() {
                @Override
                public RandomInstance blinding(int l, R1CSShape shape, RandomInstance sampled, PedersenKey key) {
                    return l == CONV ? MaliciousProver.scaled(sampled, lambda) : sampled;
                }
            };
            Result r = MaliciousProver.prove(ctx, honest, cheat, SEED);
            assertNoFailure(r);
            if (lambda == 1) {
                verifies(r);
                continue;
            }
            long[] two = new long[4];
            Fr.fromLong(2, two, 0);
            assertTrue(Fr.equal(two, 0, r.proof().layers().get(CONV).blinding().u(), 0), "the proof object carries u = 2");
            rejected(ctx, r, "layer 2 (conv): ", "sum-check 1 final evaluation");
            VerificationException e = assertThrows(VerificationException.class, () -> Verifier.verify(ctx, r.proof()));
            assertTrue(e.reason().startsWith("layer 2 (conv): ") && e.reason().contains("sum-check 1 final evaluation"), e.reason());
        }
    }

    /**
     * A tile folded the way the blinding instance is, its own error in the fold's message: the prover's claim then
     * keeps that error, but the verifier's coefficients are the protocol's (a fresh tile is strict, its fold has no
     * such entry), so the opening of the messages fails; for an honest tile (error 0) as well as a forged one.
     */
    @Test
    void freshTileFoldedWithItsOwnErrorFailsTheOpening() {
        int y = 1;
        Cheat relax = new Cheat() {
            @Override
            public boolean relaxedFresh(int l, int tile) {
                return l == CONV && tile == y;
            }
        };
        Result ok = MaliciousProver.prove(ctx, honest, relax, SEED);
        assertNoFailure(ok);
        rejected(ctx, ok, "layer 4 (fc): ", "opening accumulation final evaluation");
        // a wrong activation, its error carried in the message: the folded claim is true for the prover's
        // coefficients, not for the verifier's
        int[] p = position(CONV, y, v -> v >= 1 && v <= 254);
        int idx = chw(CONV + 1, p[0], y, p[1]);
        Result r = MaliciousProver.prove(ctx, forge(CONV + 1, idx, honest.tensor(CONV + 1)[idx] + 1), relax, SEED);
        Requant g = Requant.of(CONV, p[0], p[1]);
        assertOnlyFailure(r, CONV, y, "conv/tile 1/requant[c=" + p[0] + ", x=" + p[1] + "]", g.n() + 2);
        rejected(ctx, r, "layer 4 (fc): ", "opening accumulation final evaluation");
    }

    @Test
    void proofForModelAWithModelBsDigestFailsAtTheFirstDifferingLayer() {
        // B: A with one bias of the block changed by 1; every shape has the same layout, only B's block
        // constraints differ
        List<QLayer> layers = new ArrayList<>(model.layers());
        QLayer.Conv c = (QLayer.Conv) layers.get(BLOCK);
        long[] b = c.b().clone();
        b[0] += 1;
        layers.set(BLOCK, new QLayer.Conv(c.name(), c.input(), c.inC(), c.outC(), c.kernel(), c.stride(), c.pad(), c.w(), b,
                c.shift(), c.skip()));
        QModel mb = ModelFile.fromBytes(ModelFile.toBytes(new QModel(model.name() + "-b", model.description(), model.preprocess(),
                model.input(), model.inputScale(), model.scales(), layers, model.labels())));
        ModelContext ctxB = ModelContext.of(mb, false);   // as AttackKit.ctx: bit gadgets
        for (int l = 0; l < ctx.skeletons().size(); l++) {
            assertEquals(ctx.skeletons().get(l).layout(), ctxB.skeletons().get(l).layout());
            assertEquals(ctx.skeletons().get(l).numConstraints(), ctxB.skeletons().get(l).numConstraints());
        }
        assertFalse(Arrays.equals(ctx.digest(), ctxB.digest()));
        // the honest proof for A: refused for B by its digest
        Result a = MaliciousProver.prove(ctx, honest, Cheat.NONE, SEED);
        rejected(ctxB, a, "malformed proof: proof is for another model", "");
        // its digest field rewritten to B's: the transcript differs from the first challenge on, so the
        // verifier's first check (layer 0's sum-check 1 final evaluation; rounds carry no p(1)) fails
        Proof p = a.proof();
        Result relabelled = new Result(new Proof(ctxB.digest(), p.logits(), p.label(), null, p.rows(), p.layers(), p.opening()), a.failures());
        rejected(ctxB, relabelled, "layer 0 (stem): ", "sum-check 1 final evaluation");
        // proven with B's digest in the transcript from the start: every challenge agrees, every layer up to the
        // block is B's too; the block's matrices (rebuilt by the verifier from B) are not the prover's
        Result claimed = MaliciousProver.prove(ctx, honest, new Cheat() {
            @Override
            public byte[] digest(byte[] h) {
                return ctxB.digest();
            }
        }, SEED);
        rejected(ctxB, claimed, "layer 3 (block): ", "sum-check 2 final evaluation");
    }
}
