package foldproof.folding.spartan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import foldproof.bn254.fr.Fr;
import foldproof.bn254.g1.G1Point;
import foldproof.circuits.r1cs.R1CSShape;
import foldproof.folding.ProofException;
import foldproof.folding.VerificationException;
import foldproof.folding.commit.PedersenKey;
import foldproof.folding.ipa.IpaProof;
import foldproof.folding.nifs.CoefficientClaim;
import foldproof.folding.nifs.LinearInstance;
import foldproof.folding.nifs.RelaxedInstance;
import foldproof.folding.nifs.RelaxedWitness;
import foldproof.folding.transcript.Transcript;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Spartan + IPA on random satisfying relaxed instances: completeness, tampering, strict encoding. */
class LayerCompressorTest {
    private static final long SEED = 20261121L;
    private static PedersenKey key;
    private static R1CSShape shape;
    private static RandomRelaxed.Pair pair;
    private static CompressedProof proof;
    private static FinalOpening opening;
    /** One more variable than the shape needs, so every claim is zero-extended. */
    private static int vars;

    @BeforeAll
    static void setUp() {
        System.out.println("LayerCompressorTest seed " + SEED);
        key = PedersenKey.setup("foldproof/test/spartan", 512);
        Random rnd = new Random(SEED);
        shape = RandomRelaxed.shape(rnd, 8, 37, 3);
        pair = RandomRelaxed.satisfying(rnd, shape, key);
        vars = needed(shape) + 1;
        Proved pr = prove(shape, pair, pair.witness(), vars);
        proof = pr.cp();
        opening = pr.opening();
    }

    /** A layer's compression and the final opening of its claims (as if it were a proof's only layer). */
    record Proved(CompressedProof cp, FinalOpening opening) { }

    static int needed(R1CSShape sh) {
        Dims d = Dims.of(sh);
        return Math.max(Math.max(d.s(), d.groupVars()[0]), 4);   // 4: RandomRelaxed's message vector
    }

    static Proved prove(R1CSShape sh, RandomRelaxed.Pair p, RelaxedWitness w, int k) {
        Transcript t = tr();
        OpeningAccumulator acc = new OpeningAccumulator(k);
        CompressedProof cp = LayerCompressor.prove(sh, p.instance(), w, p.coeffs(), t, acc, true);
        return new Proved(cp, acc.finish(key, t));
    }

    static void verify(R1CSShape sh, LinearInstance inst, CompressedProof cp, FinalOpening fo, int k,
                       Transcript t) throws VerificationException {
        OpeningChecker chk = new OpeningChecker(k);
        LayerCompressor.verify(sh, inst, cp, t, chk, true);
        chk.finish(key, fo, t);
    }

    private static Transcript tr() {
        Transcript t = new Transcript("spartan-test");
        t.absorbLong("context", 7);
        return t;
    }

    private static void verify(LinearInstance inst, CompressedProof p) throws VerificationException {
        verify(shape, inst, p, opening, vars, tr());
    }

    @Test
    void honestProofVerifies() throws Exception {
        verify(pair.linear(), proof);
        // several shapes, including a one-constraint one and powers of two
        Random rnd = new Random(SEED + 1);
        for (int[] dims : new int[][] {{2, 1}, {2, 2}, {4, 16}, {4, 33}}) {
            R1CSShape sh = RandomRelaxed.shape(rnd, dims[0], dims[1], 2);
            RandomRelaxed.Pair p = RandomRelaxed.satisfying(rnd, sh, key);
            for (int k : new int[] {needed(sh), needed(sh) + 2}) {
                Proved pr = prove(sh, p, p.witness(), k);
                verify(sh, p.linear(), pr.cp(), pr.opening(), k, tr());
            }
        }
    }

    @Test
    void wrongTranscriptRejected() {
        Transcript other = new Transcript("spartan-test");
        other.absorbLong("context", 8);
        assertThrows(VerificationException.class, () -> verify(shape, pair.linear(), proof, opening, vars, other));
    }

    private static long[] bump(long[] v, int element) {
        long[] c = v.clone();
        Fr.add(c, 4 * element, Fr.ONE, 0, c, 4 * element);
        return c;
    }

