package foldproof.circuits.r1cs;

import java.math.BigInteger;

/**
 * Evaluates every constraint on a given witness as it is synthesized and remembers the first failing
 * one with its namespace path (formatted only then). Integer arithmetic is exact; on long overflow the
 * constraint is evaluated modulo the BN254 scalar field r with BigInteger.
 */
public final class CheckingBuilder extends ConstraintSystem {
    /** BN254 scalar field modulus r. */
    public static final BigInteger R = new BigInteger(
            "21888242871839275222246405745257275088548364400416034343698204186575808495617");

    private final long[][] slots;
    private final long[] publicInputs;
    private int failedIndex = -1;
    private String failedPath;
    private String failedDetail;

    public CheckingBuilder(int auxSlot, long[][] slots, long[] publicInputs) {
        super(auxSlot);
        this.slots = slots;
        this.publicInputs = publicInputs;
    }

    @Override
    public long value(int var) {
        int s = Vars.slot(var);
        if (s == Vars.U_SLOT) {
            return 1;
        }
        if (s == Vars.PUB_SLOT) {
            int p = Vars.pos(var);
            return p < publicInputs.length ? publicInputs[p] : 0;
        }
        long[] arr = slots[s];
        int p = Vars.pos(var);
        return p < arr.length ? arr[p] : 0;
    }

    @Override
    protected void record(Lc a, Lc b, Lc c, int index) {
        if (failedIndex >= 0) {
            return;
        }
        boolean ok;
        String detail;
        try {
            long av = eval(a);
            long bv = eval(b);
            long cv = eval(c);
            ok = MatVec.productEquals(av, bv, cv);
            detail = "A=" + av + " B=" + bv + " C=" + cv;
        } catch (ArithmeticException overflow) {
            BigInteger av = evalBig(a);
            BigInteger bv = evalBig(b);
            BigInteger cv = evalBig(c);
            ok = av.multiply(bv).subtract(cv).mod(R).signum() == 0;
            detail = "A=" + av + " B=" + bv + " C=" + cv + " (mod r)";
        }
        if (!ok) {
            failedIndex = index;
            failedPath = path();
            failedDetail = detail;
        }
    }

    private BigInteger evalBig(Lc lc) {
        BigInteger s = BigInteger.ZERO;
        for (int i = 0; i < lc.size; i++) {
            s = s.add(BigInteger.valueOf(lc.coeffs[i]).multiply(BigInteger.valueOf(value(lc.vars[i]))));
        }
        return s;
    }

    @Override
    protected boolean valuesKnown() {
        return true;
    }

    /** Lookup rows hold second-phase helpers, unknown here: the lookups are checked by membership instead. */
    @Override
    protected void recordLookup(Lc a, Lc b, Lc c, int index) { }

    @Override
    protected void lookupFailed(String what) {
        if (failedIndex < 0) {
            failedIndex = numConstraints;
            failedPath = path();
            failedDetail = what;
        }
    }

    @Override
    protected void checkMultiplicities(int[] mVars, int[] counted) {
        for (int j = 0; j < mVars.length && failedIndex < 0; j++) {
            long have = value(mVars[j]);
            if (have != counted[j]) {
                failedIndex = numConstraints;
                failedPath = path() + "[entry=" + j + "]";
                failedDetail = "multiplicity of table '" + table().part(table().partOf(j)).name() + "' value " + table().value(j)
                        + " is " + have + ", the tile's queries hit it " + counted[j] + " times";
            }
        }
    }

    /** Index of the first failing constraint, or -1. */
    public int failedIndex() { return failedIndex; }

    public String failedPath() { return failedPath; }

    public String failedDetail() { return failedDetail; }
}
