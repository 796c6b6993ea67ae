package foldproof.folding.proof;

import foldproof.bn254.g1.G1Point;
import foldproof.folding.VerificationException;
import foldproof.quantizer.quant.IntInference;
import foldproof.quantizer.quant.IntTrace;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Batch proofs (format 7) on the tiny model: a batch of three images verifies with every image's integer
 * logits and label; swapping two images' claims, dropping an image, duplicating one, reordering them, a
 * tampered batch size and an old format version are all rejected with a reason.
 */
class BatchProofTest {
    private static final long SEED = 20261207L;
    private static ModelContext ctx;
    private static List<int[]> inputs;
    private static Proof proof;

    @BeforeAll
    static void prove() {
        ctx = TinyProofs.ctx();
        inputs = List.of(TinyProofs.input(11), TinyProofs.input(12), TinyProofs.input(13));
        System.out.println("batch proof seed " + SEED);
        proof = Prover.proveBatch(ctx, inputs, new Prover.Options(false, new Random(SEED), true), null).proof();
    }

    private static String rejected(Proof p, String what) {
        byte[] bytes;
        try {
            bytes = ProofCodec.write(p, ctx.table());
        } catch (RuntimeException e) {
            fail(what + ": the tampered proof cannot even be encoded: " + e);
            return null;
        }
        return rejected(bytes, what);
    }

    private static String rejected(byte[] bytes, String what) {
        try {
            Verifier.verify(ctx, bytes);
        } catch (VerificationException e) {
            assertTrue(e.reason() != null && !e.reason().isBlank(), what + ": empty reason");
            System.out.println(what + " -> " + e.reason());
            return e.reason();
        } catch (Throwable t) {
            fail(what + ": escaped " + t, t);
        }
        fail(what + ": tampered batch proof was accepted");
        return null;
    }

    @Test
    void batchVerifiesWithEveryImagesIntegerInference() throws VerificationException {
        byte[] bytes = ProofCodec.write(proof, ctx.table());
        Verifier.Verified v = Verifier.verify(ctx, bytes);
        assertEquals(3, v.images().size());
        for (int n = 0; n < 3; n++) {
            IntTrace t = IntInference.run(ctx.model(), inputs.get(n));
            assertArrayEquals(t.logits(), v.images().get(n).logits(), "image " + n + " logits");
            assertEquals(t.argmax(), v.images().get(n).label(), "image " + n + " label");
        }
        // one blinding instance and one compressed proof per layer, whatever N (format 9: the compressions' merges
        // are 2 K scalars each, and K grows with N once the layers' fold messages outgrow the model's key)
        Proof one = Prover.prove(ctx, inputs.get(0), new Prover.Options(false, new Random(SEED), true), null).proof();
        for (int l = 0; l < ctx.circuits().size(); l++) {
            int tiles = ctx.circuits().get(l).numTiles();
            assertEquals(3 * tiles, proof.layers().get(l).aux().length);
            assertEquals(3 * tiles - 1, proof.layers().get(l).crossTerms().length);
            assertEquals(one.layers().get(l).blinding().numSlots(), proof.layers().get(l).blinding().numSlots());
        }
        Verifier.verify(ctx, one);
    }

    /**
     * A batch whose last image (folded at the image tree's top node) or middle image has one tile witness
     * that fails a constraint, folded anyway: the honest images do not carry it, the proof is rejected.
     */
    @Test
    void oneFalseTileInOneImageRejectsTheBatch() {
        List<IntTrace> traces = new ArrayList<>();
        for (int[] in : inputs) {
            traces.add(IntInference.run(ctx.model(), in));
        }
        for (int bad : new int[] {2, 1}) {
            int layer = bad == 2 ? 0 : ctx.circuits().size() / 2;
            int tile = ctx.circuits().get(layer).numTiles() / 2;
            Prover.WitnessHook hook = SoundnessTest.corrupt(ctx, layer, tile, 77 + bad);
            Proof p = Prover.proveTraces(ctx, traces, new Prover.Options(false, new Random(SEED), false),
                    n -> n == bad ? hook : null).proof();
            String r = rejected(p, "image " + bad + " layer " + layer + " tile " + tile + " false");
            assertTrue(r.contains("layer " + layer), r);
        }
    }

