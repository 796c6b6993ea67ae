package foldproof.circuits.gadgets;

import foldproof.circuits.CircuitException;
import foldproof.circuits.r1cs.ConstraintSystem;
import foldproof.circuits.r1cs.Lc;
import foldproof.circuits.r1cs.Vars;

import java.math.BigInteger;

/**
 * Requantize + ReLU + clamp (DESIGN section 2): {@code out = clamp(floor((acc + 2^(k-1)) / 2^k), 0, 255)}.
 *
 * <p>Witness: {@code q = floor((acc + h) / 2^k)} with {@code h = 2^(k-1)} ({@code 0} if k = 0), an overflow
 * flag {@code ovf = [q >= 256]}, and the n bits {@code b_0..b_{n-1}} of
 * {@code D = acc + h + 2^(n-1) - 2^(k+8) ovf}, i.e. r = low k bits, then the bits of
 * {@code q - 256 ovf + 2^(m-1)} ({@code m = n - k}). Let {@code top = b_{n-1}} (so {@code top = [q - 256 ovf >= 0]}),
 * {@code lo8 = sum_{j=k}^{k+7} 2^(j-k) b_j}, {@code s = sum_{j=k+8}^{n-2} b_j}. Constraints:
 * <ol>
 * <li>{@code b_j (b_j - 1) = 0} for every j (n);</li>
 * <li>{@code ovf (ovf - top) = 0}: ovf is 0, or 1 with top = 1 (1);</li>
 * <li>{@code (top - ovf) * (2^(n+1) s) = sum 2^j b_j + 2^(k+8) ovf - acc - h - 2^(n-1)} (1): the decomposition and
 *     "no high bits when in range", merged: the left side is 0 or at least 2^(n+1) while the right side lies in
 *     (-2^(n+1), 2^(n+1)) as an integer (the static bound on acc, inputs being bytes), so both are 0;</li>
 * <li>{@code (top - ovf) * lo8 = out - 255 ovf} (1).</li>
 * </ol>
 * <b>n + 3 constraints, n + 1 AUX variables</b> (bits and ovf: all 0/1). No field inverses.
 * Sound: the decomposition is exact, so ovf = 1 forces {@code q >= 256} (top = 1) and out = 255; ovf = 0 and
 * top = 1 force {@code s = 0}, i.e. {@code 0 <= q <= 255} and out = q; top = 0 (then ovf = 0) means q < 0 and out = 0.
 * Completeness needs {@code acc + h in [-2^(n-1), 2^(n-1) + 2^(k+8))} and {@code n >= k + 9}: {@link #bits}.
 * Soundness needs the accumulator to lie in its static interval as an integer (its inputs are range-checked
 * bytes, its constants exact): {@link #requireSound} checks the rest when the shape is built.
 */
public final class Requant {
    private Requant() { }

    /** Constraints for a given bit count. */
    public static int constraints(int n) {
        return n + 3;
    }

    /** Largest bit count (the static bounds are below 2^48 and the shift at most 40: 50 always suffices). */
    public static final int MAX_BITS = 50;

    /**
     * Smallest n such that every {@code acc in [lo, hi]} decomposes: {@code n >= k + 9},
     * {@code lo + h >= -2^(n-1)}, {@code hi + h - 2^(k+8) < 2^(n-1)}. Exact: an interval no n up to
     * {@link #MAX_BITS} covers is refused.
     */
    public static int bits(long lo, long hi, int k) {
        if (k < 0 || k > MAX_BITS - 9 || lo > hi) {
            throw new CircuitException("requant: bad accumulator range [" + lo + ", " + hi + "] or shift " + k);
        }
        BigInteger h = half(k);
        BigInteger l = BigInteger.valueOf(lo).add(h);
        BigInteger u = BigInteger.valueOf(hi).add(h).subtract(BigInteger.ONE.shiftLeft(k + 8));
        for (int n = k + 9; n <= MAX_BITS; n++) {
            BigInteger halfN = BigInteger.ONE.shiftLeft(n - 1);
            if (l.compareTo(halfN.negate()) >= 0 && u.compareTo(halfN) < 0) {
                return n;
            }
        }
        throw new CircuitException("accumulator range [" + lo + ", " + hi + "] with shift " + k + " needs more than " + MAX_BITS + " bits");
    }

