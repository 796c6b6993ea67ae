package foldproof.circuits.r1cs;

import java.util.Arrays;

/**
 * Computes AUX values while the gadgets synthesize. IN/SKIP/OUT slots come pre-filled (from the integer
 * trace); the AUX slot grows as variables are allocated. {@link #enforce()} records nothing. Ignores names.
 */
public final class WitnessBuilder extends ConstraintSystem {
    private final long[][] slots;
    private final long[] publicInputs;

    /**
     * @param slots         one array per layout slot; the AUX entry may be any preallocated array
     * @param publicInputs  public inputs x
     */
    public WitnessBuilder(int auxSlot, long[][] slots, long[] publicInputs) {
        super(auxSlot, false, true);
        this.slots = slots;
        this.publicInputs = publicInputs;
    }

    @Override
    protected void record(Lc a, Lc b, Lc c, int index) { }   // never called: a witness builder records nothing

    @Override
    protected void onAux(int count) {
        if (count > slots[auxSlot].length) {
            slots[auxSlot] = Arrays.copyOf(slots[auxSlot], Math.max(16, count * 2));
        }
    }

    @Override
    protected boolean valuesKnown() {
        return true;
    }

    @Override
    public void set(int var, long value) {
        slots[Vars.slot(var)][Vars.pos(var)] = value;
    }

    @Override
    public long[] slotValues(int slot) {
        return slots[slot];
    }

    @Override
    public long value(int var) {
        int s = Vars.slot(var);
        if (s == Vars.U_SLOT) {
            return 1;
        }
        if (s == Vars.PUB_SLOT) {
            return publicInputs[Vars.pos(var)];
        }
        return slots[s][Vars.pos(var)];
    }

    /** The slots, the AUX one trimmed to the number of AUX variables. */
    public long[][] slots() {
        slots[auxSlot] = Arrays.copyOf(slots[auxSlot], numAux);
        if (lookupSlot() >= 0) {
            slots[lookupSlot()] = new long[numLookupVars()];   // second phase: filled by the prover once c, gamma are drawn
        }
        return slots;
    }
}
