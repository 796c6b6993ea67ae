package foldproof.folding.proof;

import foldproof.bn254.g1.G1Point;
import foldproof.folding.VerificationException;
import foldproof.quantizer.model.QLayer;
import foldproof.quantizer.model.QModel;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Tampered proofs are rejected with a reason and no other exception escapes: byte flips in every section,
 * truncation, appended bytes, swapped and dropped tiles, another model, other logits or label.
 */
class ProofTamperTest {

    /** Verifies and expects a rejection with a non-empty reason; returns the reason. */
    private static String rejected(ModelContext ctx, byte[] bytes, String what) {
        try {
            Verifier.verify(ctx, bytes);
        } catch (VerificationException e) {
            assertTrue(e.reason() != null && !e.reason().isBlank(), what + ": empty reason");
            return e.reason();
        } catch (Throwable t) {
            fail(what + ": escaped " + t, t);
        }
        fail(what + ": tampered proof was accepted");
        return null;
    }

    /**
     * One flipped bit at sampled positions of every header section and the row table, and of every section
     * of the first two layers, a middle layer and the head (later layers cost a full verification each;
     * {@link #byteFlipsInEverySectionOfEveryLayer} covers all of them and is tagged as long).
     */
    @Test
    void byteFlipsInEverySectionAreRejected() {
        ModelContext ctx = TinyProofs.ctx();
        int n = ctx.circuits().size();
        flips(99, java.util.Set.of(0, 1, n / 2, n - 1), 1);
    }

    @Test
    @org.junit.jupiter.api.Tag("bench")
    void byteFlipsInEverySectionOfEveryLayer() {
        java.util.Set<Integer> all = new java.util.HashSet<>();
        for (int l = 0; l < TinyProofs.ctx().circuits().size(); l++) {
            all.add(l);
        }
        flips(100, all, 3);
    }

    private static void flips(long seed, java.util.Set<Integer> layers, int perSection) {
        System.out.println("tamper seed " + seed);
        Random rnd = new Random(seed);
        ModelContext ctx = TinyProofs.ctx();
        byte[] good = TinyProofs.bytes();
        Proof p = ProofCodec.read(good, ctx);
        List<Sections> sections = Sections.of(ctx, p);
        assertEquals(good.length, sections.get(sections.size() - 1).end(), "section map covers the proof");
        int flips = 0;
        for (Sections s : sections) {
            if (s.name().startsWith("layer ") && !layers.contains(Integer.parseInt(s.name().split(" ")[1]))) {
                continue;
            }
            int len = s.end() - s.start();
            for (int k = 0; k < perSection; k++) {
                int pos = k == 0 ? s.start() : s.start() + rnd.nextInt(len);
                byte[] bad = good.clone();
                bad[pos] ^= (byte) (1 << rnd.nextInt(8));
                String reason = rejected(ctx, bad, s.name() + " byte " + pos);
                flips++;
                System.out.println(s.name() + " @" + pos + ": " + reason);
            }
        }
        System.out.println(flips + " byte flips rejected");
    }

    @Test
    void truncationAndTrailingBytesAreRejected() {
        ModelContext ctx = TinyProofs.ctx();
        byte[] good = TinyProofs.bytes();
        for (int len : new int[] {0, 5, 11, 43, good.length / 3, good.length / 2, good.length - 32, good.length - 1}) {
            String r = rejected(ctx, Arrays.copyOf(good, len), "truncated to " + len);
            assertTrue(r.contains("truncated") || r.contains("magic"), r);
        }
        String r = rejected(ctx, Arrays.copyOf(good, good.length + 1), "one appended byte");
        assertTrue(r.contains("trailing"), r);
        rejected(ctx, Arrays.copyOf(good, good.length + 32), "32 appended bytes");
    }

    @Test
    void swappedAndDroppedTilesAreRejected() {
        ModelContext ctx = TinyProofs.ctx();
        Proof p = ProofCodec.read(TinyProofs.bytes(), ctx);
        int l = layerWithTiles(ctx, 3);
        LayerProof lp = p.layers().get(l);
        // swap the AUX commitments of tiles 0 and 1
        G1Point[][] aux = deepCopy(lp.aux());
        G1Point[] t0 = aux[0];
        aux[0] = aux[1];
        aux[1] = t0;
        rejected(ctx, encode(ctx, p, l, new LayerProof(aux, lp.crossTerms(), lp.blinding(), lp.blindingCrossTerm(),
                lp.compressed())), "swapped AUX of tiles 0 and 1");
        // swap two cross terms
        G1Point[] cross = lp.crossTerms().clone();
        G1Point c0 = cross[0];
        cross[0] = cross[1];
        cross[1] = c0;
        rejected(ctx, encode(ctx, p, l, new LayerProof(lp.aux(), cross, lp.blinding(), lp.blindingCrossTerm(),
                lp.compressed())), "swapped cross terms");
        // drop the last tile: its AUX and cross term disappear from the stream
        byte[] good = TinyProofs.bytes();
        List<Sections> secs = Sections.of(ctx, p);
        Sections auxSec = find(secs, "layer " + l + " aux");
        int perTile = (auxSec.end() - auxSec.start()) / ctx.circuits().get(l).numTiles();
        byte[] dropped = cut(good, auxSec.end() - perTile, perTile);
        Sections crossSec = find(secs, "layer " + l + " cross terms");
        dropped = cut(dropped, crossSec.end() - 32 - perTile, 32);
        rejected(ctx, dropped, "dropped last tile");
    }

