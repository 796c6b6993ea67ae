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
    private final boolean witnessing;

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
        this(auxSlot, recordConstraints, false);
    }

    /**
     * @param witnessing true only for the witness builder: {@link #witnessing()}, and then neither {@link #record}
     *                   nor {@link #recordLookup} is called (it records nothing) while {@link #onAux} is; the other
     *                   builders never see {@link #onAux}. A final field rather than an override, so the gadgets'
     *                   per-constraint calls on the builder are made only by the builders that use them.
     */
    protected ConstraintSystem(int auxSlot, boolean recordConstraints, boolean witnessing) {
        this.witnessing = witnessing;
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
        if (!witnessing) {
            record(a, b, c, numConstraints);
        }
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
        if (witnessing) {
            onAux(numAux);
        }
        return v;
    }

    /** The witness builder's hook on every new AUX variable (it grows its AUX slot); called only when witnessing. */
    protected void onAux(int count) { }

    /** True if {@code var} is an AUX variable (allocated by {@link #aux()}). */
    public final boolean isAux(int var) {
        return Vars.slot(var) == auxSlot;
    }

    /** True when the builder computes witness values (gadgets then call {@link #set}). */
    public final boolean witnessing() {
        return witnessing;
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

    // ---- lookups (docs/protocol.md, "Lookups") ---------------------------------------------------

    private LookupTable table;
    private int lookupSlot = -1;
    private int numLookupVars;
    private int numQueries;
    private long[] queryScale = new long[64];
    private int[] counts;

    /**
     * Turns lookups on for this synthesis: queries go into {@code table}; each query's and each table entry's
     * helper is a variable of slot {@code lookupSlot} (the second-phase slot, committed after the challenges
     * {@code c = x[numPublic-2]} and {@code gamma = x[numPublic-1]}).
     */
    public final void beginLookups(LookupTable t, int slot) {
        this.table = t;
        this.lookupSlot = slot;
        this.counts = new int[t.size()];
    }

    /** Whether this synthesis has a lookup table ({@link #lookup} may be called). */
    public final boolean lookups() {
        return table != null;
    }

    public final LookupTable table() {
        return table;
    }

    /** Number of lookup queries so far. */
    public final int numQueries() {
        return numQueries;
    }

    /** The second-phase slot's index, -1 without lookups. */
    public final int lookupSlot() {
        return lookupSlot;
    }

    /** Number of second-phase (LOOKUP slot) variables allocated. */
    public final int numLookupVars() {
        return numLookupVars;
    }

    private int pubC() {
        return Vars.pub(0);
    }

    private int pubGamma() {
        return Vars.pub(1);
    }

    /**
     * A lookup of {@code num / scale} into part {@code part} of the table: one constraint
     * {@code (scale c - num - scale tag gamma) * h = 1}, {@code h} a new second-phase variable. {@code A} may
     * already hold terms (the caller's {@code -extra}: the query is then {@code (num + extra) / scale}), the way a
     * convolution's accumulator is placed without a copy. The query value must be an integer in the part.
     * {@code scale} must be positive.
     *
     * @param numValue when witnessing: the value of the whole numerator ({@code num + extra}); else ignored
     */
    public final void lookup(Lc num, long numValue, long scale, int part) {
        if (table == null) {
            throw new IllegalStateException("lookup without a table at " + path());
        }
        long v;
        boolean have = true;
        if (witnessing()) {
            v = numValue;
        } else if (valuesKnown()) {
            try {
                v = Math.subtractExact(eval(num), eval(a));
            } catch (ArithmeticException overflow) {
                lookupFailed("lookup: the query overflows 64 bits, so it is not in table '" + table.part(part).name() + "'");
                v = 0;
                have = false;
            }
        } else {
            v = 0;
            have = false;
        }
        if (have) {
            onLookup(v, scale, part);
        }
        if (numQueries == queryScale.length) {
            queryScale = java.util.Arrays.copyOf(queryScale, numQueries * 2);
        }
        queryScale[numQueries++] = scale;
        int h = Vars.of(lookupSlot, numLookupVars++);
        a.add(pubC(), scale).addScaled(num, -1).add(pubGamma(), -Math.multiplyExact(scale, table.part(part).tag()));
        b.add(h, 1);
        c.add(Vars.ONE, 1);
        enforceLookupRow();
    }

    /** {@link #lookup(Lc, long, long, int)} of a single variable (scale 1). */
    public final void lookupVar(int var, int part) {
        Lc q = scratch(3).add(var, 1);
        lookup(q, witnessing() ? value(var) : 0, 1, part);
    }

    /** Whether {@link #value} works (witness and checking builders). */
    protected boolean valuesKnown() {
        return false;
    }

    /** Called for every query whose numerator value is known: checks membership and counts. */
    private void onLookup(long numerator, long scale, int part) {
        if (Math.floorMod(numerator, scale) != 0) {
            lookupFailed("lookup: " + numerator + "/" + scale + " is not an integer, so not in table '" + table.part(part).name() + "'");
            return;
        }
        long v = numerator / scale;
        int j = table.indexOf(part, v);
        if (j < 0) {
            lookupFailed("lookup: value " + v + " is not in table '" + table.part(part).name() + "'");
            return;
        }
        counts[j]++;
    }

    /** A query outside its table: a witness builder throws, a checking builder reports it. */
    protected void lookupFailed(String what) {
        throw new foldproof.circuits.CircuitException(what + " at " + path());
    }

    /** {@link #enforce} for a lookup row: recorded through {@link #recordLookup}. */
    private void enforceLookupRow() {
        if (!witnessing) {
            recordLookup(a, b, c, numConstraints);
        }
        numConstraints++;
        a.clear();
        b.clear();
        c.clear();
    }

    /** A lookup's constraint: recorded like any other, except by a checking builder (helpers are second phase). */
    protected void recordLookup(Lc a, Lc b, Lc c, int index) {
        record(a, b, c, index);
    }

    /**
     * Closes the lookups: one multiplicity per table entry (first-phase AUX, the count of queries that hit it),
     * one constraint {@code (c - t_j - tag_j gamma) * g_j = m_j} per entry and the balance
     * {@code sum_i scale_i h_i - sum_j g_j = 0}. Call once, after the last query.
     */
    public final void finishLookups() {
        if (table == null) {
            return;
        }
        try (var ns = push("lookup-table")) {
            int[] m = new int[table.size()];
            for (int j = 0; j < m.length; j++) {
                m[j] = aux();
                if (witnessing()) {
                    set(m[j], counts[j]);
                }
            }
            checkMultiplicities(m, counts);
            int firstG = numLookupVars;
            for (int j = 0; j < m.length; j++) {
                int g = Vars.of(lookupSlot, numLookupVars++);
                a.add(pubC(), 1).constant(-table.value(j)).add(pubGamma(), -table.tag(j));
                b.add(g, 1);
                c.add(m[j], 1);
                enforceLookupRow();
            }
            for (int i = 0; i < numQueries; i++) {
                a.add(Vars.of(lookupSlot, i), queryScale[i]);
            }
            for (int j = 0; j < m.length; j++) {
                a.add(Vars.of(lookupSlot, firstG + j), -1);
            }
            b.add(Vars.ONE, 1);
            enforceLookupRow();
        }
    }

    /** A checking builder compares the witness's multiplicities with the counted ones. */
    protected void checkMultiplicities(int[] mVars, int[] counted) { }

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
