package foldproof.folding.nifs;

import foldproof.bn254.fr.Fr;
import foldproof.bn254.g1.G1Point;
import foldproof.circuits.r1cs.R1CSShape;
import foldproof.folding.commit.PedersenKey;
import foldproof.folding.transcript.Transcript;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pairwise folding (two fresh tiles, then the pair into the running instance): the small-integer cross
 * term equals the field one, the result satisfies and opens, the verifier's view agrees, and a bad tile
 * in either pair leaves the fold unsatisfied.
 */
class PairFoldTest {
    private static final PedersenKey KEY = PedersenKey.setup("foldproof/test/nifs", 8);

    private record Tile(FreshTile ft, RelaxedInstance u, long[] blinds) { }

    private static Tile tile(Random rnd, boolean bad) {
        R1CSShape shape = ToyShape.shape();
        long[] x = new long[1];
        long[][] slots = ToyShape.tile(rnd, x);
        if (bad) {
            slots[2][1] += 1;
        }
        FreshTile ft = FreshTile.of(shape, slots, x);
        long[] blinds = new long[4 * 3];
        G1Point[] comms = new G1Point[3];
        for (int s = 0; s < 3; s++) {
            Scalars.random(rnd, blinds, 4 * s);
            long[] b = new long[4];
            System.arraycopy(blinds, 4 * s, b, 0, 4);
            comms[s] = KEY.commitSmall(ft.slot(s), 0, ft.slot(s).length, b);
        }
        return new Tile(ft, new RelaxedInstance(comms, G1Point.IDENTITY, Fr.ONE.clone(), Scalars.fromLongs(x)), blinds);
    }

    @Test
    void smallCrossTermMatchesTheFieldOne() {
        Random rnd = new Random(5);
        for (int k = 0; k < 20; k++) {
            FreshTile a = tile(rnd, false).ft();
            FreshTile b = tile(rnd, k % 3 == 0).ft();
            int m = a.az().length;
            long[] small = Accumulator.smallCrossTerm(a.az(), a.bz(), a.cz(), b.az(), b.bz(), b.cz());
            long[] expect = new long[4 * m];
            long[][] fr = new long[6][4 * m];
            long[][] src = {a.az(), a.bz(), a.cz(), b.az(), b.bz(), b.cz()};
            for (int i = 0; i < 6; i++) {
                MatVec.toFr(src[i], m, fr[i]);
            }
            Nifs.crossTerm(m, fr[0], fr[1], fr[2], Fr.ONE, fr[3], fr[4], fr[5], Fr.ONE, expect);
            long[] got = new long[4 * m];
            MatVec.toFr(small, m, got);
            assertArrayEquals(expect, got);
        }
    }

    @Test
    void overflowingCrossTermFallsBack() {
        long big = 1L << 40;
        long[] one = {1, 2};
        long[] zero = {0, 0};
        assertArrayEquals(new long[] {0, 2}, Accumulator.smallCrossTerm(one, one, zero, zero, one, one));
        assertNull(Accumulator.smallCrossTerm(new long[] {big}, new long[] {0}, new long[] {0},
                new long[] {0}, new long[] {big}, new long[] {0}));
        assertNull(Accumulator.smallCrossTerm(new long[] {0}, new long[] {0}, new long[] {Long.MAX_VALUE},
                new long[] {0}, new long[] {0}, new long[] {2}));
    }

    private static void pairs(long seed, int badTile) {
        Random rnd = new Random(seed);
        Transcript pt = new Transcript("pair");
        Transcript vt = new Transcript("pair");
        long[] r = new long[4];
        Accumulator acc = null;
        RelaxedInstance running = null;
        FoldLedger ledger = null;
        FoldLedger.Sym sym = null;
        for (int p = 0; p < 3; p++) {
            Tile a = tile(rnd, 2 * p == badTile);
            Tile b = tile(rnd, 2 * p + 1 == badTile);
            Accumulator pair = Accumulator.start(a.ft(), a.u(), a.blinds());
            G1Point t1 = pair.foldFresh(b.ft(), b.u(), b.blinds(), pt, KEY, rnd);
            Nifs.challenge(vt, b.u(), t1, r);
            RelaxedInstance pairView = Nifs.foldInstances(a.u(), b.u(), t1, r);
            if (ledger == null) {
                ledger = new FoldLedger(a.u().numSlots(), a.u().numPublic());
            }
            FoldLedger.Sym pairSym = ledger.fold(ledger.add(a.u()), ledger.add(b.u()), t1, r);
            if (badTile < 0) {
                assertEquals(-1, pair.firstUnsatisfied(), "pair " + p);
            }
            if (acc == null) {
                acc = pair;
                running = pairView;
                sym = pairSym;
            } else {
                G1Point t2 = acc.foldRelaxed(pair, pt, KEY, rnd);
                Nifs.challenge(vt, null, t2, r);
                running = Nifs.foldInstances(running, pairView, t2, r);
                sym = ledger.fold(sym, pairSym, t2, r);
            }
        }
        // the verifier's coefficient view of the folds stands for the same instance
        assertSameInstance(running, ledger.materialize(sym).evaluate());
        if (badTile < 0) {
            assertEquals(-1, acc.firstUnsatisfied());
            RelaxedWitness w = acc.witness();
            for (int s = 0; s < w.numSlots(); s++) {
                long[] bl = new long[4];
                System.arraycopy(w.slotBlinds(), 4 * s, bl, 0, 4);
                assertEquals(running.slotComm(s), KEY.commit(w.slots()[s], w.slots()[s].length / 4, bl), "slot " + s);
            }
            assertEquals(running.commE(), KEY.commit(w.e(), w.eLength(), w.blindE()), "comm_E");
            assertArrayEquals(running.u(), acc.instance().u());
        } else {
            assertTrue(acc.firstUnsatisfied() >= 0, "bad tile " + badTile + " must leave the fold unsatisfied");
        }
    }

    @Test
    void honestPairsFoldSatisfyAndOpen() {
        for (long seed = 1; seed <= 3; seed++) {
            pairs(seed, -1);
        }
    }

    @Test
    void aBadTileInAnyPairBreaksTheFold() {
        for (int bad = 0; bad < 6; bad++) {
            pairs(20 + bad, bad);
        }
    }

    static void assertSameInstance(RelaxedInstance expect, RelaxedInstance got) {
        assertEquals(expect.numSlots(), got.numSlots());
        for (int s = 0; s < expect.numSlots(); s++) {
            assertEquals(expect.slotComm(s), got.slotComm(s), "slot " + s);
        }
        assertEquals(expect.commE(), got.commE(), "comm_E");
        assertArrayEquals(expect.u(), got.u(), "u");
        assertArrayEquals(expect.x(), got.x(), "x");
    }
}
