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
    /** CPU time of this process so far (all threads), in seconds, or -1. */
    static double cpuSeconds() {
        return ProcessHandle.current().info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(-1.0);
    }

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

    private static final java.util.concurrent.atomic.AtomicLong LIVE_PEAK = new java.util.concurrent.atomic.AtomicLong(-1);

    /**
     * Starts tracking the live-heap peak: the largest heap occupancy right after a full collection (every
     * old-generation or whole-heap collection), i.e. the most live data seen, whatever garbage the collector
     * let accumulate between collections. Read with {@link #peakLiveHeapBytes}.
     */
    static void trackLiveHeap() {
        for (java.lang.management.GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (!(gc instanceof javax.management.NotificationEmitter emitter)) {
                continue;
            }
            emitter.addNotificationListener((n, hb) -> {
                if (!com.sun.management.GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
                    return;
                }
                var info = com.sun.management.GarbageCollectionNotificationInfo.from(
                        (javax.management.openmbean.CompositeData) n.getUserData());
                if (!info.getGcAction().contains("major")) {
                    return;
                }
                long used = 0;
                for (var u : info.getGcInfo().getMemoryUsageAfterGc().values()) {
                    used += u.getUsed();
                }
                LIVE_PEAK.accumulateAndGet(used, Math::max);
            }, null, null);
        }
    }

    /** The live-heap peak in bytes ({@link #trackLiveHeap}), or -1 if no full collection happened. */
    static long peakLiveHeapBytes() {
        return LIVE_PEAK.get();
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