    private static void expectReject(String what, CompressedProof p, String reasonPart) {
        expectReject(what, p, opening, reasonPart, "layer " + shape.name());
    }

    private static void expectReject(String what, CompressedProof p, FinalOpening fo, String reasonPart, String prefix) {
        VerificationException e = assertThrows(VerificationException.class,
                () -> verify(shape, pair.linear(), p, fo, vars, tr()), what);
        assertTrue(e.reason().contains(reasonPart), what + ": " + e.reason());
        assertTrue(e.reason().startsWith(prefix), e.reason());
    }

    @Test
    void tamperedProofElementsRejected() {
        CompressedProof q = proof;
        expectReject("sc1", new CompressedProof(bump(q.sc1, 5), q.claims, q.sc2, q.slotEvals, q.openings),
                "sum-check 1 final");   // p(1) is derived: a wrong round shows in the final claim
        expectReject("claims", new CompressedProof(q.sc1, bump(q.claims, 2), q.sc2, q.slotEvals, q.openings),
                "sum-check 1 final");
        expectReject("sc2", new CompressedProof(q.sc1, q.claims, bump(q.sc2, 4), q.slotEvals, q.openings),
                "sum-check 2 final");
        for (int s = 0; s < q.slotEvals.length / 4; s++) {
            expectReject("slot " + s, new CompressedProof(q.sc1, q.claims, q.sc2, bump(q.slotEvals, s), q.openings),
                    "sum-check 2 final");
        }
        Dims d = Dims.of(shape);
        expectReject("opening round", new CompressedProof(q.sc1, q.claims, q.sc2, q.slotEvals, bump(q.openings, 4)),
                "opening accumulation final evaluation");
        for (int c = 0; c <= d.numGroups() + 1; c++) {
            expectReject("opening value " + c, new CompressedProof(q.sc1, q.claims, q.sc2, q.slotEvals,
                    bump(q.openings, 2 * vars + c)), "opening accumulation final evaluation");
        }
        expectReject("final rho", q, new FinalOpening(bump(opening.rho(), 0), opening.ipa()), "final opening",
                "final opening");
        for (int mode = 0; mode < 3; mode++) {
            expectReject("final IPA " + mode, q, new FinalOpening(opening.rho(), tamperIpa(opening.ipa(), mode)),
                    "inner-product argument", "final opening");
        }
    }

    /** mode 0: L[last] += G; 1: R[0] += G; 2: final scalar + 1. */
    private static IpaProof tamperIpa(IpaProof p, int mode) {
        int k = p.rounds();
        G1Point[] l = new G1Point[k];
        G1Point[] r = new G1Point[k];
        for (int i = 0; i < k; i++) {
            l[i] = p.l(i);
            r[i] = p.r(i);
        }
        long[] a = p.a();
        if (mode == 0) {
            l[k - 1] = l[k - 1].add(G1Point.GENERATOR);
        } else if (mode == 1) {
            r[0] = r[0].add(G1Point.GENERATOR);
        } else {
            a = bump(a, 0);
        }
        return new IpaProof(l, r, a);
    }

    private static void expectInstanceReject(String what, Consumer<Object[]> edit) {
        RelaxedInstance in = pair.instance();
        Object[] parts = {in.slotComms().clone(), in.tau().clone(), in.u().clone(), in.x().clone(), pair.messages(),
            pair.coeffs().b().clone()};
        edit.accept(parts);
        RelaxedInstance bad = new RelaxedInstance((G1Point[]) parts[0], (long[]) parts[2], (long[]) parts[3],
                (long[]) parts[1]);
        LinearInstance lin = LinearInstance.of(bad, (G1Point) parts[4], (long[]) parts[5], pair.coeffs().k());
        assertThrows(VerificationException.class, () -> verify(lin, proof), what);
    }

    @Test
    void tamperedInstanceRejected() {
        for (int s = 0; s < pair.instance().numSlots(); s++) {
            int ss = s;
            expectInstanceReject("slot comm " + s, p -> ((G1Point[]) p[0])[ss] = ((G1Point[]) p[0])[ss].add(G1Point.GENERATOR));
        }
        expectInstanceReject("tau", p -> p[1] = bump((long[]) p[1], 1));
        expectInstanceReject("messages", p -> p[4] = ((G1Point) p[4]).add(G1Point.GENERATOR));
        expectInstanceReject("lambda", p -> p[5] = bump((long[]) p[5], 3));
        expectInstanceReject("u", p -> p[2] = bump((long[]) p[2], 0));
        expectInstanceReject("x0", p -> p[3] = bump((long[]) p[3], 0));
        expectInstanceReject("x1", p -> p[3] = bump((long[]) p[3], 1));
    }

