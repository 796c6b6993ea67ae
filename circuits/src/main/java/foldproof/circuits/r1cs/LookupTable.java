package foldproof.circuits.r1cs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The lookup table of one layer's tiles: a union of named <em>parts</em> (sub-tables), each a list of
 * distinct small integers with a tag. A query into part {@code p} with value {@code v} is the field element
 * {@code v + tag_p * gamma}; the table's entries are {@code t + tag_p * gamma} for every value {@code t} of
 * every part. {@code gamma} is a challenge drawn after the tile's first-phase commitment, so a query can only
 * match an entry of its own part (docs/protocol.md, "Lookups").
 *
 * <p>Entry {@code j} of the table is entry {@code j - start(p)} of part {@code p}: parts are laid out one after
 * another in the order they were added. Immutable.
 */
public final class LookupTable {
    /** One sub-table. */
    public record Part(String name, long tag, long[] values) { }

    /** Index of the byte part {@code [0, 256)} in every table built by {@link Builder#withBytes()}. */
    public static final int BYTES = 0;

    private final List<Part> parts;
    private final int[] start;
    private final int size;
    private final List<Map<Long, Integer>> index;

    private LookupTable(List<Part> parts) {
        this.parts = List.copyOf(parts);
        this.start = new int[parts.size() + 1];
        this.index = new ArrayList<>();
        for (int p = 0; p < parts.size(); p++) {
            start[p + 1] = start[p] + parts.get(p).values().length;
            Map<Long, Integer> m = new HashMap<>();
            long[] v = parts.get(p).values();
            for (int i = 0; i < v.length; i++) {
                if (m.put(v[i], start[p] + i) != null) {
                    throw new IllegalArgumentException("lookup part " + parts.get(p).name() + " repeats value " + v[i]);
                }
            }
            index.add(m);
        }
        this.size = start[parts.size()];
    }

    /** Builds a table part by part; tags are 1, 2, 3, ... in order. */
    public static final class Builder {
        private final List<Part> parts = new ArrayList<>();

        /** Adds a part; returns its index (what {@link ConstraintSystem#lookup} takes). */
        public int add(String name, long[] values) {
            parts.add(new Part(name, parts.size() + 1, values.clone()));
            return parts.size() - 1;
        }

        /** A builder whose part 0 is {@link #BYTES}, the part gadgets range-check bytes in. */
        public static Builder withBytes() {
            Builder b = new Builder();
            b.range("byte", 8);
            return b;
        }

        /** Adds the part {@code [0, 2^bits)}. */
        public int range(String name, int bits) {
            long[] v = new long[1 << bits];
            for (int i = 0; i < v.length; i++) {
                v[i] = i;
            }
            return add(name, v);
        }

        public LookupTable build() {
            return new LookupTable(parts);
        }
    }

    public int numParts() {
        return parts.size();
    }

    public Part part(int p) {
        return parts.get(p);
    }

    /** Number of entries over all parts (one table-side constraint and one multiplicity each). */
    public int size() {
        return size;
    }

    /** First entry index of part {@code p}. */
    public int start(int p) {
        return start[p];
    }

    /** Entry index of {@code value} in part {@code p}, or -1. */
    public int indexOf(int p, long value) {
        Integer j = index.get(p).get(value);
        return j == null ? -1 : j;
    }

    /** Value of entry {@code j}. */
    public long value(int j) {
        int p = partOf(j);
        return parts.get(p).values()[j - start[p]];
    }

    /** Tag of entry {@code j}. */
    public long tag(int j) {
        return parts.get(partOf(j)).tag();
    }

    /** Part of entry {@code j}. */
    public int partOf(int j) {
        if (j < 0 || j >= size) {
            throw new IndexOutOfBoundsException("table entry " + j + " of " + size);
        }
        int p = Arrays.binarySearch(start, j);
        if (p < 0) {
            return -p - 2;
        }
        while (p + 1 < start.length && start[p + 1] == j) {
            p++;   // empty parts share a start
        }
        return p;
    }
}
