package foldproof.folding.proof;

import foldproof.bn254.g1.G1Point;
import foldproof.quantizer.model.Shape;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Two proofs of the same image share no commitment, and a hidden-input proof contains no input row. */
class ZeroKnowledgeTest {

    private static List<G1Point> commitments(Proof p) {
        List<G1Point> out = new ArrayList<>(List.of(p.rows()));
        for (LayerProof lp : p.layers()) {
            for (G1Point[] t : lp.aux()) {
                out.addAll(List.of(t));
            }
            out.addAll(List.of(lp.crossTerms()));
            out.addAll(List.of(lp.blinding().slotComms()));
            out.add(lp.blinding().commE());
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
}