    @Test
    void tamperedWitnessRejected() {
        RelaxedWitness w = pair.witness();
        Random rnd = new Random(SEED + 2);
        for (int s = 0; s < w.numSlots(); s++) {
            long[][] slots = w.slots().clone();
            slots[s] = bump(slots[s], rnd.nextInt(shape.layout().slots().get(s).length()));
            RelaxedWitness bad = new RelaxedWitness(slots, w.slotBlinds(), w.e());
            Proved p = prove(shape, pair, bad, vars);
            assertThrows(VerificationException.class,
                    () -> verify(shape, pair.linear(), p.cp(), p.opening(), vars, tr()), "slot " + s);
        }
        RelaxedWitness badE = new RelaxedWitness(w.slots(), w.slotBlinds(), bump(w.e(), 0));
        Proved p = prove(shape, pair, badE, vars);
        VerificationException ex = assertThrows(VerificationException.class,
                () -> verify(shape, pair.linear(), p.cp(), p.opening(), vars, tr()), "e");
        assertTrue(ex.reason().contains("sum-check 1 final"), ex.reason());
    }

    /**
     * Three layers compressed on one transcript, their claims merged only by the last (format 8): the honest
     * proofs verify; a false claim of an earlier layer (its message vector one off, so its claimed product is not
     * the vector's), deferred, is rejected by the merging sum-check of the layer that closes the batch; and a proof
     * carrying a merge where the schedule has none (or none where it has one) does not match the layer's shape.
     */
    @Test
    void claimsDeferredAcrossLayersAreMergedByTheLast() throws Exception {
        Random rnd = new Random(SEED + 4);
        R1CSShape[] shapes = new R1CSShape[3];
        RandomRelaxed.Pair[] pairs = new RandomRelaxed.Pair[3];
        int k = 0;
        for (int l = 0; l < 3; l++) {
            shapes[l] = RandomRelaxed.shape(rnd, 4 << l, 20 + 17 * l, 2);
            pairs[l] = RandomRelaxed.satisfying(rnd, shapes[l], key);
            k = Math.max(k, needed(shapes[l]));
        }
        boolean[] merges = {false, false, true};
        for (int tamper = -1; tamper < 2; tamper++) {
            Transcript pt = tr();
            OpeningAccumulator acc = new OpeningAccumulator(k);
            CompressedProof[] cps = new CompressedProof[3];
            for (int l = 0; l < 3; l++) {
                CoefficientClaim cc = pairs[l].coeffs();
                if (l == tamper) {   // a message vector one off: its claim, queued and deferred, is false
                    cc = new CoefficientClaim(cc.a().clone(), cc.b(), cc.k(), cc.block(), cc.blinds());
                    Fr.add(cc.a(), 4, Fr.ONE, 0, cc.a(), 4);
                }
                cps[l] = LayerCompressor.prove(shapes[l], pairs[l].instance(), pairs[l].witness(), cc, pt, acc, merges[l]);
                assertEquals(merges[l] ? 0 : 4 * (l + 1), acc.pendingClaims());
                assertEquals(merges[l] ? 4 * OpeningAccumulator.scalarsPerBatch(k, 12) : 0, cps[l].openings.length);
            }
            FinalOpening fo = acc.finish(key, pt);
            Transcript vt = tr();
            OpeningChecker chk = new OpeningChecker(k);
            if (tamper < 0) {
                for (int l = 0; l < 3; l++) {
                    LayerCompressor.verify(shapes[l], pairs[l].linear(), cps[l], vt, chk, merges[l]);
                }
                chk.finish(key, fo, vt);
                // the schedule is the verifier's: a merge where it has none, or none where it has one, is refused
                for (int l : new int[] {1, 2}) {
                    Transcript t = tr();
                    OpeningChecker c = new OpeningChecker(k);
                    for (int i = 0; i < 3; i++) {
                        boolean m = i == l ? !merges[i] : merges[i];
                        if (i == l) {
                            VerificationException e = assertThrows(VerificationException.class,
                                    () -> LayerCompressor.verify(shapes[l], pairs[l].linear(), cps[l], t, c, m));
                            assertEquals("layer " + shapes[l].name() + ": compressed proof does not match the layer's shape",
                                    e.reason());
                            break;
                        }
                        LayerCompressor.verify(shapes[i], pairs[i].linear(), cps[i], t, c, m);
                    }
                }
                continue;
            }
            for (int l = 0; l < 2; l++) {
                LayerCompressor.verify(shapes[l], pairs[l].linear(), cps[l], vt, chk, merges[l]);
            }
            VerificationException e = assertThrows(VerificationException.class,
                    () -> LayerCompressor.verify(shapes[2], pairs[2].linear(), cps[2], vt, chk, true));
            assertEquals("layer " + shapes[2].name() + ": opening accumulation final evaluation does not match", e.reason(),
                    "message vector of layer " + tamper + " one off, its claim deferred");
        }
    }

