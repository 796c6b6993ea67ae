package foldproof.circuits.gadgets;

import foldproof.circuits.r1cs.ConstraintSystem;
import foldproof.circuits.r1cs.Lc;
import foldproof.circuits.r1cs.Vars;

/**
 * {@code m = max(a, b)} for bytes {@code a, b in [0, 255]} (pass -1 for the constant 0); {@code m} must be a
 * variable (AUX or an OUT entry).
 *
 * <p>{@code (m - a) * (m - b) = 0} and {@code 2m - a - b in [0, 255]} ({@link Bits#range}, 8 bits).
 * <b>9 constraints, 7 AUX bits</b> (+ m if AUX); with lookups the range check is one lookup in the byte part:
 * <b>2 constraints</b>, no AUX bit.
 * Sound: the product makes m one of a, b; if {@code m = a} the range check says {@code a - b >= 0}, if
 * {@code m = b} it says {@code b - a >= 0}: either way m is the maximum (and a byte). Complete: for bytes,
 * {@code 2 max(a,b) - a - b = |a - b| <= 255}. Cheaper than the sign bit of {@code a - b + 256} (9 bits + 1
 * product) because the two slacks share one range check (one of them is 0).
 */
public final class MaxPair {
    /** Constraints per call. */
    public static final int CONSTRAINTS = 9;

    private MaxPair() { }

    public static void max(ConstraintSystem cs, int a, int b, int m, int[] scratchBits) {
        if (cs.witnessing() && cs.isAux(m)) {
            long av = a >= 0 ? cs.value(a) : 0;
            long bv = b >= 0 ? cs.value(b) : 0;
            cs.set(m, Math.max(av, bv));
        }
        Lc d = cs.scratch(0).add(m, 2);
        if (a >= 0) {
            d.add(a, -1);
        }
        if (b >= 0) {
            d.add(b, -1);
        }
        long dv = cs.witnessing() ? 2 * cs.value(m) - (a >= 0 ? cs.value(a) : 0) - (b >= 0 ? cs.value(b) : 0) : 0;
        Bits.byteCheck(cs, d, dv, scratchBits);
        cs.a().add(m, 1);
        if (a >= 0) {
            cs.a().add(a, -1);
        }
        cs.b().add(m, 1);
        if (b >= 0) {
            cs.b().add(b, -1);
        }
        cs.enforce();
    }

    /** {@code m = v} (1 constraint), for windows that reduce to a single element. */
    public static void copy(ConstraintSystem cs, int v, int m) {
        if (cs.witnessing() && cs.isAux(m)) {
            cs.set(m, v >= 0 ? cs.value(v) : 0);
        }
        if (v >= 0) {
            cs.a().add(v, 1);
        }
        cs.b().add(Vars.ONE, 1);
        cs.c().add(m, 1);
        cs.enforce();
    }
}