    @Test
    void otherLogitsOrLabelAreRejected() {
        ModelContext ctx = TinyProofs.ctx();
        Proof p = ProofCodec.read(TinyProofs.bytes(), ctx);
        long[] logits = p.logits().clone();
        int label = p.label();
        int other = label == 0 ? 1 : 0;
        logits[other] -= 1;   // keeps the argmax: only the head's proof can catch it
        String r = rejected(ctx, ProofCodec.write(new Proof(p.modelDigest(), logits, label, null, p.rows(), p.layers(), p.opening()),
                ctx.table()), "altered logit");
        System.out.println("altered logit: " + r);
        long[] swapped = p.logits().clone();
        swapped[other] = p.logits()[label] + 5;   // another label wins
        rejected(ctx, ProofCodec.write(new Proof(p.modelDigest(), swapped, other, null, p.rows(), p.layers(), p.opening()),
                ctx.table()), "other label with matching logits");
        rejected(ctx, ProofCodec.write(new Proof(p.modelDigest(), p.logits(), other, null, p.rows(), p.layers(), p.opening()),
                ctx.table()), "label not the argmax");
    }

    @Test
    void proofForModelAIsRejectedForModelB() {
        ModelContext a = TinyProofs.ctx();
        ModelContext b = ModelContext.of(perturbHead(a.model()));
        assertFalse(Arrays.equals(a.digest(), b.digest()));
        byte[] bytes = TinyProofs.bytes();
        String r = rejected(b, bytes, "model B");
        assertTrue(r.contains("another model"), r);
        // same bytes relabelled with B's digest: now only the folding and compression can catch it
        Proof p = ProofCodec.read(bytes, a);
        Proof relabelled = new Proof(b.digest(), p.logits(), p.label(), null, p.rows(), p.layers(), p.opening());
        System.out.println("relabelled for model B: " + rejected(b, ProofCodec.write(relabelled, b.table()), "relabelled"));
    }

    private static QModel perturbHead(QModel m) {
        List<QLayer> layers = new ArrayList<>(m.layers());
        QLayer.Head h = (QLayer.Head) layers.get(layers.size() - 1);
        long[] bias = h.b().clone();
        bias[0] += 1000;
        layers.set(layers.size() - 1, new QLayer.Head(h.name(), h.input(), h.inC(), h.classes(), h.w(), bias, h.logitScale()));
        return new QModel(m.name() + "-b", m.description(), m.preprocess(), m.input(), m.inputScale(), m.scales(),
                layers, m.labels());
    }

    private static int layerWithTiles(ModelContext ctx, int min) {
        for (int l = 0; l < ctx.circuits().size(); l++) {
            if (ctx.circuits().get(l).numTiles() >= min) {
                return l;
            }
        }
        throw new AssertionError("tiny model has no layer with " + min + " tiles");
    }

    private static byte[] encode(ModelContext ctx, Proof p, int l, LayerProof lp) {
        List<LayerProof> layers = new ArrayList<>(p.layers());
        layers.set(l, lp);
        return ProofCodec.write(new Proof(p.modelDigest(), p.logits(), p.label(), null, p.rows(), layers, p.opening()), ctx.table());
    }

    private static G1Point[][] deepCopy(G1Point[][] a) {
        G1Point[][] o = new G1Point[a.length][];
        for (int i = 0; i < a.length; i++) {
            o[i] = a[i].clone();
        }
        return o;
    }

    private static Sections find(List<Sections> s, String name) {
        for (Sections x : s) {
            if (x.name().equals(name)) {
                return x;
            }
        }
        throw new AssertionError("no section " + name);
    }

    private static byte[] cut(byte[] b, int at, int len) {
        byte[] o = new byte[b.length - len];
        System.arraycopy(b, 0, o, 0, at);
        System.arraycopy(b, at + len, o, at, b.length - at - len);
        return o;
    }
}
