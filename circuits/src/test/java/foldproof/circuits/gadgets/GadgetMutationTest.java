package foldproof.circuits.gadgets;

import foldproof.circuits.layers.InputCircuit;
import foldproof.circuits.r1cs.CheckingBuilder;
import foldproof.circuits.r1cs.ConstraintSystem;
import foldproof.circuits.r1cs.FieldChecker;
import foldproof.circuits.r1cs.Lc;
import foldproof.circuits.r1cs.Vars;
import foldproof.circuits.r1cs.WitnessBuilder;
import foldproof.quantizer.model.Shape;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Mutation testing of every gadget (issue 14): for each constraint in turn, an assignment of field elements
 * that satisfies every <em>other</em> constraint of the gadget and violates the gadget's statement. So no
 * constraint is redundant: removing any one admits a false witness. Each witness is built from an honest one
 * by construction (the reasoning is next to it); {@link FieldChecker} lists every failing constraint, and the
 * test asserts it is exactly the one removed. The order of the constraints is the gadget's documented one
 * (a change of order fails these tests, as it should: the constructions name constraints by role).
 * docs/security.md, "Gadgets: each constraint and the attack it stops", summarizes the results.
 */
class GadgetMutationTest {
    private static final BigInteger R = CheckingBuilder.R;

    private static BigInteger f(long v) {
        return BigInteger.valueOf(v).mod(R);
    }

    /** The integer in (-r/2, r/2) a residue stands for. */
    private static long signed(BigInteger v) {
        return (v.compareTo(R.shiftRight(1)) > 0 ? v.subtract(R) : v).longValueExact();
    }

    /** {@code num / den} in the field. */
    private static BigInteger frac(long num, long den) {
        return f(num).multiply(f(den).modInverse(R)).mod(R);
    }

    private static BigInteger[][] field(long[][] slots) {
        BigInteger[][] out = new BigInteger[slots.length][];
        for (int s = 0; s < slots.length; s++) {
            out[s] = new BigInteger[slots[s].length];
            for (int i = 0; i < slots[s].length; i++) {
                out[s][i] = f(slots[s][i]);
            }
        }
        return out;
    }

    private static BigInteger[][] copy(BigInteger[][] w) {
        BigInteger[][] out = new BigInteger[w.length][];
        for (int s = 0; s < w.length; s++) {
            out[s] = w[s].clone();
        }
        return out;
    }

    /** A gadget over slot 0 (its inputs and outputs) and slot 1 (AUX), its statement, and an honest witness. */
    private record Gadget(String name, Consumer<ConstraintSystem> synth, Predicate<BigInteger[][]> statement) {
        int constraints() {
            return FieldChecker.count(1, synth);
        }

        List<Integer> failing(BigInteger[][] w) {
            return FieldChecker.failing(1, w, new BigInteger[0], synth);
        }

        BigInteger[][] honest(long... inputs) {
            long[][] slots = {inputs.clone(), new long[16]};
            WitnessBuilder wb = new WitnessBuilder(1, slots, new long[0]);
            synth.accept(wb);
            BigInteger[][] w = field(wb.slots());
            assertEquals(List.of(), failing(w), name + ": honest witness");
            assertTrue(statement.test(w), name + ": honest statement");
            return w;
        }

        /** {@code w} fails exactly constraint {@code removed} and its statement is false. */
        void admitsFalseWitnessWithout(int removed, BigInteger[][] w, String role) {
            assertEquals(List.of(removed), failing(w), name + ": without constraint " + removed + " (" + role + ")");
            assertFalse(statement.test(w), name + ": the witness without constraint " + removed + " (" + role + ") is false");
        }
    }

    // ---- Bits -------------------------------------------------------------------------------------------

    @Test
    void boolNeedsItsOneConstraint() {
        Gadget g = new Gadget("bool", cs -> Bits.bool(cs, Vars.of(0, 0)),
                w -> w[0][0].equals(BigInteger.ZERO) || w[0][0].equals(BigInteger.ONE));
        assertEquals(1, g.constraints());
        g.honest(1);
        g.admitsFalseWitnessWithout(0, new BigInteger[][] {{f(2)}, {}}, "v (v - 1) = 0");
    }

