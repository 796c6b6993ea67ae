package foldproof.cli;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Progress of a counted task on stderr. On a terminal: a redrawn progress bar (me.tongfei progressbar).
 * Otherwise (CI logs, {@code 2> file}, a parent process reading a pipe) a bar would leave one line per
 * redraw, so a few plain lines are printed instead: {@code eval: 250/1000 (25%) 12.3 s} at every quarter.
 * Layered work (proving, checking) prints one line per finished layer instead: see {@link LayerLog}.
 *
 * <p>{@link #mode} decides: {@code FOLDPROOF_PROGRESS=bar|lines|none} if set, else a bar only when stderr is
 * a terminal and the command writes to the real stderr (not a test's writer).
 */
final class Progress implements AutoCloseable {
    /** How progress is shown. */
    enum Mode { BAR, LINES, NONE }

    private final ProgressBar bar;
    private final PrintWriter err;
    private final String task;
    private final long max;
    private final long t0 = System.nanoTime();
    private final AtomicLong done = new AtomicLong();
    private final String unit;
    private final long unitSize;

    Progress(String task, long max, PrintWriter err, Mode mode) {
        this(task, max, err, mode, "", 1);
    }

    /** Counts in {@code unitSize} steps shown as {@code unit} (e.g. bytes shown as " MiB", 1 << 20). */
    Progress(String task, long max, PrintWriter err, Mode mode, String unit, long unitSize) {
        this.task = task;
        this.max = max;
        this.unit = unit;
        this.unitSize = unitSize;
        this.err = mode == Mode.LINES ? err : null;
        bar = mode == Mode.BAR ? new ProgressBarBuilder().setTaskName(task).setInitialMax(max).setStyle(ProgressBarStyle.ASCII)
                .setUnit(unit, unitSize).setUpdateIntervalMillis(250).setConsumer(new ConsoleProgressBarConsumer(System.err, 100))
                .build() : null;
    }

    /** The mode for a command writing progress to {@code err}; {@code enabled = false} (e.g. {@code --no-progress}) is NONE. */
    static Mode mode(PrintWriter err, boolean enabled) {
        if (!enabled) {
            return Mode.NONE;
        }
        String env = System.getenv("FOLDPROOF_PROGRESS");
        if (env != null) {
            switch (env.strip().toLowerCase(Locale.ROOT)) {
                case "bar":
                    return err == Main.STDERR ? Mode.BAR : Mode.LINES;
                case "lines":
                    return Mode.LINES;
                case "none":
                    return Mode.NONE;
                default:
                    break;
            }
        }
        return err == Main.STDERR && stderrIsTerminal() ? Mode.BAR : Mode.LINES;
    }

    /** True if file descriptor 2 is a terminal ({@code /proc/self/fd/2} on Linux, else {@code System.console()}). */
    static boolean stderrIsTerminal() {
        if ("dumb".equals(System.getenv("TERM"))) {
            return false;
        }
        Path fd2 = Path.of("/proc/self/fd/2");
        try {
            if (Files.isSymbolicLink(fd2)) {
                String target = Files.readSymbolicLink(fd2).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
            }
        } catch (java.io.IOException | RuntimeException e) {
            // fall through
        }
        return System.console() != null;
    }

    void step() {
        stepBy(1);
    }

    void stepBy(long n) {
        if (bar != null) {
            bar.stepBy(n);
        } else if (err != null && max > 0) {
            long before = done.getAndAdd(n);
            long after = before + n;
            long q0 = before * 4 / max;
            long q1 = after * 4 / max;
            if (q1 > q0) {
                synchronized (err) {
                    if (unitSize == 1) {
                        err.printf(Locale.ROOT, "%s: %d/%d (%d%%) %.1f s%n", task, after, max, after * 100 / max,
                                (System.nanoTime() - t0) / 1e9);
                    } else {
                        err.printf(Locale.ROOT, "%s: %.1f/%.1f%s (%d%%) %.1f s%n", task, (double) after / unitSize,
                                (double) max / unitSize, unit, after * 100 / max, (System.nanoTime() - t0) / 1e9);
                    }
                    err.flush();
                }
            }
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
