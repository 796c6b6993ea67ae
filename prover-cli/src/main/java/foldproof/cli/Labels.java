package foldproof.cli;

import foldproof.quantizer.model.QModel;

import java.util.ArrayList;
import java.util.List;

/** Class names and top-k formatting for proof summaries. */
final class Labels {
    private Labels() { }

    static String name(QModel m, int label) {
        String[] l = m.labels();
        return l != null && label >= 0 && label < l.length ? l[label] : null;
    }

    static String describe(QModel m, int label) {
        String n = name(m, label);
        return n == null ? Integer.toString(label) : label + " (" + n + ")";
    }

    /** Indices of the k largest logits, largest first (first index on ties). */
    static int[] topK(long[] logits, int k) {
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < logits.length; i++) {
            idx.add(i);
        }
        idx.sort((a, b) -> logits[a] != logits[b] ? Long.compare(logits[b], logits[a]) : Integer.compare(a, b));
        int n = Math.min(k, logits.length);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = idx.get(i);
        }
        return out;
    }

    static String top5(QModel m, long[] logits) {
        StringBuilder sb = new StringBuilder();
        for (int i : topK(logits, 5)) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(describe(m, i)).append('=').append(logits[i]);
        }
        return sb.toString();
    }
}