    @Test
    void rangeCheckNeedsEveryBit() {
        for (int n : new int[] {1, 2, 8, 13}) {
            int[] bits = new int[n];
            Gadget g = new Gadget("range" + n, cs -> Bits.range(cs, cs.scratch(0).add(Vars.of(0, 0), 1), n, bits),
                    w -> w[0][0].compareTo(BigInteger.ONE.shiftLeft(n)) < 0);
            assertEquals(n, g.constraints());
            BigInteger[][] zero = g.honest(0);
            // constraints 0 .. n-2: bit j (1..n-1) boolean. Without it: x = 2^n, "bit" j = 2^(n-j), bit 0 = 0
            for (int j = 1; j < n; j++) {
                BigInteger[][] w = copy(zero);
                w[0][0] = f(1L << n);
                w[1][j - 1] = f(1L << (n - j));
                g.admitsFalseWitnessWithout(j - 1, w, "bit " + j + " boolean");
            }
            // constraint n-1: bit 0 = x - sum 2^j b_j boolean (also the decomposition). Without it: x = -1
            BigInteger[][] w = copy(zero);
            w[0][0] = f(-1);
            g.admitsFalseWitnessWithout(n - 1, w, "bit 0 boolean and decomposition");
        }
    }

    @Test
    void inputRangeCheckNeedsEveryConstraint() {
        // the layer-level code that checks the network input (the stem conv's input-range runs the same gadget)
        InputCircuit ic = new InputCircuit(new Shape(1, 1, 1));
        Gadget g = new Gadget("input int8", ic::synthesize, w -> {
            BigInteger x = w[0][0];
            return x.compareTo(f(127)) <= 0 || x.compareTo(R.subtract(BigInteger.valueOf(128))) >= 0;
        });
        assertEquals(8, g.constraints());
        BigInteger[][] h = g.honest(-128);
        for (int j = 1; j < 8; j++) {   // x + 128 = 256: x = 128
            BigInteger[][] w = copy(h);
            w[0][0] = f(128);
            w[1][j - 1] = f(1L << (8 - j));
            g.admitsFalseWitnessWithout(j - 1, w, "bit " + j + " of x + 128 boolean");
        }
        BigInteger[][] w = copy(h);
        w[0][0] = f(-129);               // x + 128 = -1
        g.admitsFalseWitnessWithout(7, w, "bit 0 of x + 128 boolean and decomposition");
    }

    // ---- Requant + ReLU + clamp -------------------------------------------------------------------------

    /** Slot 0 = [acc, out]; AUX = n bits b_0..b_{n-1} (top = b_{n-1}), then ovf. Constraint order: decomposition
     * (0), bool(b_j) (1 + j), ovf (ovf - top) (n + 1), output (n + 2). */
    @Test
    void requantNeedsEveryConstraint() {
        for (int k : new int[] {0, 1, 6, 12}) {
            long[][] intervals = {{-(1L << (k + 10)), 1L << (k + 10)}, {-(1L << (k + 7)), (1L << (k + 8)) - 1}, {0, 1L << (k + 20)}};
            for (long[] iv : intervals) {
                requantMutations(k, Requant.bits(iv[0], iv[1], k));
            }
        }
    }

