package foldproof.circuits.r1cs;

/**
 * What gadget code synthesizes against. The same {@code synthesize} runs against three builders:
 * {@link ShapeBuilder} (records A, B, C once per layer), {@link WitnessBuilder} (computes AUX values as
 * small longs) and {@link CheckingBuilder} (evaluates each constraint on a given witness and names the
 * first failure by its namespace path).
 *
 * <p>Usage: fill {@link #a()}, {@link #b()}, {@link #c()} then call {@link #enforce()} for
 * {@code A * B = C}. Constants are multiples of {@link Vars#ONE}. AUX variables come from {@link #aux()};
 * a gadget sets their values with {@link #set} only when {@link #witnessing()}.
 *
 * <p>Labels are lazy (arkworks-style namespaces, gnark-style zero cost when unused): {@link #push} stores a
 * name and up to three (key, int) pairs on a stack of arrays; nothing is formatted unless a failure is
 * reported. {@code try (var ns = cs.push("requant", "c", c, "x", x)) { ... }}.
 */
public abstract class ConstraintSystem implements Scope {
    private final Lc a;
    private final Lc b;
    private final Lc c;
    private final Lc[] spare = {new Lc(), new Lc(), new Lc(), new Lc()};
    protected int numConstraints;
    protected int numAux;
    protected final int auxSlot;

    private int depth;
    private String[] names = new String[16];
    private String[][] keys = new String[16][3];
    private int[][] values = new int[16][3];
    private int[] arity = new int[16];

    protected ConstraintSystem(int auxSlot) {
        this(auxSlot, true);
    }

    /** @param recordConstraints false for a witness builder: A, B, C then ignore additions (gadgets must
     *                           evaluate inputs built in {@link #scratch} Lcs, never in A, B, C) */
    protected ConstraintSystem(int auxSlot, boolean recordConstraints) {
        this.auxSlot = auxSlot;
        this.a = new Lc(recordConstraints);
        this.b = new Lc(recordConstraints);
        this.c = new Lc(recordConstraints);
    }

    public final Lc a() { return a; }

    public final Lc b() { return b; }

    public final Lc c() { return c; }

    /** Scratch linear combination {@code i} (0..3) for gadgets that build operands before using them. */
    public final Lc scratch(int i) {
        return spare[i].clear();
    }

    /** Records {@code A * B = C} from the three scratch combinations, then clears them. */
    public final void enforce() {
        record(a, b, c, numConstraints);
        numConstraints++;
        a.clear();
        b.clear();
        c.clear();
    }

    protected abstract void record(Lc a, Lc b, Lc c, int index);

    /**
     * True when convolution weight terms are to be described ({@link #addConvTerms}) instead of added to
     * C: only a verifier's {@link ShapeBuilder}. A gadget that honours it must produce exactly the terms it
     * would have added.
     */
    public boolean structuredTerms() {
        return false;
    }

    /** Describes terms of C instead of adding them (only when {@link #structuredTerms}). */
    public void addConvTerms(ConvTerms t) {
        throw new IllegalStateException(getClass().getSimpleName() + " does not take described terms");
    }

    /** Allocates the next AUX variable (value 0 until {@link #set}). */
    public final int aux() {
        int v = Vars.of(auxSlot, numAux);
        numAux++;
        onAux(numAux);
        return v;
    }

    protected void onAux(int count) { }

    /** True if {@code var} is an AUX variable (allocated by {@link #aux()}). */
    public final boolean isAux(int var) {
        return Vars.slot(var) == auxSlot;
    }

    /** True when the builder computes witness values (gadgets then call {@link #set}). */
    public boolean witnessing() {
        return false;
    }

    /** Sets the value of a variable (witness mode only). */
    public void set(int var, long value) {
        throw new IllegalStateException("not a witness builder");
    }

    /** Value of a variable (witness and checking modes). */
    public long value(int var) {
        throw new IllegalStateException("no witness values in a shape builder");
    }

    /**
     * The values of a whole slot (witness mode only), for gadgets that evaluate a large linear combination
     * directly instead of building it: only the value matters when witnessing, since nothing is recorded.
     */
    public long[] slotValues(int slot) {
        throw new IllegalStateException("not a witness builder");
    }

    /** Exact integer value of a linear combination (witness and checking modes). */
    public final long eval(Lc lc) {
        long s = 0;
        for (int i = 0; i < lc.size; i++) {
            s = Math.addExact(s, Math.multiplyExact(lc.coeffs[i], value(lc.vars[i])));
        }
        return s;
    }

    public int numConstraints() { return numConstraints; }

    public int numAux() { return numAux; }

    // ---- namespaces -------------------------------------------------------------------------------

    public final Scope push(String name) {
        return pushN(name, 0, null, 0, null, 0, null, 0);
    }

    /** Formats as {@code "name v"}, e.g. {@code tile 5}. */
    public final Scope push(String name, int v) {
        return pushN(name, -1, null, v, null, 0, null, 0);
    }

    public final Scope push(String name, String k1, int v1) {
        return pushN(name, 1, k1, v1, null, 0, null, 0);
    }

    public final Scope push(String name, String k1, int v1, String k2, int v2) {
        return pushN(name, 2, k1, v1, k2, v2, null, 0);
    }

    public final Scope push(String name, String k1, int v1, String k2, int v2, String k3, int v3) {
        return pushN(name, 3, k1, v1, k2, v2, k3, v3);
    }

    private Scope pushN(String name, int n, String k1, int v1, String k2, int v2, String k3, int v3) {
        if (depth == names.length) {
            names = java.util.Arrays.copyOf(names, depth * 2);
            keys = java.util.Arrays.copyOf(keys, depth * 2);
            values = java.util.Arrays.copyOf(values, depth * 2);
            arity = java.util.Arrays.copyOf(arity, depth * 2);
            for (int i = depth; i < names.length; i++) {
                keys[i] = new String[3];
                values[i] = new int[3];
            }
        }
        names[depth] = name;
        arity[depth] = n;
        keys[depth][0] = k1;
        keys[depth][1] = k2;
        keys[depth][2] = k3;
        values[depth][0] = v1;
        values[depth][1] = v2;
        values[depth][2] = v3;
        depth++;
        return this;
    }

    /** Pops the innermost namespace. */
    @Override
    public final void close() {
        depth--;
    }

    /** The current namespace path, e.g. {@code layer3.conv2/tile 5/requant[c=12, x=7]}. Formats now. */
    public final String path() {
        StringBuilder sb = new StringBuilder();
        for (int d = 0; d < depth; d++) {
            if (d > 0) {
                sb.append('/');
            }
            sb.append(names[d]);
            if (arity[d] < 0) {
                sb.append(' ').append(values[d][0]);
            } else if (arity[d] > 0) {
                sb.append('[');
                for (int i = 0; i < arity[d]; i++) {
                    if (i > 0) {
                        sb.append(", ");
                    }
                    sb.append(keys[d][i]).append('=').append(values[d][i]);
                }
                sb.append(']');
            }
        }
        return sb.toString();
    }
}
