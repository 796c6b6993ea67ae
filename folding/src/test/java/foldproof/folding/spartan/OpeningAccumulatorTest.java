package foldproof.folding.spartan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import foldproof.bn254.fr.Fr;
import foldproof.bn254.g1.G1Point;
import foldproof.folding.VerificationException;
import foldproof.folding.commit.PedersenKey;
import foldproof.folding.spartan.polys.Mle;
import foldproof.folding.transcript.Transcript;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The proof-wide opening accumulator on its own: many claims of different lengths merged and opened by one
 * inner-product argument; a false value, a wrong commitment, or a vector with a component past its claimed
 * length is rejected.
 */
class OpeningAccumulatorTest {
    private static final long SEED = 20261128L;
    private static final int K = 6;
    private static final PedersenKey KEY = PedersenKey.setup("foldproof/test/openings", 1 << K);

    /** One claim: a random vector of {@code len <= 2^k} elements, its commitment, a random point, its value. */
    private record Claim(long[] a, int len, int k, G1Point comm, long[] blind, long[] point, long[] value) { }

    private static Claim claim(Random rnd, int k, int len, int extraAt) {
        int n = Math.max(1 << k, extraAt + 1);
        long[] a = new long[4 * n];
        for (int i = 0; i < len; i++) {
            Fr.fromLong(rnd.nextLong() >>> 1, a, 4 * i);
        }
        if (extraAt >= 0) {   // a component past the claimed length, in the commitment only
            Fr.fromLong(1 + rnd.nextInt(1000), a, 4 * extraAt);
        }
        long[] blind = new long[4];
        Fr.fromLong(rnd.nextLong() >>> 1, blind, 0);
        G1Point comm = KEY.commit(a, n, blind);
        long[] point = new long[4 * k];
        for (int j = 0; j < k; j++) {
            Fr.fromLong(rnd.nextLong() >>> 1, point, 4 * j);
        }
        long[] value = new long[4];
        Mle.evaluate(a, len, k, point, 0, value, 0);   // the MLE of the first 2^k elements only
        return new Claim(a, Math.max(len, extraAt + 1), k, comm, blind, point, value);
    }

    private static Transcript tr() {
        return new Transcript("openings-test");
    }

    /**
     * Proves and verifies {@code claims}, merged in batches of {@code batch} claims; {@code lie} bumps the
     * value of that claim on both sides; {@code allowLong} lets a vector be longer than its claim.
     */
    private static void run(Claim[] claims, int lie, boolean allowLong, int batch) throws VerificationException {
        Transcript pt = tr();
        OpeningAccumulator acc = new OpeningAccumulator(K);
        java.util.List<long[]> msgs = new java.util.ArrayList<>();
        for (int from = 0; from < claims.length; from += batch) {
            int to = Math.min(claims.length, from + batch);
            for (int c = from; c < to; c++) {
                Claim cl = claims[c];
                long[] v = value(cl, c == lie);
                if (allowLong) {
                    acc.claimUnchecked(cl.a(), cl.len(), cl.k(), cl.point(), 0, v, cl.blind());
                } else {
                    acc.claim(cl.a(), cl.len(), cl.k(), cl.point(), 0, v, cl.blind());
                }
            }
            long[] msg = new long[4 * OpeningAccumulator.scalarsPerBatch(K, to - from)];
            acc.merge(pt, msg, 0);
            msgs.add(msg);
        }
        FinalOpening fo = acc.finish(KEY, pt);
        Transcript vt = tr();
        OpeningChecker chk = new OpeningChecker(K);
        for (int from = 0, b = 0; from < claims.length; from += batch, b++) {
            int to = Math.min(claims.length, from + batch);
            for (int c = from; c < to; c++) {
                Claim cl = claims[c];
                chk.claim(new G1Point[] {cl.comm()}, Fr.ONE.clone(), cl.k(), cl.point(), 0, value(cl, c == lie));
            }
            chk.merge(msgs.get(b), 0, vt, "batch " + b);
        }
        chk.finish(KEY, fo, vt);
    }

    private static long[] value(Claim cl, boolean lie) {
        long[] v = cl.value().clone();
        if (lie) {
            Fr.add(v, 0, Fr.ONE, 0, v, 0);
        }
        return v;
    }

    @Test
    void claimsOfEveryLengthAccumulateAndOpen() throws Exception {
        Random rnd = new Random(SEED);
        Claim[] claims = new Claim[K + 2];
        for (int c = 0; c < claims.length; c++) {
            int k = c % (K + 1);
            claims[c] = claim(rnd, k, rnd.nextInt((1 << k) + 1), -1);
        }
        for (int batch : new int[] {1, 3, claims.length}) {
            run(claims, -1, false, batch);
        }
        run(new Claim[0], -1, false, 1);   // no claim: the zero claim opens
    }

    @Test
    void falseValueIsRejected() {
        Random rnd = new Random(SEED + 1);
        Claim[] claims = {claim(rnd, 3, 8, -1), claim(rnd, K, 40, -1), claim(rnd, 2, 3, -1)};
        for (int lie = 0; lie < claims.length; lie++) {
            int l = lie;
            for (int batch : new int[] {1, 2, 3}) {
                int b = batch;
                VerificationException e = assertThrows(VerificationException.class, () -> run(claims, l, false, b));
                assertTrue(e.reason().contains("final opening") || e.reason().contains("batch"), e.reason());
            }
        }
    }

