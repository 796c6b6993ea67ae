package foldproof.folding.proof;

import foldproof.circuits.layers.ConvCircuit;
import foldproof.circuits.layers.TileWitness;
import foldproof.fixtures.CraftedModels;
import foldproof.folding.VerificationException;
import foldproof.folding.proof.MaliciousProver.Cheat;
import foldproof.folding.proof.MaliciousProver.Failure;
import foldproof.folding.proof.MaliciousProver.Result;
import foldproof.quantizer.model.QLayer;
import foldproof.quantizer.model.QModel;
import foldproof.quantizer.model.Shape;
import foldproof.quantizer.quant.IntInference;
import foldproof.quantizer.quant.IntTrace;
import foldproof.quantizer.quant.ModelFile;

import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the malicious-prover suites share (docs/security.md, "Attacks: a malicious prover"): the model,
 * {@link CraftedModels#smallResNet()} (stem conv owning the input range check, 2x2 max pool, conv, residual
 * block with identity skip, head; 21 tiles, a proof in well under a second), its honest trace, forged traces
 * and witnesses, and the assertions: which tile constraints a cheat leaves violated, and at which check the
 * verifier rejects the proof (the layer and the step in the reason).
 */
final class AttackKit {
    private AttackKit() { }

    /** Every malicious proof draws its blinds from {@code new Random(SEED)}. */
    static final long SEED = 20261215L;
    static final int STEM = 0;
    static final int POOL = 1;
    static final int CONV = 2;
    static final int BLOCK = 3;
    static final int FC = 4;

    static final QModel model = ModelFile.fromBytes(ModelFile.toBytes(CraftedModels.smallResNet()));
    static final ModelContext ctx = checkedContext(model);
    static final IntTrace honest = IntInference.run(model, CraftedModels.randomImage(model, 1));

    /** The context, its proof layers the model's (the stem owns the input range check: no layer of its own). */
    private static ModelContext checkedContext(QModel m) {
        ModelContext c = ModelContext.of(m, false);   // bit gadgets everywhere: the attacks below decode their bits (lookups: LookupAttackTest)
        String[] names = {"stem", "pool", "conv", "block", "fc"};
        for (int l = 0; l < names.length; l++) {
            if (!names[l].equals(c.circuits().get(l).name())) {
                throw new IllegalStateException("proof layer " + l + " is " + c.circuits().get(l).name() + ", not " + names[l]);
            }
        }
        System.out.println("malicious prover seed " + SEED);
        return c;
    }

    // ---- helpers ---------------------------------------------------------------------------------

    /** Verifies and expects a rejection whose reason starts with {@code where} and contains {@code check}. */
    static String rejected(ModelContext c, Result r, String where, String check) {
        byte[] bytes = r.bytes(c);
        VerificationException e = assertThrows(VerificationException.class, () -> Verifier.verify(c, bytes));
        System.out.println("  rejected: " + e.reason());
        assertTrue(e.reason().startsWith(where) && e.reason().contains(check),
                "expected a rejection at '" + where + "' by '" + check + "', got: " + e.reason());
        return e.reason();
    }

    static void verifies(Result r) {
        try {
            Verifier.verify(ctx, r.bytes(ctx));
        } catch (VerificationException e) {
            throw new AssertionError("the same proof without the corruption is rejected: " + e.reason(), e);
        }
    }

    static void assertNoFailure(Result r) {
        assertEquals(List.of(), r.failures(), "every tile constraint holds");
    }

    /** Exactly one constraint of one tile fails: the one named. */
    static void assertOnlyFailure(Result r, int layer, int tile, String label, int indexInGadget) {
        assertEquals(1, r.failures().size(), "failures: " + r.failures());
        Failure f = r.failures().get(0);
        System.out.println("  only failing constraint: " + f.label() + " #" + f.indexInGadget() + " (constraint " + f.constraint() + ")");
        assertEquals(layer, f.layer());
        assertEquals(tile, f.tile());
        assertEquals(label, f.label());
        assertEquals(indexInGadget, f.indexInGadget(), "constraint within the gadget");
    }

    static int[][] tensors(IntTrace t) {
        int[][] out = new int[t.numTensors()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = t.tensor(i).clone();
        }
        return out;
    }

    /** The honest trace with one value of tensor {@code id} set, and every layer reading it recomputed. */
    static IntTrace forge(int id, int index, int value) {
        int[][] t = tensors(honest);
        t[id][index] = value;
        return IntInference.resume(model, t, id);
    }

    static int chw(int id, int c, int y, int x) {
        Shape s = model.shapes().get(id);
        return (c * s.h() + y) * s.w() + x;
    }

    static ConvCircuit conv(int layer) {
        return (ConvCircuit) ctx.circuits().get(layer);
    }

    /**
     * The requant gadget of output {@code (o, x)} of a conv tile: AUX offset of its bits (n bits, then ovf), in
     * {@link foldproof.circuits.gadgets.Requant}'s order (channel by channel, x by x; no input check here).
     */
    record Requant(int offset, int n, int k) {
        static Requant of(int layer, int o, int x) {
            ConvCircuit cc = conv(layer);
            QLayer.Conv c = (QLayer.Conv) model.layers().get(layer);
            int outW = model.shapes().get(layer + 1).w();
            int[] n = cc.requantBits();
            int off = 0;
            for (int i = 0; i < o; i++) {
                off += outW * (n[i] + 1);
            }
            return new Requant(off + x * (n[o] + 1), n[o], c.shift());
        }

        long high(long[] aux) {   // sum_{j >= k} 2^(j-k) b_j
            long v = 0;
            for (int j = n - 1; j >= k; j--) {
                v = 2 * v + aux[offset + j];
            }
            return v;
        }

        long low(long[] aux) {    // the remainder bits
            long v = 0;
            for (int j = k - 1; j >= 0; j--) {
                v = 2 * v + aux[offset + j];
            }
            return v;
        }

        /** q from the honest bits (ovf = 0): high part minus 2^(m-1). */
        long q(long[] aux) {
            assertEquals(0, aux[offset + n], "ovf");
            return high(aux) - (1L << (n - k - 1));
        }

        void setHigh(long[] aux, long v) {
            for (int j = k; j < n; j++) {
                aux[offset + j] = (v >>> (j - k)) & 1;
            }
        }
    }

    static long[] aux(TileWitness w) {
        return w.slots()[w.slots().length - 1];
    }

    /** An output position of tile {@code y} of a conv layer whose value satisfies {@code ok}. */
    static int[] position(int layer, int y, java.util.function.IntPredicate ok) {
        Shape s = model.shapes().get(layer + 1);
        for (int c = 0; c < s.c(); c++) {
            for (int x = 0; x < s.w(); x++) {
                if (ok.test(honest.tensor(layer + 1)[chw(layer + 1, c, y, x)])) {
                    return new int[] {c, x};
                }
            }
        }
        throw new AssertionError("no suitable output in layer " + layer + " row " + y);
    }

    static Cheat witnessAt(int layer, int tile, java.util.function.UnaryOperator<TileWitness> change) {
        return new Cheat() {
            @Override
            public TileWitness witness(int l, int t, Supplier<TileWitness> h) {
                return l == layer && t == tile ? change.apply(h.get().copy()) : h.get();
            }
        };
    }
}
