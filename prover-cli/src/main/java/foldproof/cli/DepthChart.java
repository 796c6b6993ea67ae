package foldproof.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Hand-written SVG for {@code bench depth}: two panels, prover peak RSS (MiB) and prove time (s) against
 * network depth, one line per model family (real CIFAR ResNet-20/56, demo ImageNet ResNet-18/34), each
 * point labelled with its value. No dependencies; the output is deterministic for given measurements.
 */
final class DepthChart {
    private static final int PANEL_W = 400;
    private static final int PANEL_H = 280;
    private static final int LEFT = 60;
    private static final int RIGHT = 20;
    private static final int TOP = 40;
    private static final int BOTTOM = 50;
    private static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd"};

    private DepthChart() { }

    static String svg(List<BenchDepthCommand.Row> rows, String jvm) {
        int w = 2 * PANEL_W;
        int h = PANEL_H + 40;
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"11\">%n",
                w, h, w, h));
        sb.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", w, h));
        Map<String, List<BenchDepthCommand.Row>> fam = new LinkedHashMap<>();
        for (BenchDepthCommand.Row r : rows) {
            fam.computeIfAbsent(r.model().family(), k -> new ArrayList<>()).add(r);
        }
        panel(sb, 0, "prover peak RSS (MiB)", fam, r -> BenchDepthCommand.mib(r.prove().path("peakRssBytes").asLong()), "%.0f");
        panel(sb, PANEL_W, "prove time (s)", fam, r -> r.prove().path("proveSeconds").asDouble(), "%.1f");
        int ly = PANEL_H + 8;
        int lx = LEFT;
        int i = 0;
        for (String f : fam.keySet()) {
            String c = COLORS[i++ % COLORS.length];
            sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>%n", lx, ly, c));
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>%n", lx + 16, ly + 10, esc(f)));
            lx += 30 + 7 * f.length();
        }
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"#555\">foldproof bench depth; child JVMs %s</text>%n",
                LEFT, ly + 28, esc(jvm)));
        return sb.append("</svg>\n").toString();
    }

    private static void panel(StringBuilder sb, int x0, String title, Map<String, List<BenchDepthCommand.Row>> fam,
                              ToDoubleFunction<BenchDepthCommand.Row> value, String fmt) {
        double maxV = 0;
        int maxD = 10;
        for (List<BenchDepthCommand.Row> rs : fam.values()) {
            for (BenchDepthCommand.Row r : rs) {
                maxV = Math.max(maxV, value.applyAsDouble(r));
                maxD = Math.max(maxD, r.model().depth());
            }
        }
        maxV = niceCeil(maxV);
        maxD = (maxD + 9) / 10 * 10;
        int pw = PANEL_W - LEFT - RIGHT;
        int ph = PANEL_H - TOP - BOTTOM;
        int ox = x0 + LEFT;
        int oy = TOP + ph;
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"13\" font-weight=\"bold\">%s vs depth</text>%n",
                ox, TOP - 16, esc(title)));
        sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n", ox, oy, ox + pw, oy));
        sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n", ox, oy, ox, TOP));
        for (int k = 0; k <= 4; k++) {
            double v = maxV * k / 4;
            int y = oy - (int) Math.round(ph * k / 4.0);
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#ddd\"/>%n", ox + 1, y, ox + pw, y));
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n", ox - 4, y + 4,
                    String.format(Locale.ROOT, maxV >= 10 ? "%.0f" : "%.1f", v)));
        }
        for (int d = 0; d <= maxD; d += 10) {
            int x = ox + (int) Math.round((double) pw * d / maxD);
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%d</text>%n", x, oy + 14, d));
        }
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">depth (ResNet-N)</text>%n",
                ox + pw / 2, oy + 30));
        int i = 0;
        for (List<BenchDepthCommand.Row> rs : fam.values()) {
            String c = COLORS[i++ % COLORS.length];
            StringBuilder pts = new StringBuilder();
            for (BenchDepthCommand.Row r : rs) {
                double v = value.applyAsDouble(r);
                int x = ox + (int) Math.round((double) pw * r.model().depth() / maxD);
                int y = oy - (int) Math.round(ph * v / maxV);
                pts.append(x).append(',').append(y).append(' ');
                sb.append(String.format(Locale.ROOT, "<circle cx=\"%d\" cy=\"%d\" r=\"4\" fill=\"%s\"/>%n", x, y, c));
                sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"%s\">%s: %s</text>%n",
                        x, y - 8, c, esc(r.model().key()), String.format(Locale.ROOT, fmt, v)));
            }
            sb.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>%n",
                    pts.toString().trim(), c));
        }
    }

    /** The smallest of 1, 2, 2.5, 5 times a power of ten that is at least {@code v} (at least 1). */
    static double niceCeil(double v) {
        if (!(v > 0)) {
            return 1;
        }
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * p >= v) {
                return m * p;
            }
        }
        return 10 * p;
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
