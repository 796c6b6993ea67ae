package foldproof.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Peak memory of this process: resident set high-water mark (Linux {@code VmHWM}) and peak Java heap. */
final class PeakMemory {
    private PeakMemory() { }

    /** Peak resident set size in bytes, or -1 where {@code /proc/self/status} is unavailable. */
    static long peakRssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    String[] f = line.substring(6).trim().split("\\s+");
                    return Long.parseLong(f[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** Sum of the heap pools' peak usage in bytes. */
    static long peakHeapBytes() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP && p.getPeakUsage() != null) {
                sum += p.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    static String describe() {
        long rss = peakRssBytes();
        String heap = String.format(Locale.ROOT, "heap peak %.1f MiB", peakHeapBytes() / 1048576.0);
        return rss < 0 ? heap : String.format(Locale.ROOT, "%.1f MiB RSS (%s)", rss / 1048576.0, heap);
    }
}
