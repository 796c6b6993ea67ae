package foldproof.circuits.r1cs;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Evaluates every constraint a gadget synthesizes on an assignment of <em>field elements</em> (BigInteger
 * residues mod r, so also fractions such as 2^-8) and lists all that fail, not only the first: what a
 * mutation test needs to show that an assignment violates exactly one constraint. Gadget code runs in
 * non-witness mode, as against a {@link ShapeBuilder}.
 */
public final class FieldChecker extends ConstraintSystem {
    private static final BigInteger R = CheckingBuilder.R;
    private final BigInteger[][] slots;
    private final BigInteger[] publicInputs;
    private final List<Integer> failing = new ArrayList<>();

    private FieldChecker(int auxSlot, BigInteger[][] slots, BigInteger[] publicInputs) {
        super(auxSlot);
        this.slots = slots;
        this.publicInputs = publicInputs;
    }

    /** Indices of the constraints {@code gadget} emits that the assignment fails ({@code A z * B z != C z mod r}). */
    public static List<Integer> failing(int auxSlot, BigInteger[][] slots, BigInteger[] publicInputs,
                                        Consumer<ConstraintSystem> gadget) {
        FieldChecker fc = new FieldChecker(auxSlot, slots, publicInputs);
        gadget.accept(fc);
        return fc.failing;
    }

    /** Number of constraints {@code gadget} emits. */
    public static int count(int auxSlot, Consumer<ConstraintSystem> gadget) {
        FieldChecker fc = new FieldChecker(auxSlot, new BigInteger[0][], new BigInteger[0]);
        gadget.accept(fc);
        return fc.numConstraints();
    }

    private BigInteger field(int var) {
        int s = Vars.slot(var);
        int p = Vars.pos(var);
        if (s == Vars.U_SLOT) {
            return BigInteger.ONE;
        }
        BigInteger[] arr = s == Vars.PUB_SLOT ? publicInputs : (s < slots.length ? slots[s] : new BigInteger[0]);
        return p < arr.length && arr[p] != null ? arr[p] : BigInteger.ZERO;
    }

    private BigInteger evalMod(Lc lc) {
        BigInteger sum = BigInteger.ZERO;
        for (int i = 0; i < lc.size; i++) {
            sum = sum.add(BigInteger.valueOf(lc.coeffs[i]).multiply(field(lc.vars[i])));
        }
        return sum.mod(R);
    }

    @Override
    protected void record(Lc a, Lc b, Lc c, int index) {
        if (slots.length == 0) {
            return;   // counting only
        }
        BigInteger lhs = evalMod(a).multiply(evalMod(b)).mod(R);
        if (!lhs.equals(evalMod(c))) {
            failing.add(index);
        }
    }
}
