package foldproof.folding.nifs;

import foldproof.bn254.fr.Fr;
import foldproof.bn254.g1.G1Point;
import foldproof.circuits.r1cs.R1CSShape;
import foldproof.folding.VerificationException;
import foldproof.folding.commit.PedersenKey;
import foldproof.folding.spartan.CompressedProof;
import foldproof.folding.spartan.FinalOpening;
import foldproof.folding.spartan.LayerCompressor;
import foldproof.folding.spartan.OpeningAccumulator;
import foldproof.folding.spartan.OpeningChecker;
import foldproof.folding.spartan.polys.Mle;
import foldproof.folding.transcript.Transcript;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A fold message whose commitment has weight on another message's block (docs/security.md, "Message blocks"). A
 * tile fails a constraint, so the folded claim is false; the last tile's message commitment carries an extra
 * {@code delta G_j} on an entry {@code j} of the first message's block, whose coefficient {@code lambda_j} is fixed by
 * then, with {@code delta = (e_true - e_claimed) / lambda_j}: against the plain sum of the message commitments the
 * vector with {@code a_j + delta} would open it and carry the true claim. With the messages combined by powers of a
 * challenge drawn after the last one (format 9), the layer is rejected; the same run without the shift (the honest
 * but false claim) is rejected too, and an all-honest run verifies.
 */
class MessageBlockAttackTest {
    private static final PedersenKey KEY = PedersenKey.setup("foldproof/test/nifs", 256);

    private enum Mode { HONEST, FALSE_CLAIM, SHIFTED }

    private static void run(Mode mode) throws VerificationException {
        Random rnd = new Random(77);
        R1CSShape shape = ToyShape.shape();
        int s = Accumulator.pointVars(shape);
        int len = FoldSteps.messageLength(s);
        Transcript pt = new Transcript("attack");
        Transcript vt = new Transcript("attack");
        Accumulator acc = null;
        FoldLedger ledger = new FoldLedger(3, 1, s);
        FoldLedger.Sym sym = null;
        int tiles = 4;
        int bad = mode == Mode.HONEST ? -1 : 1;
        long[] delta = new long[4];
        int target = -1;
        for (int t = 0; t < tiles; t++) {
            ToyShape.Committed c = ToyShape.committed(rnd, t == bad, KEY);
            FreshTile ft = c.ft();
            RelaxedInstance u2 = c.u();
            long[] blinds = c.blinds();
            if (t == 0) {
                acc = Accumulator.start(ft, u2, blinds);
                sym = ledger.add(u2);
                continue;
            }
            if (t == tiles - 1 && mode == Mode.SHIFTED) {
                // the claim's error, fixed before this fold: moved onto message 0's block through this message
                long[] trueE = trueClaim(acc);
                long[] lambda0 = acc.messages().get(0).lambda();
                for (int j = 0; j < len && target < 0; j++) {
                    if (!Fr.isZero(lambda0, 4 * j)) {
                        target = j;
                    }
                }
                long[] inv = new long[4];
                Fr.inv(lambda0, 4 * target, inv, 0);
                Fr.sub(trueE, 0, acc.witness().e(), 0, delta, 0);
                Fr.mul(delta, 0, inv, 0, delta, 0);
                int j = target;
                G1Point shift = KEY.commitAt(new int[] {j}, delta, 1, null);
                acc.messageTamper = (index, point) -> point.add(shift);
            }
            G1Point m = acc.foldFresh(ft, u2, blinds, t - 1, pt, KEY, rnd);
            acc.messageTamper = null;
            sym = ledger.fold(vt, sym, ledger.add(u2), u2, m, t - 1);
        }
        int count = tiles - 1;
        RandomInstance ri = RandomInstance.sample(shape, KEY, rnd);
        G1Point m = acc.foldRelaxed(ri, count, pt, KEY, rnd);
        sym = ledger.fold(vt, sym, ledger.addBlinding(ri.instance()), ri.instance(), m, count);
        count++;
        CoefficientClaim cc = acc.coefficientClaim(count);
        RelaxedWitness w = acc.witness();
        if (mode == Mode.SHIFTED) {
            // the vector the plain sum of the commitments opens to, and the true claim it now carries
            Fr.add(cc.a(), 4 * target, delta, 0, cc.a(), 4 * target);
            w = new RelaxedWitness(w.slots(), w.slotBlinds(), trueClaim(acc));
            long[] e = new long[4];
            Fr.innerProduct(cc.b(), 0, cc.a(), 0, e, 0, 1 << cc.k());
            assertTrue(Fr.equal(e, 0, w.e(), 0), "the shift makes <lambda, a> the true claim");
        }
        assertEquals(mode == Mode.HONEST, Relaxed.firstUnsatisfied(shape, acc.instance(), w) == -1 && mode == Mode.HONEST);
        int vars = Math.max(cc.k(), 8);
        OpeningAccumulator openings = new OpeningAccumulator(vars);
        CompressedProof cp = LayerCompressor.prove(shape, acc.instance(), w, cc, pt, openings, true);
        FinalOpening fo = openings.finish(KEY, pt);
        OpeningChecker chk = new OpeningChecker(vars);
        LayerCompressor.verify(shape, ledger.materialize(sym, count), cp, vt, chk, true);
        chk.finish(KEY, fo, vt);
    }

    /** {@code sum_i eq(tau, i) f_i(z)} of the pair's actual witness. */
    private static long[] trueClaim(Accumulator acc) {
        R1CSShape shape = acc.shape();
        int mPad = Accumulator.eLength(shape);
        long[] f = Relaxed.errors(shape, acc.witness().slots(), acc.instance().u(), acc.instance().x());
        long[] e = new long[4];
        Mle.evaluate(f, mPad, Accumulator.pointVars(shape), acc.instance().tau(), 0, e, 0);
        return e;
    }

    @Test
    void honestFoldsVerify() throws Exception {
        run(Mode.HONEST);
    }

    @Test
    void aFalseClaimIsRejected() {
        VerificationException e = assertThrows(VerificationException.class, () -> run(Mode.FALSE_CLAIM));
        assertTrue(e.reason().contains("sum-check 1 final evaluation"), e.reason());
    }

    @Test
    void aMessageWithWeightOnAnotherBlockIsRejected() {
        VerificationException e = assertThrows(VerificationException.class, () -> run(Mode.SHIFTED));
        assertFalse(e.reason().isEmpty());
        assertTrue(e.reason().contains("opening accumulation final evaluation") || e.reason().contains("final opening"),
                e.reason());
    }
}
