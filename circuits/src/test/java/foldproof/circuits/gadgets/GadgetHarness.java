package foldproof.circuits.gadgets;

import foldproof.circuits.r1cs.CheckingBuilder;
import foldproof.circuits.r1cs.ConstraintSystem;
import foldproof.circuits.r1cs.WitnessBuilder;

import java.util.function.Consumer;

/** Runs a gadget with slot 0 = given inputs, slot 1 = AUX: witness generation, then checking. */
final class GadgetHarness {
    final long[][] slots;
    final int constraints;

    private GadgetHarness(long[][] slots, int constraints) {
        this.slots = slots;
        this.constraints = constraints;
    }

    static GadgetHarness witness(long[] inputs, Consumer<ConstraintSystem> gadget) {
        long[][] slots = {inputs.clone(), new long[16]};
        WitnessBuilder w = new WitnessBuilder(1, slots, new long[0]);
        gadget.accept(w);
        return new GadgetHarness(w.slots(), w.numConstraints());
    }

    /** Index of the first failing constraint or -1. */
    static int check(long[][] slots, Consumer<ConstraintSystem> gadget) {
        CheckingBuilder c = new CheckingBuilder(1, slots, new long[0]);
        try (var ns = c.push("gadget")) {
            gadget.accept(c);
        }
        return c.failedIndex();
    }

    int check(Consumer<ConstraintSystem> gadget) {
        return check(slots, gadget);
    }
}
