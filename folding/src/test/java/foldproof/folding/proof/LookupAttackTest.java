package foldproof.folding.proof;

import foldproof.bn254.fr.Fr;
import foldproof.circuits.gadgets.LookupRequant;
import foldproof.circuits.layers.ConvCircuit;
import foldproof.circuits.layers.LayerCircuit;
import foldproof.circuits.layers.TileWitness;
import foldproof.circuits.r1cs.LookupTable;
import foldproof.folding.proof.MaliciousProver.Cheat;
import foldproof.folding.proof.MaliciousProver.Result;
import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.function.Supplier;

import static foldproof.folding.proof.AttackKit.CONV;
import static foldproof.folding.proof.AttackKit.SEED;
import static foldproof.folding.proof.AttackKit.honest;
import static foldproof.folding.proof.AttackKit.model;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The malicious prover against the lookup argument (issue 20; docs/security.md): a consistent cheater that
 * commits a remainder limb outside its table with the multiplicities as consistent as they can be, one that
 * chooses multiplicities after seeing the challenges, one that draws the challenges before its first-phase
 * commitment is absorbed, one with a wrong helper. Each proof is well-formed (everything after the cheat is
 * computed honestly) and rejected; the honest baseline verifies and is the real prover's proof byte for byte.
 */
class LookupAttackTest {
    static final ModelContext lctx = ModelContext.of(model);

    static ConvCircuit conv() {
        LayerCircuit lc = lctx.circuits().get(CONV);
        assertTrue(lc.hasLookups(), "the conv layer requantises by lookups");
        return (ConvCircuit) lc;
    }

    /** AUX index of activation (o, x)'s first remainder limb in a (non-stem) conv tile. */
    static int limbIndex(ConvCircuit c, int o, int x) {
        LookupRequant.Params p = c.lookupParams();
        int per = p.limbWidths().length + 3;
        int outW = model.shapes().get(CONV + 1).w();
        return (o * outW + x) * per;
    }

    static long[] aux(LayerCircuit lc, TileWitness w) {
        return w.slots()[lc.auxSlot()];
    }

    /** {@link AttackKit#rejected} on the lookup context: a rejection at {@code where}, whatever the check. */
    static String rejected(Result r, String where) {
        return AttackKit.rejected(lctx, r, where, "");
    }

    /**
     * The out-of-range witness: limb 0 of a remainder raised by 256 and limb 1 lowered by 1, so the decomposition
     * (the class lookup's numerator) is unchanged, and the multiplicities recounted: the byte entry limb 0 used to
     * hit loses a count, nothing can count the value 256 + r_0. Returns the checker's complaint.
     */
    static TileWitness outOfRange(TileWitness w, int[] where) {
        ConvCircuit c = conv();
        LookupTable table = c.lookupTable();
        int[] widths = c.lookupParams().limbWidths();
        assertTrue(widths.length >= 1, "the layer has a remainder");
        int part = widths[0] == 8 ? LookupTable.BYTES : partNamed(table, "range" + widths[0]);
        long[] a = aux(c, w);
        int outC = model.shapes().get(CONV + 1).c();
        int outW = model.shapes().get(CONV + 1).w();
        for (int o = 0; o < outC; o++) {
            for (int x = 0; x < outW; x++) {
                int i = limbIndex(c, o, x);
                // the next component up: limb 1, or L (at i + widths.length) when r is one limb
                int next = i + 1;
                if (a[next] >= 1) {
                    long r0 = a[i];
                    a[i] = r0 + (1L << widths[0]);
                    a[next] -= 1;
                    int m0 = a.length - table.size();
                    a[m0 + table.indexOf(part, r0)] -= 1;
                    where[0] = o;
                    where[1] = x;
                    return w;
                }
            }
        }
        throw new AssertionError("no remainder with a nonzero component above its low limb in the conv row");
    }

    static int partNamed(LookupTable t, String name) {
        for (int p = 0; p < t.numParts(); p++) {
            if (t.part(p).name().equals(name)) {
                return p;
            }
        }
        throw new AssertionError("no table part " + name);
    }

    @Test
    void honestLookupsVerifyAndTheMaliciousProverWithoutACheatIsTheRealOne() {
        conv();
        Result r = MaliciousProver.prove(lctx, honest, Cheat.NONE, SEED);
        Prover.Result real = Prover.prove(lctx, honest.tensor(0), new Prover.Options(false, new Random(SEED), true), null);
        assertArrayEquals(ProofCodec.write(real.proof(), lctx.table()), r.bytes(lctx), "same proof, byte for byte");
        assertEquals(java.util.List.of(), r.failures());
        assertThrows(AssertionError.class, () -> rejected(r, ""));
    }

    @Test
    void remainderLimbOutsideItsTableWithConsistentMultiplicitiesIsRejected() {
        int[] at = new int[2];
        Result r = MaliciousProver.prove(lctx, honest, AttackKit.witnessAt(CONV, 1, w -> outOfRange(w, at)), SEED);
        assertEquals(1, r.failures().size(), "failures: " + r.failures());
        String label = r.failures().get(0).label();
        System.out.println("  checker: " + label);
        assertTrue(label.startsWith("conv/tile 1/requant[c=" + at[0] + ", x=" + at[1] + "]"), label);
        assertTrue(label.contains("lookup: value " ) && label.contains("is not in table"), label);
        rejected(r, "layer 2 (conv): ");
    }

    @Test
    void multiplicitiesChosenAfterTheChallengesAreRejected() {
        // the out-of-range witness; after c, gamma the cheater moves one count of the byte part so that the
        // multiplicities no longer match what it committed before the challenges
        int[] at = new int[2];
        Cheat cheat = new Cheat() {
            @Override
            public TileWitness witness(int l, int t, Supplier<TileWitness> h) {
                return l == CONV && t == 1 ? outOfRange(h.get().copy(), at) : h.get();
            }

            @Override
            public long[][] afterChallenges(int layer, int tile, long[] challenges, long[][] slots) {
                if (layer != CONV || tile != 1) {
                    return slots;
                }
                long[][] s = slots.clone();
                long[] a = s[conv().auxSlot()].clone();
                int m0 = a.length - conv().lookupTable().size();
                a[m0] += 1;
                s[conv().auxSlot()] = a;
                return s;
            }
        };
        Result r = MaliciousProver.prove(lctx, honest, cheat, SEED);
        rejected(r, "layer 2 (conv): ");
    }

    @Test
    void challengesDrawnBeforeTheFirstPhaseCommitmentAreRejected() {
        Cheat cheat = new Cheat() {
            @Override
            public boolean challengesBeforeAux(int layer, int tile) {
                return layer == CONV && tile == 2;
            }
        };
        Result r = MaliciousProver.prove(lctx, honest, cheat, SEED);
        assertEquals(java.util.List.of(), r.failures(), "an honest witness");
        rejected(r, "layer 2 (conv): ");
    }

    @Test
    void aWrongHelperIsRejected() {
        Cheat cheat = new Cheat() {
            @Override
            public void helpers(int layer, int tile, long[] challenges, long[] helpers) {
                if (layer == CONV && tile == 0) {
                    Fr.add(helpers, 0, Fr.ONE, 0, helpers, 0);
                }
            }
        };
        Result r = MaliciousProver.prove(lctx, honest, cheat, SEED);
        assertNotNull(r.proof());
        rejected(r, "layer 2 (conv): ");
    }
}
