package foldproof.folding.proof;

import foldproof.circuits.layers.InputCircuit;
import foldproof.circuits.layers.LayerCircuit;
import foldproof.circuits.layers.TileWitness;
import foldproof.fixtures.CraftedModels;
import foldproof.folding.VerificationException;
import foldproof.quantizer.QuantizerException;
import foldproof.quantizer.model.QLayer;
import foldproof.quantizer.model.QModel;
import foldproof.quantizer.model.Shape;
import foldproof.quantizer.quant.IntInference;
import foldproof.quantizer.quant.IntTrace;
import foldproof.quantizer.quant.ModelBounds;
import foldproof.quantizer.quant.ModelFile;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Models a malicious author would write (docs/security.md, "Threat model"): each either is refused at load
 * with one line, or proves and verifies honestly while a well-formed proof of a forged witness (an
 * out-of-range image, a wrong ReLU output) is rejected, by the check this test names.
 */
class CraftedModelSoundnessTest {
    private static final long SEED = 17_2026L;

    /** Proves the forged trace with every later step honest; the input layer's tiles get forged rows. */
    private static VerificationException forgedProofRejected(QModel m, int[] forgedInput, int[] cleanInput) {
        ModelContext ctx = ModelContext.of(m);
        IntTrace forged = IntInference.runUnchecked(m, forgedInput);
        IntTrace clean = IntInference.run(m, cleanInput);
        LayerCircuit first = ctx.circuits().get(0);
        Prover.WitnessHook hook = (l, t, honest) -> {
            if (l != 0) {
                return honest.get();
            }
            // a malicious prover: the witness of the clean image, with the forged rows in its IN slots
            TileWitness w = first.witness(clean, t).copy();
            int[] rows = first.inRows(t);
            for (int i = 0; i < rows.length; i++) {
                if (rows[i] >= 0) {
                    long[] row = RowTable.row(forged.tensor(0), m.input(), rows[i]);
                    System.arraycopy(row, 0, w.slots()[i], 0, row.length);
                }
            }
            return w;
        };
        Prover.Result r = Prover.prove(ctx, forged, new Prover.Options(false, new Random(SEED), false), null, hook, System.nanoTime());
        byte[] bytes = ProofCodec.write(r.proof(), ctx.table());
        VerificationException e = assertThrows(VerificationException.class, () -> Verifier.verify(ctx, bytes));
        System.out.println(m.name() + ": forged proof rejected: " + e.reason());
        return e;
    }

    private static void provesHonestly(QModel m, int[] input) {
        ModelContext ctx = ModelContext.of(m);
        Prover.Result r = Prover.prove(ctx, input, new Prover.Options(false, new Random(SEED), true), null);
        byte[] bytes = ProofCodec.write(r.proof(), ctx.table());
        Verifier.Verified v = assertDoesNotThrowVerify(ctx, bytes);
        assertTrue(Arrays.equals(IntInference.run(m, input).logits(), v.logits()));
    }

    private static Verifier.Verified assertDoesNotThrowVerify(ModelContext ctx, byte[] bytes) {
        try {
            return Verifier.verify(ctx, bytes);
        } catch (VerificationException e) {
            throw new AssertionError("honest proof rejected: " + e.reason(), e);
        }
    }

    private static QModel load(QModel m) {
        return ModelFile.fromBytes(ModelFile.toBytes(m));
    }

    private static void assertInputCheckRejects(QModel crafted) {
        assertInputCheckRejects(crafted, "layer 0 (" + InputCircuit.NAME + ")");
    }

    private static void assertInputCheckRejects(QModel crafted, String rejectedAt) {
        QModel m = load(crafted);
        // a dim image, then two pixels past int8 that every later gadget of these models still accepts: only
        // the input range check stands between them and a proof
        int[] clean = CraftedModels.randomImage(m, 3);
        for (int j = 0; j < clean.length; j++) {
            clean[j] /= 13;
        }
        provesHonestly(m, clean);
        int[] forged = clean.clone();
        forged[5] = 200;
        forged[m.input().size() - 1] = 140;
        int[] clamped = forged.clone();
        for (int j = 0; j < clamped.length; j++) {
            clamped[j] = Math.max(-128, Math.min(127, clamped[j]));
        }
        VerificationException e = forgedProofRejected(m, forged, clamped);
        // the layer that range-checks the input (its own layer, or the stem conv) is what fails
        assertTrue(e.reason().startsWith(rejectedAt), e.reason());
    }

    @Test
    void headReadingTheInputGetsTheInputRangeCheck() {
        assertInputCheckRejects(CraftedModels.headOnInput());
    }

    @Test
    void maxPoolReadingTheInputGetsTheInputRangeCheck() {
        assertInputCheckRejects(CraftedModels.poolOnInput());
    }

