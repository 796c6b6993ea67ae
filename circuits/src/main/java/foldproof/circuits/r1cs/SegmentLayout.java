package foldproof.circuits.r1cs;

import java.util.ArrayList;
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
 * {@code c*rowStride + x}, {@code rowStride} the width rounded up to a power of two), so each is committed once in the proof's row table and reused by every tile that
 * reads it. Several IN/SKIP rows make several slots. AUX holds everything else of the first phase; LOOKUP (only
 * in a layer with lookups, after AUX) holds the second-phase helpers of the lookup argument, computed and
 * committed after the tile's challenges {@code c, gamma} (the last two public inputs) are drawn.
 *
 * <p>The {@link #slots()} list is in kind order: IN 0..k-1, SKIP 0..j-1, OUT (absent in the head layer,
 * whose outputs are the public inputs), AUX, LOOKUP (if any). Offsets are assigned separately by decreasing padded length;
 * always use {@link Slot#offset()}.
 */
public record SegmentLayout(List<Slot> slots, int witnessLength, int numPublic) {
    public enum Kind { IN, SKIP, OUT, AUX, LOOKUP }

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

    /**
     * Builds a layout: slot {@code i} has kind {@code kinds.get(i)} and {@code lengths[i]} entries (index =
     * its position among slots of its kind). Padded lengths are powers of two ({@code >= 1}); slots are
     * placed by decreasing padded length (stable), so each offset is a multiple of its padded length.
     */
    public static SegmentLayout build(List<Kind> kinds, int[] lengths, int numPublic) {
        int n = kinds.size();
        int[] padded = new int[n];
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            padded[i] = nextPow2(lengths[i]);
            order[i] = i;
        }
        java.util.Arrays.sort(order, (x, y) -> Integer.compare(padded[y], padded[x]));
        int[] offset = new int[n];
        long at = 0;
        for (int i : order) {
            offset[i] = (int) at;
            at += padded[i];
        }
        if (at > (1L << 30)) {
            throw new IllegalArgumentException("witness too long: " + at);
        }
        int[] perKind = new int[Kind.values().length];
        List<Slot> slots = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Kind k = kinds.get(i);
            slots.add(new Slot(k, perKind[k.ordinal()]++, lengths[i], padded[i], offset[i]));
        }
        return new SegmentLayout(slots, nextPow2((int) at), numPublic);
    }

    /** Smallest power of two {@code >= max(v, 1)}. */
    public static int nextPow2(int v) {
        return v <= 1 ? 1 : Integer.highestOneBit(v - 1) << 1;
    }

    /** Number of slots of a kind. */
    public int count(Kind kind) {
        int c = 0;
        for (Slot s : slots) {
            if (s.kind() == kind) {
                c++;
            }
        }
        return c;
    }

    /** Total meaningful (unpadded) witness entries. */
    public int witnessEntries() {
        int t = 0;
        for (Slot s : slots) {
            t += s.length();
        }
        return t;
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