    private static void requantMutations(int k, int n) {
        int[] bits = new int[n];
        long h = k == 0 ? 0 : 1L << (k - 1);
        Gadget g = new Gadget("requant k=" + k + " n=" + n, cs -> {
            Lc acc = cs.scratch(1).add(Vars.of(0, 0), 1);
            Requant.reluClamp(cs, acc, k, n, Vars.of(0, 1), bits);
        }, w -> {
            long acc = signed(w[0][0]);
            long ref = Math.max(0, Math.min(255, Math.floorDiv(acc + h, 1L << k)));
            return w[0][1].equals(f(ref));
        });
        assertEquals(n + 3, g.constraints());
        int top = n - 1;
        int ovf = n;
        for (long q : new long[] {1, 100, 254}) {
            long acc = (q << k) + (k == 0 ? 0 : (1L << k) - 1) - h;   // q with the largest remainder
            BigInteger[][] hw = g.honest(acc, q);

            // 0, the decomposition: bits that say q + 1, out = q + 1
            BigInteger[][] w = copy(hw);
            setHigh(w, k, n, q + 1 + (1L << (n - k - 1)));
            w[0][1] = f(q + 1);
            g.admitsFalseWitnessWithout(0, w, "decomposition");

            // 1 + j, bit j boolean (j below the sign bit): b_j + 2^(n-1-j) pays for top = 0: "negative", out = 0
            for (int j = 0; j < top; j++) {
                w = copy(hw);
                w[1][j] = w[1][j].add(f(1L << (n - 1 - j))).mod(R);
                w[1][top] = f(0);
                w[0][1] = f(0);
                g.admitsFalseWitnessWithout(1 + j, w, "bit " + j + " boolean");
            }

            // 1 + top, the sign bit boolean: bits say q + 1, top = 1 - 2^(k+1-n) keeps the decomposition, out = top (q + 1)
            if (q < 255) {
                w = copy(hw);
                setHigh(w, k, n, q + 1 + (1L << (n - k - 1)));
                BigInteger t = BigInteger.ONE.subtract(frac(1L << k, 1L << (n - 1))).mod(R);
                w[1][top] = t;
                w[0][1] = t.multiply(f(q + 1)).mod(R);
                g.admitsFalseWitnessWithout(1 + top, w, "sign bit boolean");
            }

            // n + 1, ovf (ovf - top) = 0: ovf = -1/256 with bits that say q + 1 keeps the decomposition;
            // out = (1 - ovf)(q + 1) + 255 ovf = (257 q + 2) / 256
            w = copy(hw);
            setHigh(w, k, n, q + 1 + (1L << (n - k - 1)));
            w[1][ovf] = frac(-1, 256);
            w[0][1] = frac(257 * q + 2, 256);
            g.admitsFalseWitnessWithout(n + 1, w, "overflow flag");

            // n + 2, the ReLU/clamp output: out = q + 1
            w = copy(hw);
            w[0][1] = f(q + 1);
            g.admitsFalseWitnessWithout(n + 2, w, "output (ReLU and clamp)");
        }
        // the integer false witness the overflow flag stops where n = k + 9 (out of [0, 255] claimed as 255 - q)
        if (n == k + 9) {
            long q = 100;
            BigInteger[][] hw = g.honest((q << k) - h, q);
            BigInteger[][] w = copy(hw);
            setHigh(w, k, n, q);   // top = 0: the bits of acc + h, i.e. D - 2^(k+8)
            w[1][ovf] = f(1);
            w[0][1] = f(255 - q);
            g.admitsFalseWitnessWithout(n + 1, w, "overflow flag (integers)");
        }
    }

    /** Bits k..n-1 (AUX 1, positions k..n-1) set to the binary of {@code v}. */
    private static void setHigh(BigInteger[][] w, int k, int n, long v) {
        for (int j = k; j < n; j++) {
            w[1][j] = f((v >>> (j - k)) & 1);
        }
    }

    // ---- MaxPair ---------------------------------------------------------------------------------------

    /** Slot 0 = [a, b, m]; AUX = bits 1..7 of 2m - a - b. Order: range check (bit 1..7 boolean: 0..6; bit 0: 7), product (8). */
    @Test
    void maxPairNeedsEveryConstraint() {
        int[] bits = new int[8];
        Gadget g = new Gadget("max", cs -> MaxPair.max(cs, Vars.of(0, 0), Vars.of(0, 1), Vars.of(0, 2), bits),
                w -> w[0][2].equals(w[0][0].max(w[0][1])));
        assertEquals(MaxPair.CONSTRAINTS, g.constraints());
        // 0..6, bit j boolean: m = min(a, b) with a - b = 2^j, so 2m - a - b = -2^j = 2^j * (-1): "bit" j = -1
        for (int j = 1; j < 8; j++) {
            long b = 3;
            long a = b + (1L << j);
            BigInteger[][] w = copy(g.honest(a, b, a));
            w[0][2] = f(b);
            for (int i = 0; i < 7; i++) {
                w[1][i] = f(0);
            }
            w[1][j - 1] = f(-1);
            g.admitsFalseWitnessWithout(j - 1, w, "slack bit " + j + " boolean");
        }
        // 7, bit 0 (and the decomposition): m = min(a, b) with a - b = 1, all bits 0, "bit 0" = -1
        BigInteger[][] w = copy(g.honest(10, 9, 10));
        w[0][2] = f(9);
        for (int i = 0; i < 7; i++) {
            w[1][i] = f(0);
        }
        g.admitsFalseWitnessWithout(7, w, "slack bit 0 boolean and decomposition");
        // 8, the product: m = max + 1, the slack 2m - a - b = |a - b| + 2 decomposed honestly
        for (long[] ab : new long[][] {{7, 200}, {0, 0}, {250, 3}}) {
            long m = Math.max(ab[0], ab[1]) + 1;
            BigInteger[][] v = field(new long[][] {{ab[0], ab[1], m}, bitsOf(2 * m - ab[0] - ab[1])});
            g.admitsFalseWitnessWithout(8, v, "(m - a)(m - b) = 0");
        }
    }

