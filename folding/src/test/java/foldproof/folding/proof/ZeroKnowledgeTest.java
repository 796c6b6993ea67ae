package foldproof.folding.proof;

import foldproof.bn254.g1.G1Point;
import foldproof.circuits.layers.TileWitness;
import foldproof.circuits.r1cs.R1CSShape;
import foldproof.folding.VerificationException;
import foldproof.folding.commit.PedersenKey;
import foldproof.folding.nifs.RandomInstance;
import foldproof.quantizer.model.Shape;
import foldproof.quantizer.quant.IntInference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Zero knowledge, measured on the tiny model: two proofs of the same image share no commitment, a hidden-input
 * proof contains no input row, and proofs of two different images with the same logits are statistically
 * indistinguishable element by element ({@link Indistinguishability}), while the same test rejects proofs whose
 * blinding is switched off, zeroed, or derived from one input value (docs/security.md, "Zero knowledge, measured").
 */
class ZeroKnowledgeTest {
    /** Proofs per image in the default suite (the exact per-position tests need 12: see {@link #ALPHA}); {@code bench}: 100. */
    static final int PROOFS = 12;
    /** Proofs per image for a leak that makes elements repeat (with 2 + 2 proofs a repeat alone is a p-value of about 2^-249). */
    static final int LEAK_PROOFS = 2;
    /**
     * Family-wise error rate. With 12 proofs per image the Bonferroni threshold (alpha / about 8,500 tests) is
     * about 1.2e-6: a position whose top or parity bit is constant over all 24 proofs (binomial p = 2^-23) or
     * separates the two images (Fisher p = 2 / C(24, 12) = 7.4e-7) fails it.
     */
    static final double ALPHA = 0.01;
    static final long IMAGE_SEED = 1414L;
    static final long PROOF_SEED = 20261207L;

    private static List<G1Point> commitments(Proof p) {
        List<G1Point> out = new ArrayList<>(List.of(p.rows()));
        for (LayerProof lp : p.layers()) {
            for (G1Point[] t : lp.aux()) {
                out.addAll(List.of(t));
            }
            out.addAll(List.of(lp.crossTerms()));
            out.addAll(List.of(lp.blinding().slotComms()));
            out.add(lp.blindingCrossTerm());
        }
        return out;
    }

    @Test
    void twoProofsOfTheSameImageDifferInEveryCommitment() {
        ModelContext ctx = TinyProofs.ctx();
        Prover.Options opt = new Prover.Options(false, new SecureRandom(), true);
        Proof a = Prover.prove(ctx, TinyProofs.input(), opt, null).proof();
        Proof b = TinyProofs.result().proof();
        List<G1Point> ca = commitments(a);
        List<G1Point> cb = commitments(b);
        assertEquals(ca.size(), cb.size());
        for (int i = 0; i < ca.size(); i++) {
            assertNotEquals(ca.get(i), cb.get(i), "commitment " + i + " repeats across proofs");
        }
    }

    @Test
    void proofBytesContainNoInputRow() {
        ModelContext ctx = TinyProofs.ctx();
        byte[] proof = TinyProofs.bytes();
        int[] in = TinyProofs.input();
        Shape s = ctx.shapes().get(0);
        int checked = 0;
        for (int y = 0; y < s.h(); y++) {
            long[] row = RowTable.row(in, s, y);
            // any 8 consecutive input values of the row, as int8 bytes
            for (int start = 0; start + 8 <= row.length; start += 8) {
                byte[] pat = new byte[8];
                for (int i = 0; i < 8; i++) {
                    pat[i] = (byte) row[start + i];
                }
                if (distinct(pat) < 4) {
                    continue;   // near-constant windows (e.g. flat image areas) say little and match encodings by chance
                }
                assertFalse(contains(proof, pat), "input row " + y + " bytes " + start + ".. occur in the proof");
                checked++;
            }
        }
        System.out.println(checked + " input windows checked");
    }

    private static int distinct(byte[] b) {
        java.util.Set<Byte> s = new java.util.HashSet<>();
        for (byte x : b) {
            s.add(x);
        }
        return s.size();
    }