    /**
     * The gadget's soundness condition, checked with exact arithmetic when a shape is built: for every
     * integer {@code acc in [lo, hi]} (what the static bound guarantees, the inputs being range-constrained)
     * and every 0/1 assignment of the bits and ovf, the right side of the decomposition constraint lies in
     * {@code (-2^(n+1), 2^(n+1))} as an integer, while the left side {@code (top - ovf) 2^(n+1) s} is 0 or of
     * magnitude in {@code [2^(n+1), n 2^(n+1)]}, far below r/2: so the field equation is an integer equation
     * and both sides are 0. Also completeness ({@code acc} decomposes into n bits) and {@code n >= k + 9}.
     *
     * @throws CircuitException naming {@code where} if any part fails
     */
    public static void requireSound(long lo, long hi, int k, int n, String where) {
        boolean ok = k >= 0 && n >= k + 9 && n <= MAX_BITS && lo <= hi;
        if (ok) {
            BigInteger h = half(k);
            BigInteger two = BigInteger.TWO;
            BigInteger lim = two.pow(n + 1);
            BigInteger halfN = two.pow(n - 1);
            BigInteger l = BigInteger.valueOf(lo);
            BigInteger u = BigInteger.valueOf(hi);
            // completeness: D = acc + h + 2^(n-1) - 2^(k+8) ovf in [0, 2^n)
            ok = l.add(h).compareTo(halfN.negate()) >= 0 && u.add(h).subtract(two.pow(k + 8)).compareTo(halfN) < 0;
            // soundness: RHS = sum 2^j b_j + 2^(k+8) ovf - acc - h - 2^(n-1) in (-2^(n+1), 2^(n+1))
            BigInteger rhsMax = two.pow(n).subtract(BigInteger.ONE).add(two.pow(k + 8)).subtract(l).subtract(h).subtract(halfN);
            BigInteger rhsMin = u.negate().subtract(h).subtract(halfN);
            ok &= rhsMax.compareTo(lim) < 0 && rhsMin.compareTo(lim.negate()) > 0;
            // the left side cannot wrap: n * 2^(n+1) + 2^(n+1) < 2^252 < r/2
            ok &= BigInteger.valueOf(n + 1).multiply(lim).bitLength() < 252;
        }
        if (!ok) {
            throw new CircuitException(where + ": requantisation with shift " + k + " and " + n + " bits is not sound for accumulators in ["
                    + lo + ", " + hi + "]");
        }
    }

    private static BigInteger half(int k) {
        return k == 0 ? BigInteger.ZERO : BigInteger.ONE.shiftLeft(k - 1);
    }

    /**
     * @param acc  the accumulator (bias as a constant term); copied, not kept. When witnessing, it may be
     *             left empty if {@code accValue} is given. A caller may instead leave {@code acc} empty
     *             and put {@code -acc} into {@link ConstraintSystem#c()} beforehand (saves a copy): the
     *             decomposition constraint is the first one this gadget enforces
     * @param accValue  the accumulator's value when witnessing and {@code acc} is empty; ignored otherwise
     * @param k    the layer's shift
     * @param n    bit count from {@link #bits}
     * @param out  the output variable (an OUT slot entry)
     * @param bits scratch of length {@code >= n}
     */
    public static void reluClamp(ConstraintSystem cs, Lc acc, int k, int n, int out, int[] bits) {
        reluClamp(cs, acc, 0, k, n, out, bits);
    }

    public static void reluClamp(ConstraintSystem cs, Lc acc, long accValue, int k, int n, int out, int[] bits) {
        long h = k == 0 ? 0 : 1L << (k - 1);
        long accV = 0;
        long ovfV = 0;
        if (cs.witnessing()) {
            accV = acc.size() == 0 ? accValue : cs.eval(acc);
            long q = Math.floorDiv(accV + h, 1L << k);
            ovfV = q >= 256 ? 1 : 0;
        }
        for (int j = 0; j < n; j++) {
            bits[j] = cs.aux();
        }
        int ovf = cs.aux();
        if (cs.witnessing()) {
            long d = accV + h + (1L << (n - 1)) - (ovfV << (k + 8));
            if (d < 0 || d >= (1L << n)) {
                throw new CircuitException("accumulator " + accV + " outside the static bound (n=" + n + ") at " + cs.path());
            }
            for (int j = 0; j < n; j++) {
                cs.set(bits[j], (d >>> j) & 1);
            }
            cs.set(ovf, ovfV);
        }
        int top = bits[n - 1];
        // (top - ovf) * (2^(n+1) s) = sum 2^j b_j + 2^(k+8) ovf - acc - h - 2^(n-1)
        cs.a().add(top, 1).add(ovf, -1);
        Lc b = cs.b();
        for (int j = k + 8; j < n - 1; j++) {
            b.add(bits[j], 1L << (n + 1));
        }
        Lc c = cs.c();
        for (int j = 0; j < n; j++) {
            c.add(bits[j], 1L << j);
        }
        c.add(ovf, 1L << (k + 8));
        c.addScaled(acc, -1);
        c.add(Vars.ONE, -(h + (1L << (n - 1))));
        cs.enforce();
        for (int j = 0; j < n; j++) {
            Bits.bool(cs, bits[j]);
        }
        // ovf * (ovf - top) = 0
        cs.a().add(ovf, 1);
        cs.b().add(ovf, 1).add(top, -1);
        cs.enforce();
        // (top - ovf) * lo8 = out - 255 ovf
        cs.a().add(top, 1).add(ovf, -1);
        for (int j = 0; j < 8; j++) {
            cs.b().add(bits[k + j], 1L << j);
        }
        cs.c().add(out, 1).add(ovf, -255);
        cs.enforce();
    }
}