    private static long[] bitsOf(long x) {
        long[] b = new long[7];
        for (int j = 1; j < 8; j++) {
            b[j - 1] = (x >>> j) & 1;
        }
        return b;
    }

    @Test
    void maxCopyNeedsItsOneConstraint() {
        Gadget g = new Gadget("copy", cs -> MaxPair.copy(cs, Vars.of(0, 0), Vars.of(0, 1)), w -> w[0][1].equals(w[0][0]));
        assertEquals(1, g.constraints());
        g.honest(42, 42);
        g.admitsFalseWitnessWithout(0, new BigInteger[][] {{f(42), f(43)}, {}}, "m = v");
    }

    // ---- LinearHead ------------------------------------------------------------------------------------

    /** IN slots 0..1 = rows of a 2-channel 2x2 map, slot 2 = AUX (channel sums), public = logits. Order: gap[c] (c), logit[j] (C + j). */
    @Test
    void linearHeadNeedsEveryConstraintUnlessAChannelHasNoWeight() {
        int[] wt = {1, -2, 3, 4, -5, 6};
        long[] bias = {10, -20, 30};
        long[][] rows = {{1, 2, 3, 4}, {5, 6, 7, 8}};
        long[] sums = {1 + 2 + 5 + 6, 3 + 4 + 7 + 8};
        Consumer<ConstraintSystem> head = cs -> LinearHead.synthesize(cs, 2, 2, 2, 2, 3, wt, bias);
        assertEquals(5, FieldChecker.count(2, head));
        long[] logits = logits(wt, bias, sums);
        BigInteger[][] honest = field(new long[][] {rows[0], rows[1], sums});
        assertEquals(List.of(), FieldChecker.failing(2, honest, fields(logits), head));
        // gap[c]: S_c + 1 with every logit re-derived from the sums: only gap[c] fails, the logits are false
        for (int c = 0; c < 2; c++) {
            long[] s = sums.clone();
            s[c]++;
            long[] forged = logits(wt, bias, s);
            assertTrue(!java.util.Arrays.equals(forged, logits));
            BigInteger[][] w = field(new long[][] {rows[0], rows[1], s});
            assertEquals(List.of(c), FieldChecker.failing(2, w, fields(forged), head), "without gap[" + c + "]");
        }
        // logit[j]: x_j + 1
        for (int j = 0; j < 3; j++) {
            long[] forged = logits.clone();
            forged[j]++;
            assertEquals(List.of(2 + j), FieldChecker.failing(2, honest, fields(forged), head), "without logit[" + j + "]");
        }
        // the one harmless removal: a channel whose weight is 0 in every class. Its sum enters no logit, so
        // without gap[c] any sum is accepted and the logits stay the true ones (kept: docs/security.md)
        int[] zeroCol = {1, 0, 3, 0, -5, 0};
        Consumer<ConstraintSystem> h0 = cs -> LinearHead.synthesize(cs, 2, 2, 2, 2, 3, zeroCol, bias);
        long[] s = sums.clone();
        s[1] += 1000;
        assertEquals(List.of(1), FieldChecker.failing(2, field(new long[][] {rows[0], rows[1], s}), fields(logits(zeroCol, bias, s)), h0));
        assertEquals(java.util.Arrays.toString(logits(zeroCol, bias, sums)), java.util.Arrays.toString(logits(zeroCol, bias, s)),
                "the logits accepted without gap[1] are the true ones");
    }

    private static long[] logits(int[] w, long[] b, long[] sums) {
        long[] out = new long[b.length];
        for (int j = 0; j < b.length; j++) {
            out[j] = b[j];
            for (int c = 0; c < sums.length; c++) {
                out[j] += w[j * sums.length + c] * sums[c];
            }
        }
        return out;
    }

    private static BigInteger[] fields(long[] v) {
        BigInteger[] out = new BigInteger[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = f(v[i]);
        }
        return out;
    }
}
