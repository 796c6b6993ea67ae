package foldproof.circuits.gadgets;

import foldproof.circuits.r1cs.ConstraintSystem;
import foldproof.circuits.r1cs.Lc;
import foldproof.circuits.r1cs.Vars;

/**
 * {@code m = max(a, b)} for bytes {@code a, b in [0, 255]} (pass -1 for the constant 0).
 *
 * <p>{@code a - b + 256} is range-checked to 9 bits ({@link Bits#range}); its top bit {@code s} is
 * {@code [a >= b]}; then {@code s * (a - b) = m - b}. <b>10 constraints, 8 AUX bits</b> (+ m if AUX).
 * Sound: for bytes, {@code a - b + 256 in [1, 511]} has a unique 9-bit expansion whose bit 8 is 1 iff
 * {@code a >= b}, so {@code m = b + s(a - b)} is the maximum (and again a byte). Requires byte inputs,
 * which every caller gets from range-checked producers (OUT rows, earlier maxima).
 */
public final class MaxPair {
    /** Constraints per call. */
    public static final int CONSTRAINTS = 10;

    private MaxPair() { }

    public static void max(ConstraintSystem cs, int a, int b, int m, int[] scratchBits) {
        Lc d = cs.scratch(0);
        if (a >= 0) {
            d.add(a, 1);
        }
        if (b >= 0) {
            d.add(b, -1);
        }
        d.add(Vars.ONE, 256);
        if (cs.witnessing() && cs.isAux(m)) {
            long av = a >= 0 ? cs.value(a) : 0;
            long bv = b >= 0 ? cs.value(b) : 0;
            cs.set(m, Math.max(av, bv));
        }
        Bits.range(cs, d, 9, scratchBits);
        int s = scratchBits[8];
        cs.a().add(s, 1);
        if (a >= 0) {
            cs.b().add(a, 1);
        }
        if (b >= 0) {
            cs.b().add(b, -1);
        }
        cs.c().add(m, 1);
        if (b >= 0) {
            cs.c().add(b, -1);
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
