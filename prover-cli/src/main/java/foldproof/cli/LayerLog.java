package foldproof.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * One plain line per finished layer on stderr, the progress format of {@code prove}, {@code demo},
 * {@code check} and the children of {@code bench depth}:
 * <pre>[  3/18] layer1.0.conv1                  32 tiles    21.20 s</pre>
 * (layer number / layers, layer name, tiles, seconds spent on the layer). The same on a terminal and in a log.
 */
final class LayerLog {
    private LayerLog() { }

    static String line(int layer, int layers, String name, int tiles, long nanos) {
        return String.format(Locale.ROOT, "[%3d/%d] %-28s %5d tiles %8.2f s", layer + 1, layers, name, tiles, nanos / 1e9);
    }

    static void print(PrintWriter err, int layer, int layers, String name, int tiles, long nanos) {
        synchronized (err) {
            err.println(line(layer, layers, name, tiles, nanos));
            err.flush();
        }
    }
}