    @Test
    void swappedLogitsAreRejected() {
        List<Proof.Image> im = new ArrayList<>(proof.images());
        Proof.Image a = im.get(0);
        Proof.Image b = im.get(2);
        assertTrue(!Arrays.equals(a.logits(), b.logits()), "test images must have different logits");
        im.set(0, new Proof.Image(b.logits(), b.label(), null, a.rows()));
        im.set(2, new Proof.Image(a.logits(), a.label(), null, b.rows()));
        rejected(new Proof(proof.modelDigest(), im, proof.layers(), proof.opening()), "swap logits of images 0 and 2");
    }

    @Test
    void droppedImageIsRejected() {
        for (int drop = 0; drop < 3; drop++) {
            rejected(permuted(dropOne(drop)), "drop image " + drop);
        }
    }

    private static int[] dropOne(int drop) {
        int[] order = new int[2];
        for (int n = 0, k = 0; n < 3; n++) {
            if (n != drop) {
                order[k++] = n;
            }
        }
        return order;
    }

    @Test
    void duplicatedImageIsRejected() {
        rejected(permuted(new int[] {0, 1, 2, 1}), "duplicate image 1 at the end");
        rejected(permuted(new int[] {0, 0, 1, 2}), "duplicate image 0 at the start");
        rejected(permuted(new int[] {0, 1, 1}), "replace image 2 by image 1");
    }

    @Test
    void reorderedImagesAreRejected() {
        rejected(permuted(new int[] {1, 0, 2}), "swap images 0 and 1 with all their commitments");
        rejected(permuted(new int[] {2, 1, 0}), "reverse the batch");
    }

    @Test
    void tamperedBatchSizeAndOldVersionAreRejected() {
        byte[] bytes = ProofCodec.write(proof, ctx.table());
        int at = ProofCodec.HEADER + 32;
        for (int n : new int[] {0, 2, 4, -1, 1 << 30}) {
            byte[] b = bytes.clone();
            b[at] = (byte) (n >>> 24);
            b[at + 1] = (byte) (n >>> 16);
            b[at + 2] = (byte) (n >>> 8);
            b[at + 3] = (byte) n;
            rejected(b, "batch size " + Integer.toUnsignedString(n));
        }
        byte[] old = bytes.clone();
        old[9] = 5;
        String r = rejected(old, "format version 5");
        assertTrue(r.contains("version 5") && r.contains("older foldproof"), r);
    }

    /**
     * The batch re-assembled with its images in another order (every claim, row table, AUX commitment and
     * tile cross term moved with its image; the image tree's cross terms filled in order, reused when the
     * new tree has more nodes): the proof of another statement, which must not verify.
     */
    private static Proof permuted(int[] order) {
        int n = order.length;
        List<Proof.Image> im = new ArrayList<>();
        for (int k : order) {
            im.add(proof.images().get(k));
        }
        List<LayerProof> layers = new ArrayList<>();
        for (int l = 0; l < ctx.circuits().size(); l++) {
            LayerProof lp = proof.layers().get(l);
            int tiles = ctx.circuits().get(l).numTiles();
            G1Point[][] aux = new G1Point[n * tiles][];
            G1Point[] cross = new G1Point[FoldTree.crossTerms(tiles, n)];
            for (int i = 0; i < n; i++) {
                System.arraycopy(lp.aux(), order[i] * tiles, aux, i * tiles, tiles);
                System.arraycopy(lp.crossTerms(), FoldTree.crossIndex(tiles, order[i], 0), cross, FoldTree.crossIndex(tiles, i, 0), tiles - 1);
            }
            for (int node = 0; node < n - 1; node++) {
                cross[FoldTree.nodeCrossIndex(tiles, n, node)] = lp.crossTerms()[FoldTree.nodeCrossIndex(tiles, 3, node % 2)];
            }
            layers.add(new LayerProof(aux, cross, lp.blinding(), lp.blindingCrossTerm(), lp.compressed()));
        }
        return new Proof(proof.modelDigest(), im, layers, proof.opening());
    }
}
