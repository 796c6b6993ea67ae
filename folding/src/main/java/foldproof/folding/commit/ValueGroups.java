package foldproof.folding.commit;

import foldproof.bn254.fr.Fr;

import java.util.HashMap;
import java.util.function.IntPredicate;

/**
 * Equal field elements of a vector, grouped: {@code group[i]} in {@code [0, count)} for each kept entry {@code i},
 * -1 for a skipped one, and {@code first[g]} the first entry of group {@code g}. Keyed on the lowest limb, every
 * member checked against its group's first entry (a clash of lowest limbs only costs a group of its own). For
 * commitments of vectors with few distinct values ({@link PedersenKey#commitGrouped}, the lookup helpers' denominators).
 *
 * @param group per entry, its group or -1
 * @param first per group, its first entry
 * @param count number of groups
 */
public record ValueGroups(int[] group, int[] first, int count) {
    /** Groups the entries {@code i < n} of {@code v} (4 limbs each) that {@code keep} accepts. */
    public static ValueGroups of(long[] v, int n, IntPredicate keep) {
        HashMap<Long, Integer> byLimb = new HashMap<>();
        int[] group = new int[n];
        int[] first = new int[64];
        int count = 0;
        for (int i = 0; i < n; i++) {
            if (!keep.test(i)) {
                group[i] = -1;
                continue;
            }
            int o = 4 * i;
            Integer g = byLimb.get(v[o]);
            if (g != null && Fr.equal(v, o, v, 4 * first[g])) {
                group[i] = g;
                continue;
            }
            if (count == first.length) {
                first = java.util.Arrays.copyOf(first, 2 * first.length);
            }
            first[count] = i;
            if (g == null) {
                byLimb.put(v[o], count);
            }
            group[i] = count++;
        }
        return new ValueGroups(group, java.util.Arrays.copyOf(first, count), count);
    }

    /** Each group's value taken from {@code src} at its first entry (4 limbs each). */
    public long[] values(long[] src) {
        long[] out = new long[4 * count];
        for (int g = 0; g < count; g++) {
            System.arraycopy(src, 4 * first[g], out, 4 * g, 4);
        }
        return out;
    }
}