    private static boolean contains(byte[] hay, byte[] pat) {
        outer:
        for (int i = 0; i + pat.length <= hay.length; i++) {
            for (int j = 0; j < pat.length; j++) {
                if (hay[i + j] != pat[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    // ---- zero knowledge, measured ------------------------------------------------------------------------

    /** Two images, A generated and B a random walk from it that keeps every logit, and a pixel where they differ. */
    record ImagePair(int[] a, int[] b, int differing, int leakPixel) { }

    private static ImagePair pair;

    /**
     * Image A is the tiny model's generated image 1; B changes one pixel of A at a time to a random int8 value and
     * keeps the change when all ten logits stay the same (seed {@link #IMAGE_SEED}, 4,000 steps).
     */
    static synchronized ImagePair imagePair() {
        if (pair == null) {
            ModelContext ctx = TinyProofs.ctx();
            int[] a = TinyProofs.input(1);
            long[] logits = IntInference.run(ctx.model(), a).logits();
            int[] b = a.clone();
            Random rnd = new Random(IMAGE_SEED);
            for (int step = 0; step < 4000; step++) {
                int i = rnd.nextInt(b.length);
                int old = b[i];
                b[i] = rnd.nextInt(256) - 128;
                if (!Arrays.equals(logits, IntInference.run(ctx.model(), b).logits())) {
                    b[i] = old;
                }
            }
            int differing = 0;
            int leak = -1;
            for (int i = 0; i < a.length; i++) {
                if (a[i] != b[i]) {
                    differing++;
                    if (leak < 0 && ((a[i] ^ b[i]) & 1) != 0) {
                        leak = i;   // a pixel whose parity differs: the leak scenarios reveal it
                    }
                }
            }
            pair = new ImagePair(a, b, differing, leak);
            System.out.println("images with equal logits " + Arrays.toString(logits) + ": image seed " + IMAGE_SEED + ", "
                    + differing + " of " + a.length + " input values differ; leak scenarios use pixel " + leak + " ("
                    + a[leak] + " vs " + b[leak] + ")");
        }
        return pair;
    }

    /** {@code n} encoded proofs of {@code image}, proof {@code i} with blinds from {@code random.apply(i)}. */
    private static List<byte[]> proofs(int[] image, int n, IntFunction<Random> random, Prover.WitnessHook hook) {
        ModelContext ctx = TinyProofs.ctx();
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Proof p = Prover.prove(ctx, image, new Prover.Options(false, random.apply(i), true), null, hook).proof();
            out.add(ProofCodec.write(p, ctx.table()));
        }
        return out;
    }

    /** Honest proofs of images A and B ({@code n} each, seeds printed), made once per test JVM for the default size. */
    private static List<List<byte[]>> honest;

    static synchronized List<List<byte[]>> honest(int n) {
        if (honest != null && honest.get(0).size() == n) {
            return honest;
        }
        ImagePair ip = imagePair();
        System.out.println("honest proofs: seeds " + PROOF_SEED + " + i (image A), " + (PROOF_SEED + 1_000_000) + " + i (image B), "
                + n + " each");
        List<List<byte[]>> h = List.of(proofs(ip.a(), n, i -> new Random(PROOF_SEED + i), null),
                proofs(ip.b(), n, i -> new Random(PROOF_SEED + 1_000_000 + i), null));
        if (n == PROOFS) {
            honest = h;
        }
        return h;
    }

    /** The honest prover's structural constants: elements equal in all honest proofs of both images. */
    static byte[][] honestConstants() {
        List<byte[]> all = new ArrayList<>(honest(PROOFS).get(0));
        all.addAll(honest(PROOFS).get(1));
        return Indistinguishability.constants(all, header(TinyProofs.ctx()));
    }

    /** Which elements after the public header are compressed points (the rest are scalars), from the format. */
    static boolean[] pointMap(ModelContext ctx, byte[] proof) {
        List<Sections> sections = Sections.of(ctx, ProofCodec.read(proof, ctx));
        int header = header(ctx);
        boolean[] point = new boolean[(proof.length - header) / 32];
        for (Sections s : sections) {
            if (s.start() < header) {
                continue;
            }
            int from = (s.start() - header) / 32;
            int to = (s.end() - header) / 32;
            String name = s.name();
            if (name.equals("row table") || name.endsWith(" aux") || name.endsWith(" cross terms") || name.endsWith(" blinding cross term")) {
                Arrays.fill(point, from, to, true);
            } else if (name.endsWith(" blinding instance")) {
                Arrays.fill(point, from, to, true);   // its slots (format 8: its u and x are fixed, format 9: no comm_E)
            } else if (name.equals("final opening")) {
                Arrays.fill(point, from + 1, to - 1, true);   // rho, then the L and R points, then the final scalar
            }
        }
        return point;
    }

    /** Magic, version, flags, digest, batch size, logits, label: public, the same in every proof of the statement. */
    static int header(ModelContext ctx) {
        return ProofCodec.HEADER + 32 + 4 + 8 * ctx.numClasses() + 4;
    }

    private static Indistinguishability.Report measure(String what, List<byte[]> a, List<byte[]> b, byte[][] constants) {
        ModelContext ctx = TinyProofs.ctx();
        Indistinguishability.Report r = Indistinguishability.test(a, b, header(ctx), pointMap(ctx, a.get(0)), constants, ALPHA);
        System.out.println(what + ": " + a.size() + " + " + b.size() + " proofs of " + a.get(0).length + " bytes: " + r);
        return r;
    }

    @Test
    void proofsOfTwoImagesWithEqualLogitsAreIndistinguishable() throws VerificationException {
        indistinguishable(PROOFS);
    }

    @Test
    @Tag("bench")
    void proofsOfTwoImagesWithEqualLogitsAreIndistinguishableOverManyProofs() throws VerificationException {
        indistinguishable(100);
    }

    private static void indistinguishable(int n) throws VerificationException {
        List<List<byte[]>> h = honest(n);
        ModelContext ctx = TinyProofs.ctx();
        Verifier.Verified va = Verifier.verify(ctx, h.get(0).get(0));
        Verifier.Verified vb = Verifier.verify(ctx, h.get(1).get(0));
        assertArrayEquals(va.logits(), vb.logits(), "the two images have the same logits");
        List<byte[]> all = new ArrayList<>(h.get(0));
        all.addAll(h.get(1));
        Indistinguishability.Report r = measure("blinded proofs", h.get(0), h.get(1),
                Indistinguishability.constants(all, header(ctx)));
        assertTrue(r.indistinguishable(), r.toString());
    }

    /** Without any randomness (every blind and the blinding pair zero) proofs are deterministic: rejected. */
    @Test
    void theTestRejectsProofsWithoutRandomness() throws VerificationException {
        ImagePair ip = imagePair();
        IntFunction<Random> zero = i -> new Random() {
            @Override
            protected int next(int bits) {
                return 0;
            }
        };
        List<byte[]> a = proofs(ip.a(), LEAK_PROOFS, zero, null);
        List<byte[]> b = proofs(ip.b(), LEAK_PROOFS, zero, null);
        Verifier.verify(TinyProofs.ctx(), b.get(0));   // still a valid proof
        assertRejected(measure("no randomness", a, b, honestConstants()));
    }

    /** The blinding pair zeroed (W = 0 and its blinds zero: identity slot commitments, E of z = (0, 1, 0)); every other blind random: rejected. */
    @Test
    void theTestRejectsAZeroBlindingPair() throws VerificationException {
        ImagePair ip = imagePair();
        Prover.WitnessHook zeroPair = blindingHook((l, shape, key, rnd) -> zeroPair(shape, key));
        List<byte[]> a = proofs(ip.a(), LEAK_PROOFS, i -> new Random(PROOF_SEED + 2_000_000 + i), zeroPair);
        List<byte[]> b = proofs(ip.b(), LEAK_PROOFS, i -> new Random(PROOF_SEED + 3_000_000 + i), zeroPair);
        Verifier.verify(TinyProofs.ctx(), b.get(0));
        assertRejected(measure("zero blinding pair", a, b, honestConstants()));
    }

    /** The blinding pair drawn from a generator seeded by one input value (a secret-dependent pair): rejected. */
    @Test
    void theTestRejectsABlindingPairDerivedFromOneInputValue() throws VerificationException {
        ImagePair ip = imagePair();
        List<byte[]> a = proofs(ip.a(), LEAK_PROOFS, i -> new Random(PROOF_SEED + 4_000_000 + i), seededPair(ip.a()[ip.leakPixel()]));
        List<byte[]> b = proofs(ip.b(), LEAK_PROOFS, i -> new Random(PROOF_SEED + 5_000_000 + i), seededPair(ip.b()[ip.leakPixel()]));
        Verifier.verify(TinyProofs.ctx(), b.get(0));
        assertRejected(measure("blinding pair seeded by one input value", a, b, honestConstants()));
    }

    /**
     * One bit of one input value leaked in one otherwise uniform element, simulated on the honest proofs: the
     * parity of one scalar (the stem layer's sum-check 1 first-round {@code p(2)}) set to the parity of the leaked pixel. No element
     * repeats and each stays uniform over both images: only the two-sample (Fisher) test can see it, and does.
     * {@link #theTestRejectsOneLeakedBitFromTheProver} does the same leak inside the prover (bench: 24 more proofs).
     */
    @Test
    void theTestRejectsOneLeakedBitInAUniformElement() {
        ImagePair ip = imagePair();
        ModelContext ctx = TinyProofs.ctx();
        List<List<byte[]>> h = honest(PROOFS);
        int at = stemScalar(ctx, h.get(0).get(0));
        List<byte[]> a = withParity(h.get(0), at, ip.a()[ip.leakPixel()]);
        List<byte[]> b = withParity(h.get(1), at, ip.b()[ip.leakPixel()]);
        Indistinguishability.Report r = measure("one leaked parity bit (simulated at byte " + at + ")", a, b, honestConstants());
        assertRejected(r);
        assertEquals(List.of("parity A vs B at scalar " + (at - header(ctx)) / 32 + " (byte " + at + ")"),
                r.failures().stream().map(Indistinguishability.P::test).toList(), "only the leaked bit is seen");
    }

    /**
     * As {@link #theTestRejectsOneLeakedBitInAUniformElement}, the prover resampling each layer's blinding pair until
     * its {@code comm_E}'s x coordinate has the pixel's parity (format 8: the pair's u and x are fixed, not sent).
     */
    @Test
    @Tag("bench")
    void theTestRejectsOneLeakedBitFromTheProver() throws VerificationException {
        ImagePair ip = imagePair();
        List<byte[]> a = proofs(ip.a(), PROOFS, i -> new Random(PROOF_SEED + 6_000_000 + i), parityLeak(ip.a()[ip.leakPixel()]));
        List<byte[]> b = proofs(ip.b(), PROOFS, i -> new Random(PROOF_SEED + 7_000_000 + i), parityLeak(ip.b()[ip.leakPixel()]));
        Verifier.verify(TinyProofs.ctx(), b.get(0));
        Indistinguishability.Report r = measure("one leaked parity bit per layer (prover)", a, b, honestConstants());
        assertRejected(r);
        assertTrue(r.failures().stream().allMatch(p -> p.test().startsWith("parity A vs B")), "only the leaked bits are seen: " + r);
    }

    /** Byte offset of the stem layer's sum-check 1 first-round {@code p(2)} (its compressed proof's second scalar) in an encoded proof. */
    private static int stemScalar(ModelContext ctx, byte[] proof) {
        for (Sections s : Sections.of(ctx, ProofCodec.read(proof, ctx))) {
            if (s.name().equals("layer 0 compressed")) {
                return s.start() + 32;
            }
        }
        throw new IllegalStateException("no compressed proof in layer 0");
    }

    /** Copies of {@code proofs} whose element at byte {@code at} (a canonical scalar) has the parity of {@code value}. */
    private static List<byte[]> withParity(List<byte[]> proofs, int at, int value) {
        List<byte[]> out = new ArrayList<>();
        for (byte[] p : proofs) {
            byte[] q = p.clone();
            q[at + 31] = (byte) ((q[at + 31] & ~1) | (value & 1));   // r is odd: v and v ^ 1 are both below r unless v = r - 1
            out.add(q);
        }
        return out;
    }

    private static void assertRejected(Indistinguishability.Report r) {
        assertFalse(r.indistinguishable(), "the leak went unnoticed: " + r);
    }

    private interface Blinding {
        RandomInstance pair(int layer, R1CSShape shape, PedersenKey key, Random rnd);
    }

    private static Prover.WitnessHook blindingHook(Blinding b) {
        return new Prover.WitnessHook() {
            @Override
            public TileWitness apply(int layer, int tile, Supplier<TileWitness> honest) {
                return honest.get();
            }

            @Override
            public RandomInstance blinding(int layer, R1CSShape shape, PedersenKey key, Random rnd) {
                return b.pair(layer, shape, key, rnd);
            }
        };
    }

    private static Prover.WitnessHook seededPair(int secret) {
        return blindingHook((l, shape, key, rnd) -> RandomInstance.sample(shape, key, new Random(secret * 1000L + l)));
    }

    private static Prover.WitnessHook parityLeak(int value) {
        return blindingHook((l, shape, key, rnd) -> {
            while (true) {
                RandomInstance p = RandomInstance.sample(shape, key, rnd);
                if ((p.instance().slotComm(0).encode()[31] & 1) == (value & 1)) {
                    return p;
                }
            }
        });
    }

    /** W = 0 and zero blinds (u = 1, x = 0): a blinding pair that hides nothing. */
    private static RandomInstance zeroPair(R1CSShape shape, PedersenKey key) {
        var slots = shape.layout().slots();
        long[][] w = new long[slots.size()][];
        for (int s = 0; s < w.length; s++) {
            w[s] = new long[4 * slots.get(s).padded()];
        }
        return RandomInstance.of(shape, key, w, new long[4 * w.length]);
    }
}
