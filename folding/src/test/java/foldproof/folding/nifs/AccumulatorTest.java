package foldproof.folding.nifs;

import foldproof.bn254.fr.Fr;
import foldproof.bn254.g1.G1Point;
import foldproof.circuits.r1cs.R1CSShape;
import foldproof.folding.commit.PedersenKey;
import foldproof.folding.transcript.Transcript;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Coefficient folds on a toy shape: folded pairs satisfy iff every folded tile does; prover and verifier folds agree. */
class AccumulatorTest {
    private static final PedersenKey KEY = PedersenKey.setup("foldproof/test/nifs", 256);

    private record Run(Accumulator acc, LinearInstance verifierView, List<G1Point> messages, int count) { }

    /** Folds {@code tiles} tiles (tile {@code badTile} perturbed when >= 0), then a random instance. */
    private static Run fold(long seed, int tiles, int badTile, boolean blind) {
        Random rnd = new Random(seed);
        R1CSShape shape = ToyShape.shape();
        Transcript pt = new Transcript("test");
        Transcript vt = new Transcript("test");
        Accumulator acc = null;
        FoldLedger ledger = new FoldLedger(3, 1, Accumulator.pointVars(shape));
        FoldLedger.Sym sym = null;
        List<G1Point> messages = new ArrayList<>();
        for (int t = 0; t < tiles; t++) {
            ToyShape.Committed c = ToyShape.committed(rnd, t == badTile, KEY);
            FreshTile ft = c.ft();
            RelaxedInstance u2 = c.u();
            long[] blinds = c.blinds();
            assertEquals(t == badTile, !ft.satisfied());
            if (t == 0) {
                acc = Accumulator.start(ft, u2, blinds);
                sym = ledger.add(u2);
            } else {
                G1Point m = acc.foldFresh(ft, u2, blinds, t - 1, pt, KEY, rnd);
                messages.add(m);
                sym = ledger.fold(vt, sym, ledger.add(u2), u2, m, t - 1);
            }
        }
        int count = tiles - 1;
        if (blind) {
            RandomInstance ri = RandomInstance.sample(shape, KEY, rnd);
            G1Point m = acc.foldRelaxed(ri, count, pt, KEY, rnd);
            messages.add(m);
            sym = ledger.fold(vt, sym, ledger.addBlinding(ri.instance()), ri.instance(), m, count);
            count++;
        }
        return new Run(acc, count == 0 ? null : ledger.materialize(sym, count), messages, count);
    }

    /** The slot commitments open to the witness, and the messages to the claim's vector, whose product with lambda is e. */
    private static void assertOpens(Run run) {
        Accumulator acc = run.acc();
        RelaxedWitness w = acc.witness();
        RelaxedInstance u = acc.instance();
        for (int s = 0; s < w.numSlots(); s++) {
            long[] b = new long[4];
            System.arraycopy(w.slotBlinds(), 4 * s, b, 0, 4);
            assertEquals(u.slotComm(s), KEY.commit(w.slots()[s], w.slots()[s].length / 4, b), "slot " + s);
        }
        CoefficientClaim cc = acc.coefficientClaim(run.count());
        G1Point sum = G1Point.IDENTITY;
        for (G1Point m : run.messages()) {
            sum = sum.add(m);
        }
        CoefficientClaim plain = cc.combine(Fr.ONE);   // beta = 1: the plain sum, masks past the blocks included
        assertEquals(sum, KEY.commit(plain.a(), 1 << cc.k(), plain.blinds()), "messages");
        long[] e = new long[4];
        Fr.innerProduct(cc.b(), 0, cc.a(), 0, e, 0, 1 << cc.k());
        assertTrue(Fr.equal(e, 0, w.e(), 0), "<lambda, messages> = e");
        assertTrue(java.util.Arrays.equals(cc.b(), run.verifierView().lambda()), "prover and verifier lambda");
        G1Point vsum = G1Point.IDENTITY;
        for (G1Point m : run.verifierView().messages()) {
            vsum = vsum.add(m);
        }
        assertEquals(sum, vsum, "the verifier's message commitments");
    }

    @Test
    void foldedHonestTilesSatisfyAndOpen() {
        for (long seed = 1; seed <= 4; seed++) {
            System.out.println("seed " + seed);
            Run run = fold(seed, 5, -1, false);
            assertEquals(-1, run.acc().firstUnsatisfied());
            assertOpens(run);
            assertInstancesEqual(run.verifierView().evaluate(), run.acc().instance());
        }
    }

    @Test
    void randomInstanceKeepsSatisfaction() {
        Run run = fold(7, 4, -1, true);
        // the toy's message vector outgrows its slots: the blinding message masks every zero-coefficient entry past them
        CoefficientClaim cc = run.acc().coefficientClaim(run.count());
        assertTrue(cc.spill() != null && cc.spillOwner() == run.count() - 1, "masks past the blinding block");
        assertEquals(-1, run.acc().firstUnsatisfied());
        assertOpens(run);
        assertInstancesEqual(run.verifierView().evaluate(), run.acc().instance());
    }

    @Test
    void oneBadTileBreaksTheFold() {
        for (int bad = 0; bad < 4; bad++) {
            Run run = fold(11 + bad, 4, bad, true);
            assertEquals(Relaxed.CLAIM, run.acc().firstUnsatisfied(), "bad tile " + bad + " must leave the fold unsatisfied");
        }
    }

    @Test
    void singleTileIsTheRunningInstance() {
        Run run = fold(3, 1, -1, false);
        assertEquals(-1, run.acc().firstUnsatisfied());
        assertTrue(run.acc().instance().strict());
        assertFalse(Fr.isZero(run.acc().instance().u(), 0));
    }

    private static void assertInstancesEqual(RelaxedInstance a, RelaxedInstance b) {
        assertEquals(a.numSlots(), b.numSlots());
        for (int s = 0; s < a.numSlots(); s++) {
            assertEquals(a.slotComm(s), b.slotComm(s));
        }
        assertTrue(java.util.Arrays.equals(a.tau(), b.tau()), "tau");
        assertTrue(Fr.equal(a.u(), 0, b.u(), 0));
        for (int i = 0; i < a.x().length; i += 4) {
            assertTrue(Fr.equal(a.x(), i, b.x(), i));
        }
    }
}
