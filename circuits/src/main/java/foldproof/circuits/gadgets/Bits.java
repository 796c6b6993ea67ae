package foldproof.circuits.gadgets;

import foldproof.circuits.r1cs.ConstraintSystem;
import foldproof.circuits.r1cs.Lc;
import foldproof.circuits.r1cs.Vars;

/** Boolean and range-check gadgets. */
public final class Bits {
    private Bits() { }

    /**
     * Constrains {@code v} to be a bit: {@code v * (v - 1) = 0}. <b>1 constraint.</b>
     * Sound: over a field, {@code v(v-1) = 0} has exactly the roots 0 and 1.
     */
    public static void bool(ConstraintSystem cs, int v) {
        cs.a().add(v, 1);
        cs.b().add(v, 1).add(Vars.ONE, -1);
        cs.enforce();
    }

    /**
     * {@code x in [0, 256)}: one lookup in the byte part when the synthesis has lookups, else {@link #range} (8
     * bits). {@code x} is a scratch combination other than {@code scratch(3)}; {@code xValue} its value when witnessing.
     */
    public static void byteCheck(ConstraintSystem cs, Lc x, long xValue, int[] bits) {
        if (cs.lookups()) {
            cs.lookup(x, xValue, 1, foldproof.circuits.r1cs.LookupTable.BYTES);
        } else {
            Bits.range(cs, x, 8, bits);
        }
    }

    /**
     * Range check {@code x in [0, 2^n)} by bit decomposition, {@code n >= 1}. Allocates bits 1..n-1 as AUX
     * (written to {@code bits[1..n-1]}); bit 0 is not a variable but the linear combination
     * {@code x - sum_{j>=1} 2^j b_j}, whose boolean constraint thereby also enforces the decomposition.
     * <b>n constraints, n-1 AUX variables.</b> {@code bits[0]} is set to -1.
     * Sound: all n "bits" are 0/1, so {@code x = sum 2^j b_j} is an integer in {@code [0, 2^n)} (n < 253).
     * {@code x} may be any scratch combination; it is copied, not kept.
     */
    public static void range(ConstraintSystem cs, Lc x, int n, int[] bits) {
        if (n < 1 || n > 62) {
            // soundness needs 2^n far below r; the witness path computes in long
            throw new foldproof.circuits.CircuitException("range check of " + n + " bits is not supported at " + cs.path());
        }
        long xv = cs.witnessing() ? cs.eval(x) : 0;
        if (cs.witnessing() && (xv < 0 || (n < 63 && xv >= (1L << n)))) {
            throw new foldproof.circuits.CircuitException("value " + xv + " outside [0, 2^" + n + ") at " + cs.path());
        }
        bits[0] = -1;
        for (int j = 1; j < n; j++) {
            int b = cs.aux();
            bits[j] = b;
            if (cs.witnessing()) {
                cs.set(b, (xv >>> j) & 1);
            }
            bool(cs, b);
        }
        Lc a = cs.a();
        Lc bb = cs.b();
        a.addScaled(x, 1);
        bb.addScaled(x, 1);
        for (int j = 1; j < n; j++) {
            a.add(bits[j], -(1L << j));
            bb.add(bits[j], -(1L << j));
        }
        bb.add(Vars.ONE, -1);
        cs.enforce();
    }
}
