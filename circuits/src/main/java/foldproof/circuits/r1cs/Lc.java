package foldproof.circuits.r1cs;

import java.util.Arrays;

/**
 * A reusable linear combination {@code sum coeff_i * var_i} with integer coefficients. Owned by a
 * {@link ConstraintSystem} (three scratch instances A, B, C, plus any the gadgets ask for); cleared after
 * each {@link ConstraintSystem#enforce()}. No object per term.
 */
public final class Lc {
    int size;
    int[] vars = new int[16];
    long[] coeffs = new long[16];
    /** A disabled combination ignores additions: a witness builder's A, B, C (nothing is recorded). */
    private final boolean enabled;

    public Lc() {
        this(true);
    }

    Lc(boolean enabled) {
        this.enabled = enabled;
    }

    /** Appends {@code coeff * var}; zero coefficients are dropped. Returns this for chaining. */
    public Lc add(int var, long coeff) {
        if (coeff == 0 || !enabled) {
            return this;
        }
        if (size == vars.length) {
            vars = Arrays.copyOf(vars, size * 2);
            coeffs = Arrays.copyOf(coeffs, size * 2);
        }
        vars[size] = var;
        coeffs[size] = coeff;
        size++;
        return this;
    }

    /** Appends {@code k * other}. */
    public Lc addScaled(Lc other, long k) {
        if (!enabled) {
            return this;
        }
        for (int i = 0; i < other.size; i++) {
            add(other.vars[i], Math.multiplyExact(other.coeffs[i], k));
        }
        return this;
    }

    /** Adds the constant {@code c} (a multiple of u). */
    public Lc constant(long c) {
        return add(Vars.ONE, c);
    }

    public Lc clear() {
        size = 0;
        return this;
    }

    public int size() {
        return size;
    }
}
