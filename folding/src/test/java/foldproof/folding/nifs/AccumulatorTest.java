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

/** NIFS on a toy shape: folded pairs satisfy iff every folded tile does; prover and verifier folds agree. */
class AccumulatorTest {
    private static final PedersenKey KEY = PedersenKey.setup("foldproof/test/nifs", 8);

    private record Run(Accumulator acc, RelaxedInstance verifierView) { }

    /** Folds {@code tiles} tiles (tile {@code badTile} perturbed when >= 0), then a random instance. */
    private static Run fold(long seed, int tiles, int badTile, boolean blind) {
        Random rnd = new Random(seed);
        R1CSShape shape = ToyShape.shape();
        Transcript pt = new Transcript("test");
        Transcript vt = new Transcript("test");
        Accumulator acc = null;
        RelaxedInstance running = null;
        FoldLedger ledger = new FoldLedger(3, 1);
        FoldLedger.Sym sym = null;
        List<G1Point> cross = new ArrayList<>();
        for (int t = 0; t < tiles; t++) {
            long[] x = new long[1];
            long[][] slots = ToyShape.tile(rnd, x);
            if (t == badTile) {
                slots[2][1] += 1;   // out1 != in2 + aux0
            }
            FreshTile ft = FreshTile.of(shape, slots, x);
            assertEquals(t == badTile, !ft.satisfied());
            long[] blinds = new long[4 * 3];
            G1Point[] comms = new G1Point[3];
            for (int s = 0; s < 3; s++) {
                Scalars.random(rnd, blinds, 4 * s);
                long[] b = new long[4];
                System.arraycopy(blinds, 4 * s, b, 0, 4);
                comms[s] = KEY.commitSmall(ft.slot(s), 0, ft.slot(s).length, b);
            }
            RelaxedInstance u2 = new RelaxedInstance(comms, G1Point.IDENTITY, Fr.ONE.clone(), Scalars.fromLongs(x));
            long[] r = new long[4];
            if (t == 0) {
                acc = Accumulator.start(ft, u2, blinds);
                running = u2;
                sym = ledger.add(u2);
            } else {
                G1Point commT = acc.foldFresh(ft, u2, blinds, pt, KEY, rnd);
                Nifs.challenge(vt, u2, commT, r);
                running = Nifs.foldInstances(running, u2, commT, r);
                sym = ledger.fold(sym, ledger.add(u2), commT, r);
            }
        }
        if (blind) {
            RandomInstance ri = RandomInstance.sample(shape, KEY, rnd);
            assertEquals(-1, Relaxed.firstUnsatisfied(shape, ri.instance(), ri.witness()));
            G1Point commT = acc.foldRelaxed(ri, pt, KEY, rnd);
            long[] r = new long[4];
            Nifs.challenge(vt, ri.instance(), commT, r);
            running = Nifs.foldInstances(running, ri.instance(), commT, r);
            sym = ledger.fold(sym, ledger.add(ri.instance()), commT, r);
        }
        PairFoldTest.assertSameInstance(running, ledger.materialize(sym).evaluate());
        return new Run(acc, running);
    }

    private static void assertOpens(Accumulator acc) {
        RelaxedWitness w = acc.witness();
        RelaxedInstance u = acc.instance();
        for (int s = 0; s < w.numSlots(); s++) {
            long[] b = new long[4];
            System.arraycopy(w.slotBlinds(), 4 * s, b, 0, 4);
            assertEquals(u.slotComm(s), KEY.commit(w.slots()[s], w.slots()[s].length / 4, b), "slot " + s);
        }
        assertEquals(u.commE(), KEY.commit(w.e(), w.eLength(), w.blindE()), "comm_E");
    }

    @Test
    void foldedHonestTilesSatisfyAndOpen() {
        for (long seed = 1; seed <= 4; seed++) {
            System.out.println("seed " + seed);
            Run run = fold(seed, 5, -1, false);
            assertEquals(-1, run.acc().firstUnsatisfied());
            assertOpens(run.acc());
            assertInstancesEqual(run.verifierView(), run.acc().instance());
        }
    }

    @Test
    void randomInstanceKeepsSatisfaction() {
        Run run = fold(7, 4, -1, true);
        assertEquals(-1, run.acc().firstUnsatisfied());
        assertOpens(run.acc());
        assertInstancesEqual(run.verifierView(), run.acc().instance());
    }

    @Test
    void oneBadTileBreaksTheFold() {
        for (int bad = 0; bad < 4; bad++) {
            Run run = fold(11 + bad, 4, bad, true);
            assertTrue(run.acc().firstUnsatisfied() >= 0, "bad tile " + bad + " must leave the fold unsatisfied");
        }
    }

    @Test
    void singleTileIsTheRunningInstance() {
        Run run = fold(3, 1, -1, false);
        assertEquals(-1, run.acc().firstUnsatisfied());
        assertTrue(run.acc().instance().commE().isIdentity());
        assertFalse(Fr.isZero(run.acc().instance().u(), 0));
    }

    private static void assertInstancesEqual(RelaxedInstance a, RelaxedInstance b) {
        assertEquals(a.numSlots(), b.numSlots());
        for (int s = 0; s < a.numSlots(); s++) {
            assertEquals(a.slotComm(s), b.slotComm(s));
        }
        assertEquals(a.commE(), b.commE());
        assertTrue(Fr.equal(a.u(), 0, b.u(), 0));
        for (int i = 0; i < a.x().length; i += 4) {
            assertTrue(Fr.equal(a.x(), i, b.x(), i));
        }
    }
}
