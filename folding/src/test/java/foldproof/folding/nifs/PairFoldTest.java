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
 * Pairwise folding (two fresh tiles, then the pair into the running instance: a direct fold, then a line fold
 * of two relaxed pairs): the small-integer cross term equals the field one, the result satisfies and opens,
 * the verifier's view (instance, point, claim coefficients) agrees, and a bad tile in either pair leaves the
 * fold's claim false.
 */
class PairFoldTest {
    private static final PedersenKey KEY = PedersenKey.setup("foldproof/test/nifs", 256);

    private static ToyShape.Committed tile(Random rnd, boolean bad) {
        return ToyShape.committed(rnd, bad, KEY);
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
        Accumulator acc = null;
        FoldLedger ledger = new FoldLedger(3, 1, Accumulator.pointVars(ToyShape.shape()));
        FoldLedger.Sym sym = null;
        G1Point sum = G1Point.IDENTITY;
        for (int p = 0; p < 3; p++) {
            ToyShape.Committed a = tile(rnd, 2 * p == badTile);
            ToyShape.Committed b = tile(rnd, 2 * p + 1 == badTile);
            Accumulator pair = Accumulator.start(a.ft(), a.u(), a.blinds());
            int pc = Protocol0.pairCross(2 * p + 1);
            G1Point m1 = pair.foldFresh(b.ft(), b.u(), b.blinds(), pc, pt, KEY, rnd);
            FoldLedger.Sym pairSym = ledger.fold(vt, ledger.add(a.u()), ledger.add(b.u()), b.u(), m1, pc);
            sum = sum.add(m1);
            if (badTile < 0) {
                assertEquals(-1, pair.firstUnsatisfied(), "pair " + p);
            }
            if (acc == null) {
                acc = pair;
                sym = pairSym;
            } else {
                int rc = Protocol0.runningCross(2 * p + 1);
                G1Point m2 = acc.foldRelaxed(pair, rc, pt, KEY, rnd);
                sym = ledger.fold(vt, sym, pairSym, null, m2, rc);
                sum = sum.add(m2);
            }
        }
        // the verifier's coefficient view of the folds stands for the same instance and claim
        LinearInstance view = ledger.materialize(sym, 5);
        assertSameInstance(acc.instance(), view.evaluate());
        CoefficientClaim cc = acc.coefficientClaim(5);
        assertArrayEquals(cc.b(), view.lambda(), "lambda");
        CoefficientClaim plain = cc.combine(Fr.ONE);   // beta = 1: the plain sum of the message commitments
        assertEquals(sum, KEY.commit(plain.a(), 1 << cc.k(), plain.blinds()), "messages");
        long[] e = new long[4];
        Fr.innerProduct(cc.b(), 0, cc.a(), 0, e, 0, 1 << cc.k());
        assertTrue(Fr.equal(e, 0, acc.witness().e(), 0), "<lambda, messages> = e");
        if (badTile < 0) {
            assertEquals(-1, acc.firstUnsatisfied());
            RelaxedWitness w = acc.witness();
            for (int s = 0; s < w.numSlots(); s++) {
                long[] bl = new long[4];
                System.arraycopy(w.slotBlinds(), 4 * s, bl, 0, 4);
                assertEquals(view.evaluate().slotComm(s), KEY.commit(w.slots()[s], w.slots()[s].length / 4, bl), "slot " + s);
            }
        } else {
            assertEquals(Relaxed.CLAIM, acc.firstUnsatisfied(), "bad tile " + badTile + " must leave the fold unsatisfied");
        }
    }

    /** The pairwise order's cross-term indices (foldproof.folding.proof.Protocol's, which this package cannot see). */
    private static final class Protocol0 {
        static int pairCross(int tile) {
            return tile - 1;
        }

        static int runningCross(int tile) {
            return (tile & 1) == 1 ? tile - 2 : tile - 1;
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
        assertArrayEquals(expect.tau(), got.tau(), "tau");
        assertArrayEquals(expect.u(), got.u(), "u");
        assertArrayEquals(expect.x(), got.x(), "x");
    }
}
