package foldproof.circuits.gadgets;

import foldproof.circuits.CircuitException;
import foldproof.circuits.r1cs.ConstraintSystem;
import foldproof.circuits.r1cs.Lc;
import foldproof.circuits.r1cs.LookupTable;
import foldproof.circuits.r1cs.Vars;

import java.math.BigInteger;

/**
 * Requantize + ReLU + clamp by lookups (docs/circuits.md, "Requantisation by lookups"):
 * {@code out = clamp(floor((acc + h) / 2^k), 0, 255)}, {@code h = 2^(k-1)} (0 if k = 0), for one layer's shift
 * {@code k} and the layer's accumulator interval {@code [lo, hi]}.
 *
 * <p>With {@code S = k + 8}, an offset {@code OFF = H0 2^S} making {@code acc + h + OFF >= 0} and
 * {@code Hmax = floor((hi + h + OFF) / 2^S)}, the witness is the Euclidean decomposition
 * {@code acc + h + OFF = r + 2^k L + 2^S H} ({@code r in [0, 2^k)} as 8-bit limbs, the top one narrower,
 * {@code L in [0, 256)}, {@code H in [0, Hmax]}) and two flags {@code e = [H = H0]} (in range),
 * {@code a = [H > H0]} (above 255). {@code H} is not a variable: it is {@code (acc + h + OFF - r - 2^k L) / 2^S}.
 * Constraints:
 * <ol>
 * <li>the class lookup {@code H + 2^W e + 2^(W+1) a} in the layer's class part
 *     {@code {H + 2^W [H = H0] + 2^(W+1) [H > H0] : 0 <= H <= Hmax}} ({@code 2^W > Hmax}), scaled by {@code 2^S}
 *     so its coefficients stay integers (1);</li>
 * <li>each limb of r in the byte part, the top limb in the part of its width; L in the byte part
 *     ({@code ceil(k/8) + 1});</li>
 * <li>{@code e, a} boolean (2);</li>
 * <li>{@code e * L = out - 255 a} (1).</li>
 * </ol>
 * <b>{@code ceil(k/8) + 5} constraints</b> (7 for k in 9..16), {@code ceil(k/8) + 3} AUX variables and
 * {@code ceil(k/8) + 2} lookups. Sound: the flags are bits, so the class lookup makes
 * {@code (acc + h + OFF - r - 2^k L) / 2^S} a small integer; with r and L in range and acc an integer in its
 * static interval (inputs range-checked, constants exact) the decomposition is the Euclidean one, so H is
 * the true quotient, in {@code [0, 2^W)}, and the table entry it matched is its own: e and a are its flags.
 * Then {@code floor((acc + h)/2^k) = L + 256 (H - H0)} and out is its clamp. Every magnitude is below 2^62,
 * far below r/2, so field and integer equations agree ({@link Params#of} refuses anything else).
 */
public final class LookupRequant {
    private LookupRequant() { }

    /** Largest class part this gadget builds (a layer whose interval needs more uses {@link Requant}). */
    public static final int MAX_CLASS = 1024;

    /**
     * The layer-wide parameters: shift, offset, class part, limb widths.
     *
     * @param hMax  largest H, so the class part has {@code hMax + 1} entries
     * @param w     class packing width: {@code 2^w > hMax}
     */
    public record Params(int k, long half, int h0, int hMax, int w) {
        /**
         * Parameters for accumulators in {@code [lo, hi]} with shift {@code k}, or null when the lookup gadget does
         * not apply (a class part above {@link #MAX_CLASS} entries, or magnitudes too large for exact long
         * coefficients): the caller then uses the bit gadget.
         */
        public static Params of(long lo, long hi, int k) {
            if (k < 0 || k > 40 || lo > hi) {
                return null;
            }
            BigInteger half = k == 0 ? BigInteger.ZERO : BigInteger.ONE.shiftLeft(k - 1);
            BigInteger step = BigInteger.ONE.shiftLeft(k + 8);
            BigInteger low = BigInteger.valueOf(lo).add(half);
            // H0 = max(0, ceil(-(lo + h) / 2^S))
            BigInteger h0 = low.signum() >= 0 ? BigInteger.ZERO : low.negate().add(step).subtract(BigInteger.ONE).divide(step);
            BigInteger top = BigInteger.valueOf(hi).add(half).add(h0.multiply(step));
            BigInteger hMax = top.divide(step);
            if (hMax.compareTo(BigInteger.valueOf(MAX_CLASS - 1)) > 0 || h0.compareTo(BigInteger.valueOf(MAX_CLASS)) > 0) {
                return null;
            }
            int hm = hMax.intValueExact();
            int w = Math.max(1, 32 - Integer.numberOfLeadingZeros(hm));
            // coefficients: 2^(S + w + 1) and the numerator's magnitude must fit a long with room
            if (k + 8 + w + 2 > 61 || top.bitLength() > 60) {
                return null;
            }
            return new Params(k, half.longValueExact(), h0.intValueExact(), hm, w);
        }

