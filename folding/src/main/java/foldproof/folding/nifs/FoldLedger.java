package foldproof.folding.nifs;

import foldproof.bn254.fr.Fr;
import foldproof.bn254.g1.G1Point;

import java.util.ArrayList;
import java.util.List;

/**
 * The verifier's side of a layer's NIFS folds without a single group operation. Every instance a layer
 * folds is a linear combination, with challenge-derived coefficients, of the instances that entered it
 * (each tile's fresh instance and the blinding instance: its <em>parts</em>) and of the commitments that
 * entered its error term (each fold's {@code comm_T}, the blinding instance's {@code comm_E}). A
 * {@link Sym} holds those coefficients; {@link #fold} applies Nova's instance fold to them
 * ({@code alpha = alpha1 + r alpha2}, {@code beta = beta1 + r e_T + r^2 beta2}), and {@link #materialize}
 * turns the layer's folded instance into a {@link LinearInstance}: per slot the distinct points with their
 * total coefficients. The points themselves are never summed here: the coefficients go on to the opening
 * checker, and the proof's one final multi-scalar multiplication computes every such sum at once.
 *
 * <p>Cost per fold: O(parts and error points of its two sides) field operations (a side's coefficients
 * span a range of parts, and the folds of a {@code FoldTree} combine adjacent ranges), against
 * {@code numSlots + 1} scalar multiplications for {@link Nifs#foldInstances}.
 */
public final class FoldLedger {
    private final int numSlots;
    private final int numPublic;
    private final List<RelaxedInstance> parts = new ArrayList<>();
    private final List<G1Point> ePoints = new ArrayList<>();

    /** A folded instance as coefficients: {@code alpha} per part (W, u, x), {@code beta} per error point. */
    public static final class Sym {
        private final int alphaFrom;   // alpha[4i..4i+3] is the coefficient of part alphaFrom + i
        private final long[] alpha;
        private final int betaFrom;    // beta likewise, of error point betaFrom + i
        private final long[] beta;

        private Sym(int alphaFrom, long[] alpha, int betaFrom, long[] beta) {
            this.alphaFrom = alphaFrom;
            this.alpha = alpha;
            this.betaFrom = betaFrom;
            this.beta = beta;
        }

        private int alphaTo() {
            return alphaFrom + alpha.length / 4;
        }

        private int betaTo() {
            return betaFrom + beta.length / 4;
        }
    }

    /** A ledger for a layer whose instances have {@code numSlots} slot commitments and {@code numPublic} inputs. */
    public FoldLedger(int numSlots, int numPublic) {
        this.numSlots = numSlots;
        this.numPublic = numPublic;
    }

    /** Enters an instance (a fresh tile or the blinding instance) as a part of its own: coefficient 1. */
    public Sym add(RelaxedInstance inst) {
        if (inst.numSlots() != numSlots || inst.numPublic() != numPublic) {
            throw new IllegalArgumentException("instance has " + inst.numSlots() + " slots and " + inst.numPublic()
                    + " public inputs, the layer " + numSlots + " and " + numPublic);
        }
        int p = parts.size();
        parts.add(inst);
        long[] alpha = Fr.ONE.clone();
        long[] beta = new long[0];
        int e = ePoints.size();
        if (!inst.commE().isIdentity()) {
            ePoints.add(inst.commE());
            beta = Fr.ONE.clone();
        }
        return new Sym(p, alpha, e, beta);
    }

    /**
     * Nova's instance fold with challenge {@code r}: {@code W, u, x} combine as {@code a + r b},
     * {@code comm_E} as {@code comm_E(a) + r comm_T + r^2 comm_E(b)}.
     */
    public Sym fold(Sym a, Sym b, G1Point commT, long[] r) {
        // a Sym's coefficients span a range of parts (and of error points); folds combine subtrees over
        // adjacent ranges, so a fold costs O(parts of its two sides), not O(parts of the layer)
        int af = Math.min(a.alphaFrom, b.alphaFrom);
        long[] alpha = new long[4 * (Math.max(a.alphaTo(), b.alphaTo()) - af)];
        System.arraycopy(a.alpha, 0, alpha, 4 * (a.alphaFrom - af), a.alpha.length);
        Fr.axpy(r, 0, b.alpha, 0, alpha, 4 * (b.alphaFrom - af), b.alpha.length / 4);
        int t = ePoints.size();
        ePoints.add(commT);
        int bf = Math.min(t, Math.min(a.beta.length == 0 ? t : a.betaFrom, b.beta.length == 0 ? t : b.betaFrom));
        long[] beta = new long[4 * (t + 1 - bf)];
        if (a.beta.length > 0) {
            System.arraycopy(a.beta, 0, beta, 4 * (a.betaFrom - bf), a.beta.length);
        }
        Fr.copy(r, 0, beta, 4 * (t - bf));
        long[] r2 = new long[4];
        Fr.mul(r, 0, r, 0, r2, 0);
        if (b.beta.length > 0) {
            Fr.axpy(r2, 0, b.beta, 0, beta, 4 * (b.betaFrom - bf), b.beta.length / 4);
        }
        return new Sym(af, alpha, bf, beta);
    }

    /** The folded instance {@code s} with its commitments as merged linear combinations. */
    public LinearInstance materialize(Sym s) {
        long[] u = new long[4];
        long[] x = new long[4 * numPublic];
        long[] t = new long[4];
        int np = s.alpha.length / 4;
        for (int p = 0; p < np; p++) {
            RelaxedInstance inst = parts.get(s.alphaFrom + p);
            Fr.mul(s.alpha, 4 * p, inst.u(), 0, t, 0);
            Fr.add(u, 0, t, 0, u, 0);
            Fr.axpy(s.alpha, 4 * p, inst.x(), 0, x, 0, numPublic);
        }
        LinearInstance.Combination[] slots = new LinearInstance.Combination[numSlots];
        for (int i = 0; i < numSlots; i++) {
            LinearInstance.Builder mg = new LinearInstance.Builder();
            for (int p = 0; p < np; p++) {
                mg.add(parts.get(s.alphaFrom + p).slotComm(i), s.alpha, 4 * p);
            }
            slots[i] = mg.build();
        }
        LinearInstance.Builder e = new LinearInstance.Builder();
        for (int j = 0; j < s.beta.length / 4; j++) {
            e.add(ePoints.get(s.betaFrom + j), s.beta, 4 * j);
        }
        return new LinearInstance(slots, e.build(), u, x);
    }
}