    private static byte[] encode(CompressedProof p) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        p.write(new DataOutputStream(bos));
        return bos.toByteArray();
    }

    private static CompressedProof decode(byte[] b) throws IOException {
        return CompressedProof.read(new DataInputStream(new ByteArrayInputStream(b)), shape, vars, CompressedProof.claims(shape));
    }

    @Test
    void serializationRoundTripAndStrictDecoding() throws Exception {
        byte[] b = encode(proof);
        assertEquals(CompressedProof.encodedSize(shape, vars, CompressedProof.claims(shape)), b.length);
        verify(pair.linear(), decode(b));
        assertTrue(java.util.Arrays.equals(b, encode(decode(b))));
        // truncation
        assertThrows(EOFException.class, () -> decode(java.util.Arrays.copyOf(b, b.length - 1)));
        assertThrows(EOFException.class, () -> decode(java.util.Arrays.copyOf(b, 100)));
        // trailing bytes are left unread for the caller to reject
        byte[] longer = java.util.Arrays.copyOf(b, b.length + 3);
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(longer));
        CompressedProof.read(in, shape, vars, CompressedProof.claims(shape));
        assertEquals(3, in.available());
        // out-of-range scalar (first scalar = 0xff..)
        byte[] bad = b.clone();
        java.util.Arrays.fill(bad, 0, 32, (byte) 0xff);
        ProofException e = assertThrows(ProofException.class, () -> decode(bad));
        assertTrue(e.getMessage().contains("sum-check 1"), e.getMessage());
        // out-of-range scalar in the opening accumulation (its first scalar)
        Dims d = Dims.of(shape);
        int at = 32 * (3 * d.s() + 4 + 2 * d.m() + d.numSlots());
        byte[] badOpening = b.clone();
        java.util.Arrays.fill(badOpening, at, at + 32, (byte) 0xff);
        e = assertThrows(ProofException.class, () -> decode(badOpening));
        assertTrue(e.getMessage().contains("opening accumulation [0]"), e.getMessage());
        // the final opening: strict too
        ByteArrayOutputStream fb = new ByteArrayOutputStream();
        opening.write(new DataOutputStream(fb));
        byte[] fo = fb.toByteArray();
        assertEquals(FinalOpening.encodedSize(vars), fo.length);
        byte[] badFo = fo.clone();
        java.util.Arrays.fill(badFo, 32, 64, (byte) 0xff);
        e = assertThrows(ProofException.class,
                () -> FinalOpening.read(new DataInputStream(new ByteArrayInputStream(badFo)), vars));
        assertTrue(e.getMessage().contains("final opening IPA L[0]"), e.getMessage());
        // a flipped byte anywhere: decode error or rejection, never another exception
        Random rnd = new Random(SEED + 3);
        for (int trial = 0; trial < 12; trial++) {
            byte[] f = b.clone();
            f[rnd.nextInt(f.length)] ^= (byte) (1 << rnd.nextInt(8));
            try {
                CompressedProof p = decode(f);
                assertThrows(VerificationException.class, () -> verify(pair.linear(), p));
            } catch (ProofException expected) {
                // invalid encoding
            }
        }
    }
}
