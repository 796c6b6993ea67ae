package foldproof.circuits.r1cs;

import java.util.List;

/**
 * Where each witness slot lives in {@code z = (W, u, x)}.
 *
 * <p>The witness {@code W} is a sequence of slots. Every slot is zero-padded to a power of two and
 * placed at an offset that is a multiple of its padded length (slots sorted by decreasing padded length),
 * so the multilinear extension of {@code W} splits into one MLE per slot. {@code W} has length
 * {@link #witnessLength()} (a power of two); column {@code witnessLength()} is {@code u} (the constant 1 in
 * a fresh instance) and columns {@code witnessLength()+1 ..} are the public inputs {@code x}.
 *
 * <p>IN, SKIP and OUT slots hold exactly one activation row each (all channels of one y, order
 * {@code c*width + x}), so each is committed once in the proof's row table and reused by every tile that
 * reads it. Several IN/SKIP rows make several slots. AUX holds everything else.
 */
public record SegmentLayout(List<Slot> slots, int witnessLength, int numPublic) {
    public enum Kind { IN, SKIP, OUT, AUX }

    /**
     * @param kind    segment kind
     * @param index   position within its segment (row {@code index} of the IN window, etc.)
     * @param length  number of meaningful entries (row length for activation rows)
     * @param padded  power of two {@code >= length}
     * @param offset  start column in {@code z}, a multiple of {@code padded}
     */
    public record Slot(Kind kind, int index, int length, int padded, int offset) { }

    public SegmentLayout {
        slots = List.copyOf(slots);
    }

    /** Column of {@code u} in {@code z}. */
    public int uColumn() {
        return witnessLength;
    }

    /** Number of columns of z: witness, u, public inputs. */
    public int zLength() {
        return witnessLength + 1 + numPublic;
    }
}
