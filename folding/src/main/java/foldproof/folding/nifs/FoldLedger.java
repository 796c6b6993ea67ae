package foldproof.folding.nifs;

import foldproof.bn254.fr.Fr;
import foldproof.bn254.g1.G1Point;
import foldproof.folding.transcript.Transcript;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The verifier's side of a layer's folds without a single group operation. Every instance a layer folds is a
 * linear combination, with challenge-derived coefficients, of the instances that entered it (each tile's fresh
 * instance and the blinding instance: its <em>parts</em>), at a point computed from the challenges, with a
 * claim that is a linear function of the fold messages ({@link FoldSteps}). A {@link Sym} holds those
 * coefficients, the point and the claim's coefficients per message; {@link #fold} runs {@link FoldSteps}'s
 * transcript steps and applies the fold to them ({@code alpha = alpha1 + g alpha2}), and {@link #materialize}
 * turns the layer's folded instance into a {@link LinearInstance}: per slot the distinct points with their
 * total coefficients, and the message vector's commitment with the claim's coefficients. The points
 * themselves are never summed here: the coefficients go on to the opening checker, and the proof's one final
 * multi-scalar multiplication computes every such sum at once.
 *
 * <p>Cost per fold: O(parts and messages of its two sides) field operations.
 */
public final class FoldLedger {
    private final int numSlots;
    private final int numPublic;
    private final int s;
    private final List<RelaxedInstance> parts = new ArrayList<>();
    private final TreeMap<Integer, G1Point> messages = new TreeMap<>();

    /** A folded instance as coefficients: {@code alpha} per part (W, u, x), its point, its claim per message. */
    public static final class Sym {
        private final int alphaFrom;   // alpha[4i..4i+3] is the coefficient of part alphaFrom + i
        private final long[] alpha;
        private final long[] tau;      // null: strict
        private final boolean random;  // the blinding instance (as a part of its own)
        private final TreeMap<Integer, long[]> lambda;

        private Sym(int alphaFrom, long[] alpha, long[] tau, boolean random, TreeMap<Integer, long[]> lambda) {
            this.alphaFrom = alphaFrom;
            this.alpha = alpha;
            this.tau = tau;
            this.random = random;
            this.lambda = lambda;
        }

        private int alphaTo() {
            return alphaFrom + alpha.length / 4;
        }
    }

    /**
     * A ledger for a layer whose instances have {@code numSlots} slot commitments and {@code numPublic} inputs,
     * and claims over {@code 2^s} constraints.
     */
    public FoldLedger(int numSlots, int numPublic, int s) {
        this.numSlots = numSlots;
        this.numPublic = numPublic;
        this.s = s;
    }

    /** Enters a fresh tile's instance (strict) as a part of its own: coefficient 1. */
    public Sym add(RelaxedInstance inst) {
        return add(inst, false);
    }

    /** Enters the blinding instance as a part of its own. */
    public Sym addBlinding(RelaxedInstance inst) {
        return add(inst, true);
    }

    private Sym add(RelaxedInstance inst, boolean random) {
        if (inst.numSlots() != numSlots || inst.numPublic() != numPublic || !inst.strict()) {
            throw new IllegalArgumentException("instance has " + inst.numSlots() + " slots and " + inst.numPublic()
                    + " public inputs, the layer " + numSlots + " and " + numPublic);
        }
        int p = parts.size();
        parts.add(inst);
        return new Sym(p, Fr.ONE.clone(), null, random, new TreeMap<>());
    }

    /**
     * One fold of {@code b} into {@code a} as the prover made it ({@link FoldSteps#begin}, the message
     * commitment {@code message} of fold {@code index}, {@link FoldSteps#end}): {@code incoming} is {@code b}'s
     * instance when it is new to {@code tr} (a fresh tile, the blinding instance), else null. {@code a} and
     * {@code b} are consumed.
     */
    public Sym fold(Transcript tr, Sym a, Sym b, RelaxedInstance incoming, G1Point message, int index) {
        if (a.random) {
            throw new IllegalArgumentException("the blinding instance folds into the running one, not the other way");
        }
        FoldSteps.Plan p = FoldSteps.begin(tr, incoming, s, a.tau, b.random ? null : b.tau, b.random);
        FoldSteps.end(tr, p, message);
        long[] g = p.gamma();
        // a Sym's coefficients span a range of parts; folds combine subtrees over adjacent ranges, so a fold
        // costs O(parts of its two sides), not O(parts of the layer)
        int af = Math.min(a.alphaFrom, b.alphaFrom);
        long[] alpha = new long[4 * (Math.max(a.alphaTo(), b.alphaTo()) - af)];
        System.arraycopy(a.alpha, 0, alpha, 4 * (a.alphaFrom - af), a.alpha.length);
        Fr.axpy(g, 0, b.alpha, 0, alpha, 4 * (b.alphaFrom - af), b.alpha.length / 4);
        TreeMap<Integer, long[]> lambda = a.lambda;
        long[] sc = FoldSteps.scale2(p);
        if (!b.lambda.isEmpty()) {
            if (sc == null) {
                throw new IllegalStateException("a fold that drops its second side's claim");
            }
            for (Map.Entry<Integer, long[]> en : b.lambda.entrySet()) {
                long[] v = en.getValue();
                Fr.scale(sc, 0, v, 0, v, 0, v.length / 4);
                if (lambda.put(en.getKey(), v) != null) {
                    throw new IllegalStateException("fold message " + en.getKey() + " folded twice");
                }
            }
        }
        if (lambda.put(index, FoldSteps.lambda(p)) != null || messages.put(index, message) != null) {
            throw new IllegalStateException("fold message " + index + " folded twice");
        }
        return new Sym(af, alpha, FoldSteps.point(p), false, lambda);
    }

    /**
     * The folded instance {@code s} with its commitments as merged linear combinations: {@code count} is the
     * number of messages of the layer (every fold and the blinding one), each of which {@code s} must hold.
     */
    public LinearInstance materialize(Sym sym, int count) {
        long[] u = new long[4];
        long[] x = new long[4 * numPublic];
        long[] t = new long[4];
        int np = sym.alpha.length / 4;
        for (int p = 0; p < np; p++) {
            RelaxedInstance inst = parts.get(sym.alphaFrom + p);
            Fr.mul(sym.alpha, 4 * p, inst.u(), 0, t, 0);
            Fr.add(u, 0, t, 0, u, 0);
            Fr.axpy(sym.alpha, 4 * p, inst.x(), 0, x, 0, numPublic);
        }
        LinearInstance.Combination[] slots = new LinearInstance.Combination[numSlots];
        for (int i = 0; i < numSlots; i++) {
            LinearInstance.Builder mg = new LinearInstance.Builder();
            for (int p = 0; p < np; p++) {
                mg.add(parts.get(sym.alphaFrom + p).slotComm(i), sym.alpha, 4 * p);
            }
            slots[i] = mg.build();
        }
        if (sym.lambda.size() != count || sym.tau == null) {
            throw new IllegalStateException("the folded instance holds " + sym.lambda.size() + " of " + count + " messages");
        }
        int len = FoldSteps.messageLength(s);
        int k = CoefficientClaim.vars(count, len);
        long[] lambda = new long[4 << k];
        G1Point[] points = new G1Point[count];
        for (Map.Entry<Integer, long[]> en : sym.lambda.entrySet()) {
            int i = en.getKey();
            if (i < 0 || i >= count) {
                throw new IllegalStateException("fold message " + i + " of " + count);
            }
            System.arraycopy(en.getValue(), 0, lambda, 4 * i * len, 4 * len);
            points[i] = messages.get(i);
        }
        return new LinearInstance(slots, u, x, sym.tau, points, lambda, k, len);
    }
}