    @Test
    void componentPastTheClaimedLengthIsRejected() {
        Random rnd = new Random(SEED + 2);
        for (int trial = 0; trial < 4; trial++) {
            int k = 1 + trial;
            // the commitment has a non-zero element at index 2^k + trial (past the claimed 2^k elements); the
            // claimed value is the true MLE of the first 2^k, and the dishonest prover accumulates the whole
            // vector so that the final IPA matches the commitment
            Claim bad = claim(rnd, k, 1 << k, (1 << k) + trial);
            Claim[] claims = {claim(rnd, K, 64, -1), bad, claim(rnd, 2, 4, -1)};
            for (int batch : new int[] {1, 3}) {
                int b = batch;
                VerificationException e = assertThrows(VerificationException.class, () -> run(claims, -1, true, b));
                assertTrue(e.reason().startsWith("batch") || e.reason().startsWith("final opening"), e.reason());
            }
        }
    }

    /**
     * Claims queued by three "layers" (each absorbs its claims' values, as a layer's compression does, before
     * the next layer's) and merged in one batch by the last: a false value of the first layer's claim, deferred
     * across the two others, is rejected by the merging sum-check's final evaluation in the layer that closes
     * the batch (not later, by the final opening).
     */
    @Test
    void falseClaimDeferredAcrossLayersIsRejectedAtTheBatchMerge() throws Exception {
        Random rnd = new Random(SEED + 4);
        Claim[][] layers = {
                {claim(rnd, 3, 8, -1), claim(rnd, K, 50, -1)},
                {claim(rnd, 5, 32, -1)},
                {claim(rnd, 2, 4, -1), claim(rnd, 4, 11, -1), claim(rnd, K - 1, 32, -1)}};
        deferred(layers, -1, -1);   // honest: verifies
        for (int[] lie : new int[][] {{0, 0}, {0, 1}, {1, 0}, {2, 2}}) {
            VerificationException e = assertThrows(VerificationException.class, () -> deferred(layers, lie[0], lie[1]));
            assertEquals("layer 2: opening accumulation final evaluation does not match", e.reason(),
                    "lie in layer " + lie[0] + " claim " + lie[1]);
        }
    }

    /** Proves and verifies {@code layers}' claims, merged at the last layer only; {@code lie} bumps one claim's value. */
    private static void deferred(Claim[][] layers, int lieLayer, int lieClaim) throws VerificationException {
        Transcript pt = tr();
        OpeningAccumulator acc = new OpeningAccumulator(K);
        long[] msg = null;
        for (int l = 0; l < layers.length; l++) {
            pt.absorbLong("layer", l);
            for (int c = 0; c < layers[l].length; c++) {
                Claim cl = layers[l][c];
                long[] v = value(cl, l == lieLayer && c == lieClaim);
                pt.absorbScalar("value", v, 0);
                acc.claim(cl.a(), cl.len(), cl.k(), cl.point(), 0, v, cl.blind());
            }
            assertEquals(l == 0 ? 2 : l == 1 ? 3 : 6, acc.pendingClaims());
        }
        msg = new long[4 * OpeningAccumulator.scalarsPerBatch(K, acc.pendingClaims())];
        acc.merge(pt, msg, 0);
        FinalOpening fo = acc.finish(KEY, pt);
        Transcript vt = tr();
        OpeningChecker chk = new OpeningChecker(K);
        for (int l = 0; l < layers.length; l++) {
            vt.absorbLong("layer", l);
            for (int c = 0; c < layers[l].length; c++) {
                Claim cl = layers[l][c];
                long[] v = value(cl, l == lieLayer && c == lieClaim);
                vt.absorbScalar("value", v, 0);
                chk.claim(new G1Point[] {cl.comm()}, Fr.ONE.clone(), cl.k(), cl.point(), 0, v);
            }
        }
        chk.merge(msg, 0, vt, "layer " + (layers.length - 1));
        chk.finish(KEY, fo, vt);
    }

    /**
     * The merge schedule: a batch closes at the first layer where its vectors total {@code BATCH_SPAN * 2^K}
     * elements, and at the last layer; never two merges of nothing, every layer's claims counted once.
     */
    @Test
    void scheduleClosesABatchAtItsSpanAndAtTheLastLayer() {
        Random rnd = new Random(SEED + 5);
        // RandomRelaxed shapes of unit 8: slot groups 2^5, 2^3, 2^2 and E of 2^6 (37 constraints): 108 elements
        java.util.List<foldproof.circuits.r1cs.R1CSShape> shapes = new java.util.ArrayList<>();
        for (int l = 0; l < 12; l++) {
            shapes.add(RandomRelaxed.shape(rnd, 8, 37, 2));
        }
        int per = CompressedProof.claims(shapes.get(0));
        assertEquals(4, per);
        // K = 7: a span of 8 * 128 = 1024 elements, reached after 10 layers (1080); then 2 left for the last
        int[] s = OpeningAccumulator.schedule(7, shapes);
        int[] expected = new int[12];
        expected[9] = 10 * per;
        expected[11] = 2 * per;
        assertArrayEquals(expected, s);
        // K = 6: 512 elements, five layers per batch (540), the last batch of two
        s = OpeningAccumulator.schedule(6, shapes);
        expected = new int[12];
        expected[4] = 5 * per;
        expected[9] = 5 * per;
        expected[11] = 2 * per;
        assertArrayEquals(expected, s);
        assertArrayEquals(new int[] {per}, OpeningAccumulator.schedule(7, shapes.subList(0, 1)));
    }

    @Test
    void wrongCommitmentIsRejected() {
        Random rnd = new Random(SEED + 3);
        Claim good = claim(rnd, 4, 16, -1);
        Claim other = claim(rnd, 4, 16, -1);
        Claim swapped = new Claim(good.a(), good.len(), good.k(), other.comm(), good.blind(), good.point(), good.value());
        assertThrows(VerificationException.class, () -> run(new Claim[] {swapped}, -1, false, 1));
        assertThrows(VerificationException.class, () -> run(new Claim[] {good, swapped, good}, -1, false, 3));
    }
}
