package foldproof.folding.nifs;

import foldproof.bn254.fr.Fr;
import foldproof.bn254.g1.G1Point;
import foldproof.bn254.msm.Msm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A committed relaxed R1CS instance whose commitments are kept as linear combinations
 * {@code sum_j scalars_j bases_j} of known points instead of single points: what the verifier knows of a
 * layer's folded instance after {@link FoldLedger} (the points are summed only inside the proof's final
 * multi-scalar multiplication). {@code u}, {@code x} and the point {@code tau} are plain field elements; the
 * claim's value is revealed by the compression, which checks it against the fold messages: with a challenge
 * {@code beta} drawn after them, {@code sum_i beta^i messages_i} opens to a vector of {@code 2^k} elements whose
 * product with {@code lambda} (block {@code i} of {@code block} entries scaled by {@code beta^-i}) is {@code e}
 * (docs/protocol.md, section 2).
 *
 * @param slots    one combination per layout slot, layout order
 * @param u        the relaxation scalar (4 limbs)
 * @param x        the public inputs (4 limbs each)
 * @param tau      the claim's point
 * @param messages the commitment of each fold message, by index (the blinding fold's last)
 * @param lambda   the claim's coefficients over the message vector, {@code 4 * 2^k} longs
 * @param k        the message vector's variables
 * @param block    entries per message
 */
public record LinearInstance(Combination[] slots, long[] u, long[] x, long[] tau, G1Point[] messages, long[] lambda,
                             int k, int block) {
    /** {@code sum_j scalars[4j..4j+3] * bases[j]}; the identity when empty. */
    public record Combination(G1Point[] bases, long[] scalars) {
        public Combination {
            if (scalars.length != 4 * bases.length) {
                throw new IllegalArgumentException(bases.length + " bases but " + scalars.length / 4 + " scalars");
            }
        }

        /** The single point {@code p} with coefficient 1 (empty for the identity). */
        public static Combination of(G1Point p) {
            return p.isIdentity() ? new Combination(new G1Point[0], new long[0])
                    : new Combination(new G1Point[] {p}, Fr.ONE.clone());
        }

        /** The point this combination stands for (one MSM: tests and debugging; the verifier never needs it). */
        public G1Point evaluate() {
            return bases.length == 0 ? G1Point.IDENTITY : Msm.msm(bases, scalars, bases.length);
        }
    }

    /**
     * Accumulates {@code sum coef_j P_j}: the coefficients of a point added again are summed (a row read by
     * several tiles, or by several layers, is one base), identity points and zero coefficients are dropped.
     * Points are told apart by identity: the same row is the same {@link G1Point} object.
     */
    public static final class Builder {
        private final Map<G1Point, Integer> index = new IdentityHashMap<>();
        private final List<G1Point> bases = new ArrayList<>();
        private long[] scalars = new long[16];

        /** Adds {@code coef[co..co+3] * p}. */
        public void add(G1Point p, long[] coef, int co) {
            if (p.isIdentity() || Fr.isZero(coef, co)) {
                return;
            }
            Integer at = index.get(p);
            if (at == null) {
                at = bases.size();
                index.put(p, at);
                bases.add(p);
                if (scalars.length < 4 * bases.size()) {
                    scalars = Arrays.copyOf(scalars, 2 * scalars.length);
                }
                Fr.copy(coef, co, scalars, 4 * at);
            } else {
                Fr.add(scalars, 4 * at, coef, co, scalars, 4 * at);
            }
        }

        /** The combination accumulated so far. */
        public Combination build() {
            return new Combination(bases.toArray(new G1Point[0]), Arrays.copyOf(scalars, 4 * bases.size()));
        }
    }

    /**
     * An instance with its actual commitments (each a combination of one point) and a message claim given by
     * its commitment {@code messages} and coefficients {@code lambda} over {@code 2^k} entries (tests).
     */
    public static LinearInstance of(RelaxedInstance inst, G1Point messages, long[] lambda, int k) {
        return of(inst, new G1Point[] {messages}, lambda, k, 1 << k);
    }

    /** As above with several messages of {@code block} entries each. */
    public static LinearInstance of(RelaxedInstance inst, G1Point[] messages, long[] lambda, int k, int block) {
        Combination[] s = new Combination[inst.numSlots()];
        for (int i = 0; i < s.length; i++) {
            s[i] = Combination.of(inst.slotComm(i));
        }
        return new LinearInstance(s, inst.u().clone(), inst.x().clone(), inst.tau().clone(), messages.clone(),
                lambda.clone(), k, block);
    }

    public int numSlots() {
        return slots.length;
    }

    public int numPublic() {
        return x.length / 4;
    }

    /** The plain instance (one MSM per commitment: tests only). */
    public RelaxedInstance evaluate() {
        G1Point[] w = new G1Point[slots.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = slots[i].evaluate();
        }
        return new RelaxedInstance(w, u.clone(), x.clone(), tau.clone());
    }
}
