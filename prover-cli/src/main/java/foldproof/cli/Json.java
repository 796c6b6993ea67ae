package foldproof.cli;

import java.util.Locale;

/** Hand-written one-line JSON results ({@code verify --json}, {@code prove --json}, the bench children). */
final class Json {
    private Json() { }

    static String result(boolean valid, String reason, int label, String labelName, long[] logits, String model,
                         double seconds) {
        StringBuilder sb = new StringBuilder("{");
        sb.append("\"valid\":").append(valid);
        sb.append(",\"reason\":").append(str(reason));
        sb.append(",\"label\":").append(label < 0 ? "null" : Integer.toString(label));
        sb.append(",\"labelName\":").append(str(labelName));
        sb.append(",\"logits\":").append(longs(logits));
        sb.append(",\"model\":").append(str(model));
        sb.append(",\"seconds\":").append(String.format(Locale.ROOT, "%.3f", seconds));
        return sb.append('}').toString();
    }

    static String longs(long[] v) {
        if (v == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) {
            sb.append(i == 0 ? "" : ",").append(v[i]);
        }
        return sb.append(']').toString();
    }

    static String str(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                default:
                    if (c < 0x20) {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        return sb.append('"').toString();
    }
}