    @Test
    void inputReachingAConvOnlyAsSkipGetsTheInputRangeCheck() {
        assertInputCheckRejects(CraftedModels.skipOnInput());
    }

    @Test
    void aStemConvChecksTheRowsItOwns() {
        // a stem whose output does not depend on the input: only its input-range constraints see the pixels
        QModel m = CraftedModels.of("zero-stem", 4, java.util.List.of(
                new QLayer.Conv("stem", 0, 3, 2, 3, 1, 1, new int[54], new long[] {300, 500}, 8, new foldproof.quantizer.model.QLayer.QSkip.None()),
                new QLayer.Head("fc", 1, 2, 2, new int[] {1, -1, 1, 1}, new long[] {0, 0}, 0.01)));
        assertTrue(!(ModelContext.of(m).circuits().get(0) instanceof InputCircuit), "the stem owns the input check");
        assertInputCheckRejects(m, "layer 0 (stem)");
    }

    @Test
    void boundsThatWrapIn64BitsAreRefusedAtLoad() {
        // a bias near Long.MAX_VALUE: the old wrapping bound chose too few bits
        QuantizerException a = assertThrows(QuantizerException.class, () -> load(CraftedModels.biasedConv(Long.MAX_VALUE - 5, 3, 4)));
        assertTrue(a.getMessage().startsWith("layer 0 (conv), output channel 0: accumulator range"), a.getMessage());
        assertTrue(a.getMessage().contains("exceeds the supported static bound 2^" + ModelBounds.LIMIT_BITS), a.getMessage());
        // a skip scale near Long.MIN_VALUE
        QuantizerException b = assertThrows(QuantizerException.class, () -> load(CraftedModels.skipScale(Long.MIN_VALUE + 7)));
        assertTrue(b.getMessage().startsWith("layer 1 (block), output channel 0: accumulator range"), b.getMessage());
        // just inside the limit loads
        load(CraftedModels.biasedConv((1L << ModelBounds.LIMIT_BITS) - (1L << 30), 3, 40));
    }

    @Test
    void extremeButLoadableModelRejectsAForgedReluOutput() {
        // bias near the limit, the largest shift: loads, proves, and a wrong ReLU output is caught by requant
        QModel m = load(CraftedModels.biasedConv((1L << ModelBounds.LIMIT_BITS) - (1L << 40), 1 << 20, 40));
        int[] in = CraftedModels.randomImage(m, 9);
        provesHonestly(m, in);
        IntTrace honest = IntInference.run(m, in);
        int[][] t = new int[honest.numTensors()][];
        for (int i = 0; i < t.length; i++) {
            t[i] = honest.tensor(i).clone();
        }
        Shape conv = m.shapes().get(1);
        int idx = conv.w() + 1;           // channel 0, row 0, x = 1
        t[1][idx] = t[1][idx] == 255 ? 254 : t[1][idx] + 1;
        long[] logits = head((QLayer.Head) m.layers().get(1), t[1], conv);
        ModelContext ctx = ModelContext.of(m);
        IntTrace forged = IntTrace.forged(t, logits);
        Prover.Result r = Prover.prove(ctx, forged, new Prover.Options(false, new Random(SEED), false), null,
                (l, tile, w) -> w.get(), System.nanoTime());
        byte[] bytes = ProofCodec.write(r.proof(), ctx.table());
        VerificationException e = assertThrows(VerificationException.class, () -> Verifier.verify(ctx, bytes));
        System.out.println("forged ReLU output rejected: " + e.reason());
        assertTrue(e.reason().startsWith("layer 0 (conv)"), e.reason());
    }

