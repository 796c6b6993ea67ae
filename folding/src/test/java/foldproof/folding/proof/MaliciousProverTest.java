package foldproof.folding.proof;

import foldproof.circuits.layers.ConvCircuit;
import foldproof.circuits.layers.LayerCircuit;
import foldproof.circuits.layers.TileWitness;
import foldproof.circuits.r1cs.R1CSShape;
import foldproof.fixtures.CraftedModels;
import foldproof.folding.VerificationException;
import foldproof.folding.proof.MaliciousProver.Cheat;
import foldproof.folding.proof.MaliciousProver.Failure;
import foldproof.folding.proof.MaliciousProver.Result;
import foldproof.bn254.g1.G1Point;
import foldproof.folding.commit.PedersenKey;
import foldproof.folding.nifs.RandomInstance;
import foldproof.quantizer.model.QLayer;
import foldproof.quantizer.model.QModel;
import foldproof.quantizer.model.Shape;
import foldproof.quantizer.quant.IntInference;
import foldproof.quantizer.quant.IntTrace;
import foldproof.quantizer.quant.ModelFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The malicious-prover suite (issue 14; docs/security.md, "Attacks"): each test builds a well-formed proof of
 * a false statement with {@link MaliciousProver} (the real prover's steps with one deviation, everything after
 * it honest), asserts which tile constraints the cheat leaves violated (exactly one, or none for the attacks
 * on the argument), and asserts the verifier rejects the proof at the check that is meant to catch it: the
 * layer and the step in the rejection reason. Where the attack needs a cheating code path, the same path
 * without the corruption is shown to verify. The model is {@link CraftedModels#smallResNet()}: stem conv with
 * the input range check, max pool, conv, residual block, head (21 tiles; a proof takes well under a second).
 */
class MaliciousProverTest {
    private static final long SEED = 20261215L;
    private static final int STEM = 0;
    private static final int POOL = 1;
    private static final int CONV = 2;
    private static final int BLOCK = 3;
    private static final int FC = 4;

    private static QModel model;
    private static ModelContext ctx;
    private static IntTrace honest;

    @BeforeAll
    static void setUp() {
        model = ModelFile.fromBytes(ModelFile.toBytes(CraftedModels.smallResNet()));
        ctx = ModelContext.of(model);
        honest = IntInference.run(model, CraftedModels.randomImage(model, 1));
        String[] names = {"stem", "pool", "conv", "block", "fc"};
        for (int l = 0; l < names.length; l++) {
            assertEquals(names[l], ctx.circuits().get(l).name(), "proof layer " + l);
        }
        System.out.println("malicious prover seed " + SEED);
    }

    // ---- helpers ---------------------------------------------------------------------------------

    /** Verifies and expects a rejection whose reason starts with {@code where} and contains {@code check}. */
    private static String rejected(ModelContext c, Result r, String where, String check) {
        byte[] bytes = r.bytes(c);
        VerificationException e = assertThrows(VerificationException.class, () -> Verifier.verify(c, bytes));
        System.out.println("  rejected: " + e.reason());
        assertTrue(e.reason().startsWith(where) && e.reason().contains(check),
                "expected a rejection at '" + where + "' by '" + check + "', got: " + e.reason());
        return e.reason();
    }

    private static void verifies(Result r) {
        try {
            Verifier.verify(ctx, r.bytes(ctx));
        } catch (VerificationException e) {
            throw new AssertionError("the same proof without the corruption is rejected: " + e.reason(), e);
        }
    }

    private static void assertNoFailure(Result r) {
        assertEquals(List.of(), r.failures(), "every tile constraint holds");
    }

    /** Exactly one constraint of one tile fails: the one named. */
    private static void assertOnlyFailure(Result r, int layer, int tile, String label, int indexInGadget) {
        assertEquals(1, r.failures().size(), "failures: " + r.failures());
        Failure f = r.failures().get(0);
        System.out.println("  only failing constraint: " + f.label() + " #" + f.indexInGadget() + " (constraint " + f.constraint() + ")");
        assertEquals(layer, f.layer());
        assertEquals(tile, f.tile());
        assertEquals(label, f.label());
        assertEquals(indexInGadget, f.indexInGadget(), "constraint within the gadget");
    }

    private static int[][] tensors(IntTrace t) {
        int[][] out = new int[t.numTensors()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = t.tensor(i).clone();
        }
        return out;
    }

    /** The honest trace with one value of tensor {@code id} set, and every layer reading it recomputed. */
    private static IntTrace forge(int id, int index, int value) {
        int[][] t = tensors(honest);
        t[id][index] = value;
        return IntInference.resume(model, t, id);
    }

    private static int chw(int id, int c, int y, int x) {
        Shape s = model.shapes().get(id);
        return (c * s.h() + y) * s.w() + x;
    }

    private static ConvCircuit conv(int layer) {
        return (ConvCircuit) ctx.circuits().get(layer);
    }

    /**
     * The requant gadget of output {@code (o, x)} of a conv tile: AUX offset of its bits (n bits, then ovf), in
     * {@link foldproof.circuits.gadgets.Requant}'s order (channel by channel, x by x; no input check here).
     */
    private record Requant(int offset, int n, int k) {
        static Requant of(int layer, int o, int x) {
            ConvCircuit cc = conv(layer);
            QLayer.Conv c = (QLayer.Conv) model.layers().get(layer);
            int outW = model.shapes().get(layer + 1).w();
            int[] n = cc.requantBits();
            int off = 0;
            for (int i = 0; i < o; i++) {
                off += outW * (n[i] + 1);
            }
            return new Requant(off + x * (n[o] + 1), n[o], c.shift());
        }

        long high(long[] aux) {   // sum_{j >= k} 2^(j-k) b_j
            long v = 0;
            for (int j = n - 1; j >= k; j--) {
                v = 2 * v + aux[offset + j];
            }
            return v;
        }

        long low(long[] aux) {    // the remainder bits
            long v = 0;
            for (int j = k - 1; j >= 0; j--) {
                v = 2 * v + aux[offset + j];
            }
            return v;
        }

        /** q from the honest bits (ovf = 0): high part minus 2^(m-1). */
        long q(long[] aux) {
            assertEquals(0, aux[offset + n], "ovf");
            return high(aux) - (1L << (n - k - 1));
        }

        void setHigh(long[] aux, long v) {
            for (int j = k; j < n; j++) {
                aux[offset + j] = (v >>> (j - k)) & 1;
            }
        }
    }

    private static long[] aux(TileWitness w) {
        return w.slots()[w.slots().length - 1];
    }

    /** An output position of tile {@code y} of a conv layer whose value satisfies {@code ok}. */
    private static int[] position(int layer, int y, java.util.function.IntPredicate ok) {
        Shape s = model.shapes().get(layer + 1);
        for (int c = 0; c < s.c(); c++) {
            for (int x = 0; x < s.w(); x++) {
                if (ok.test(honest.tensor(layer + 1)[chw(layer + 1, c, y, x)])) {
                    return new int[] {c, x};
                }
            }
        }
        throw new AssertionError("no suitable output in layer " + layer + " row " + y);
    }

    private static Cheat witnessAt(int layer, int tile, java.util.function.UnaryOperator<TileWitness> change) {
        return new Cheat() {
            @Override
            public TileWitness witness(int l, int t, Supplier<TileWitness> h) {
                return l == layer && t == tile ? change.apply(h.get().copy()) : h.get();
            }
        };
    }

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
        rejected(ctx, r, "layer 2 (conv): ", "sum-check 1 round 0");
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
        rejected(ctx, r, "layer 2 (conv): ", "sum-check 1 round 0");
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
        rejected(ctx, r, "layer 2 (conv): ", "sum-check 1 round 0");
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
        rejected(ctx, r, "layer 1 (pool): ", "sum-check 1 round 0");
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
        rejected(ctx, r, "layer 4 (fc): ", "sum-check 1 round 0");
    }

    private static long gain(QLayer.Head h, int target, int label, int c) {
        return h.w()[target * h.inC() + c] - h.w()[label * h.inC() + c];
    }

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
                // already differs from the prover's; layer 0, which reads none of the substituted rows, fails
                // at the first sum-check round that uses a challenge
                System.out.println(" substituted after the challenges:");
                rejected(ctx, r, "layer 0 (stem): ", "sum-check 1 round 1");
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
    void slotCommitmentWithWeightPastItsLengthFailsTheNextMerge() {
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
                // final IPA) carries it: the next layer's merging sum-check starts from a false sum
                rejected(ctx, r, "layer 2 (conv): ", "opening accumulation sum-check round 0");
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
        rejected(ctx, r, "layer 3 (block): ", "sum-check 1 round 0");
    }

    @Test
    void freshTileWithNonZeroErrorFailsTheFinalOpening() {
        int y = 1;
        Cheat relax = new Cheat() {
            @Override
            public boolean relaxedFresh(int l, int tile) {
                return l == CONV && tile == y;
            }
        };
        // the relaxed path on an honest tile (E = 0) verifies
        Result ok = MaliciousProver.prove(ctx, honest, relax, SEED);
        assertNoFailure(ok);
        verifies(ok);
        // a wrong activation, its error absorbed by the tile's own E: the folded witness satisfies the relaxed
        // relation, but the verifier's fresh instance has comm_E = identity, so E's opening fails
        int[] p = position(CONV, y, v -> v >= 1 && v <= 254);
        int idx = chw(CONV + 1, p[0], y, p[1]);
        Result r = MaliciousProver.prove(ctx, forge(CONV + 1, idx, honest.tensor(CONV + 1)[idx] + 1), relax, SEED);
        Requant g = Requant.of(CONV, p[0], p[1]);
        assertOnlyFailure(r, CONV, y, "conv/tile 1/requant[c=" + p[0] + ", x=" + p[1] + "]", g.n() + 2);
        rejected(ctx, r, "final opening", "does not verify");
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
        ModelContext ctxB = ModelContext.of(mb);
        for (int l = 0; l < ctx.skeletons().size(); l++) {
            assertEquals(ctx.skeletons().get(l).layout(), ctxB.skeletons().get(l).layout());
            assertEquals(ctx.skeletons().get(l).numConstraints(), ctxB.skeletons().get(l).numConstraints());
        }
        assertFalse(Arrays.equals(ctx.digest(), ctxB.digest()));
        // the honest proof for A: refused for B by its digest
        Result a = MaliciousProver.prove(ctx, honest, Cheat.NONE, SEED);
        rejected(ctxB, a, "malformed proof: proof is for another model", "");
        // its digest field rewritten to B's: the transcript differs from the first challenge on
        Proof p = a.proof();
        Result relabelled = new Result(new Proof(ctxB.digest(), p.logits(), p.label(), null, p.rows(), p.layers(), p.opening()), a.failures());
        rejected(ctxB, relabelled, "layer 0 (stem): ", "sum-check 1 round 1");
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