        public int shift() {
            return k + 8;
        }

        public long offset() {
            return (long) h0 << (k + 8);
        }

        /** Widths of r's limbs, low first: 8-bit limbs and a narrower top one. */
        public int[] limbWidths() {
            int n = (k + 7) / 8;
            int[] wd = new int[n];
            for (int i = 0; i < n; i++) {
                wd[i] = Math.min(8, k - 8 * i);
            }
            return wd;
        }

        /** Width of the narrow top limb, or 0 if every limb is a byte. */
        public int narrowWidth() {
            return k % 8;
        }

        /** Values of the class part: {@code H + 2^w [H = H0] + 2^(w+1) [H > H0]}. */
        public long[] classValues() {
            long[] v = new long[hMax + 1];
            for (int h = 0; h <= hMax; h++) {
                v[h] = h + (h == h0 ? 1L << w : 0) + (h > h0 ? 2L << w : 0);
            }
            return v;
        }

        /** Constraints per activation. */
        public int constraints() {
            return limbWidths().length + 5;
        }
    }

    /** Indices of the table parts the gadget uses. */
    public record Parts(int bytes, int narrow, int classes) {
        /** Adds the parts {@code p} needs to {@code b}: bytes, the narrow width (if any), the class part. */
        public static Parts add(LookupTable.Builder b, int bytes, Params p) {
            int narrow = p.narrowWidth() == 0 ? -1 : b.range("range" + p.narrowWidth(), p.narrowWidth());
            int cls = b.add("requant-class", p.classValues());
            return new Parts(bytes, narrow, cls);
        }
    }

    /**
     * Emits the gadget. The caller has put {@code -acc} into {@link ConstraintSystem#a()} (bias as a constant
     * term, weights as coefficients) when not witnessing; when witnessing it passes {@code accValue}.
     *
     * @param out the output variable (an OUT slot entry)
     */
    public static void reluClamp(ConstraintSystem cs, long accValue, Params p, Parts parts, int out, int[] scratch) {
        int[] widths = p.limbWidths();
        int nl = widths.length;
        int[] limbs = scratch;
        for (int i = 0; i < nl; i++) {
            limbs[i] = cs.aux();
        }
        int l = cs.aux();
        int e = cs.aux();
        int a = cs.aux();
        long numValue = 0;
        if (cs.witnessing()) {
            long rr = accValue + p.half() + p.offset();
            long hv = rr >> p.shift();
            if (rr < 0 || hv > p.hMax()) {
                throw new CircuitException("accumulator " + accValue + " outside the static bound at " + cs.path());
            }
            long rem = rr & ((1L << p.k()) - 1);
            for (int i = 0; i < nl; i++) {
                cs.set(limbs[i], (rem >>> (8 * i)) & ((1L << widths[i]) - 1));
            }
            long lv = (rr >> p.k()) & 255;
            cs.set(l, lv);
            long ev = hv == p.h0() ? 1 : 0;
            long av = hv > p.h0() ? 1 : 0;
            cs.set(e, ev);
            cs.set(a, av);
            numValue = (hv + (ev << p.w()) + (av << (p.w() + 1))) << p.shift();
        }
        // the class lookup first: A already holds -acc
        Lc num = cs.scratch(0);
        num.constant(p.half() + p.offset());
        for (int i = 0; i < nl; i++) {
            num.add(limbs[i], -(1L << (8 * i)));
        }
        num.add(l, -(1L << p.k()));
        num.add(e, 1L << (p.shift() + p.w()));
        num.add(a, 2L << (p.shift() + p.w()));
        cs.lookup(num, numValue, 1L << p.shift(), parts.classes());
        for (int i = 0; i < nl; i++) {
            cs.lookupVar(limbs[i], widths[i] == 8 ? parts.bytes() : parts.narrow());
        }
        cs.lookupVar(l, parts.bytes());
        Bits.bool(cs, e);
        Bits.bool(cs, a);
        // e * L = out - 255 a
        cs.a().add(e, 1);
        cs.b().add(l, 1);
        cs.c().add(out, 1).add(a, -255);
        cs.enforce();
    }
}