    /**
     * A depthwise conv proven as if it were dense: the witness of a model whose conv also mixes channels (the same
     * weights on each group's own channel, others off it) is rejected for the depthwise model at that layer; the
     * depthwise model itself proves and verifies.
     */
    @Test
    void denseWitnessForADepthwiseConvIsRejected() {
        Random r = new Random(SEED);
        int[] stemW = new int[4 * 3 * 9];
        int[] dwW = new int[4 * 9];
        int[] denseW = new int[4 * 4 * 9];
        for (int j = 0; j < stemW.length; j++) {
            stemW[j] = r.nextInt(17) - 8;
        }
        for (int j = 0; j < denseW.length; j++) {
            denseW[j] = r.nextInt(17) - 8;
        }
        for (int o = 0; o < 4; o++) {
            System.arraycopy(denseW, (o * 4 + o) * 9, dwW, o * 9, 9);   // the dense conv's own-channel weights
        }
        QLayer.Conv stem = new QLayer.Conv("stem", 0, 3, 4, 3, 1, 1, stemW, new long[] {256, 128, 512, 64}, 4, new QLayer.QSkip.None());
        QLayer.Head fc = new QLayer.Head("fc", 2, 4, 3, new int[] {1, -2, 3, 1, 2, 1, -1, 1, 0, 1, 1, -3}, new long[] {5, 0, -5}, 0.01);
        QModel grouped = load(CraftedModels.of("depthwise", 8, java.util.List.of(stem,
                new QLayer.Conv("dw", 1, 4, 4, 3, 1, 1, dwW, new long[] {300, 300, 300, 300}, 5, new QLayer.QSkip.None(), 4), fc)));
        QModel dense = load(CraftedModels.of("dense", 8, java.util.List.of(stem,
                new QLayer.Conv("dw", 1, 4, 4, 3, 1, 1, denseW, new long[] {300, 300, 300, 300}, 5, new QLayer.QSkip.None()), fc)));
        int[] in = CraftedModels.randomImage(grouped, 11);
        provesHonestly(grouped, in);
        IntTrace other = IntInference.run(dense, in);
        assertTrue(!Arrays.equals(IntInference.run(grouped, in).tensor(2), other.tensor(2)), "the dense conv computes something else");
        int[][] t = new int[other.numTensors()][];
        for (int i = 0; i < t.length; i++) {
            t[i] = other.tensor(i).clone();
        }
        ModelContext ctx = ModelContext.of(grouped);
        Prover.Result res = Prover.prove(ctx, IntTrace.forged(t, other.logits()), new Prover.Options(false, new Random(SEED), false), null,
                (l, tile, w) -> w.get(), System.nanoTime());
        byte[] bytes = ProofCodec.write(res.proof(), ctx.table());
        VerificationException e = assertThrows(VerificationException.class, () -> Verifier.verify(ctx, bytes));
        System.out.println("dense witness for a depthwise conv rejected: " + e.reason());
        assertTrue(e.reason().startsWith("layer 1 (dw)"), e.reason());
    }

    private static long[] head(QLayer.Head h, int[] a, Shape src) {
        long[] out = new long[h.classes()];
        int plane = src.h() * src.w();
        for (int j = 0; j < out.length; j++) {
            long v = h.b()[j];
            for (int c = 0; c < h.inC(); c++) {
                long s = 0;
                for (int p = 0; p < plane; p++) {
                    s += a[c * plane + p];
                }
                v += (long) h.w()[j * h.inC() + c] * s;
            }
            out[j] = v;
        }
        return out;
    }

    @Test
    void paddedMaxPoolOverTheSignedInputIsRefusedAtLoad() {
        QModel m = CraftedModels.of("padded-pool", 4, java.util.List.of(
                new QLayer.MaxPool("pool", 0, 3, 1, 1),
                new QLayer.Head("fc", 1, 3, 2, new int[6], new long[2], 0.01)));
        QuantizerException e = assertThrows(QuantizerException.class, () -> load(m));
        assertTrue(e.getMessage().startsWith("layer 0 (pool): a max pool with padding over the signed input"), e.getMessage());
    }

    @Test
    void inMemoryVerifyChecksWhatTheBytePathChecks() {
        ModelContext ctx = TinyProofs.ctx();
        Proof p = TinyProofs.result().proof();
        // a public input value that is not int8
        int[] in = TinyProofs.input().clone();
        in[0] = 1000;
        Proof bad = new Proof(p.modelDigest(), p.logits(), p.label(), in, p.rows(), p.layers(), p.opening());
        VerificationException e = assertThrows(VerificationException.class, () -> Verifier.verify(ctx, bad));
        assertTrue(e.reason().contains("not int8"), e.reason());
        // one AUX commitment too many in one tile
        LayerProof lp = p.layers().get(1);
        foldproof.bn254.g1.G1Point[][] aux = lp.aux().clone();
        aux[0] = Arrays.copyOf(aux[0], aux[0].length + 1);
        aux[0][aux[0].length - 1] = aux[0][0];
        java.util.List<LayerProof> layers = new java.util.ArrayList<>(p.layers());
        layers.set(1, new LayerProof(aux, lp.crossTerms(), lp.blinding(), lp.blindingCrossTerm(), lp.compressed()));
        Proof extra = new Proof(p.modelDigest(), p.logits(), p.label(), null, p.rows(), layers, p.opening());
        VerificationException f = assertThrows(VerificationException.class, () -> Verifier.verify(ctx, extra));
        assertTrue(f.reason().startsWith("malformed proof"), f.reason());
        // the unchanged proof still verifies in memory
        assertEquals(p.label(), assertDoesNotThrowVerify(ctx, ProofCodec.write(p, ctx.table())).label());
    }
}
