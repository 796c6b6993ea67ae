package foldproof.circuits.r1cs;

/**
 * Logical variable ids used while synthesizing: {@code (slot << 24) | position}. Slot {@code s < 125} is
 * layout slot {@code s}; {@link #ONE} is {@code u} (the constant 1 of a fresh instance); {@link #pub(int)}
 * is public input {@code j}. The shape builder maps ids to columns of {@code z} once the layout is known.
 * Ints, not objects: a tile has hundreds of thousands of variables.
 */
public final class Vars {
    /** Maximum number of witness slots in one layout. */
    public static final int MAX_SLOTS = 125;
    static final int U_SLOT = 126;
    static final int PUB_SLOT = 127;
    static final int POS_BITS = 24;
    static final int POS_MASK = (1 << POS_BITS) - 1;

    /** The constant-one column u. */
    public static final int ONE = U_SLOT << POS_BITS;

    private Vars() { }

    public static int of(int slot, int pos) {
        if (slot < 0 || slot >= MAX_SLOTS || pos < 0 || pos > POS_MASK) {
            throw new IllegalArgumentException("variable out of range: slot " + slot + " pos " + pos);
        }
        return (slot << POS_BITS) | pos;
    }

    public static int pub(int j) {
        return (PUB_SLOT << POS_BITS) | j;
    }

    public static int slot(int var) {
        return var >>> POS_BITS;
    }

    public static int pos(int var) {
        return var & POS_MASK;
    }
}
