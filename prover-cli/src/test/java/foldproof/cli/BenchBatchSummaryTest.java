package foldproof.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code bench batch}'s summary: the ratios against the smallest N, and a peak-RSS ratio flagged when a run never collected in full. */
class BenchBatchSummaryTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static BenchBatchCommand.Row row(int n, double prove, long rssMiB, long liveMiB) {
        return new BenchBatchCommand.Row(n, "inprocess", prove, 2 * prove, 0.5 + n / 32.0, 0.6, 1000L * n, rssMiB << 20, liveMiB << 20,
                true, true);
    }

    @Test
    void ratiosWhenBothRunsCollectedInFull() throws Exception {
        BenchBatchCommand.Row base = row(1, 12, 360, 42);
        BenchBatchCommand.Row big = row(32, 192, 378, 44);
        String text = BenchBatchCommand.summary(base, big, null, true, false, "m", "-Xmx256m");
        assertTrue(text.startsWith("N=32 vs N=1: per-image prove 0.50x"), text);
        assertTrue(text.contains("peak RSS 1.05x (target <= 1.2; live heap 1.05x)"), text);
        assertFalse(text.contains("NOT COMPARABLE"), text);
        JsonNode j = JSON.readTree(BenchBatchCommand.summary(base, big, null, true, true, "m", "-Xmx256m"));
        assertEquals(1.05, j.path("peakRssRatio").asDouble(), 1e-3);
        assertTrue(j.path("peakRssComparable").asBoolean(), j::toString);
        assertTrue(j.path("sparkToInProcess").isNull(), j::toString);
    }

    @Test
    void peakRssFlaggedWhenARunNeverFilledTheHeap() throws Exception {
        BenchBatchCommand.Row base = row(1, 12, 314, 0);
        BenchBatchCommand.Row big = row(32, 192, 618, 71);
        String text = BenchBatchCommand.summary(base, big, null, true, false, "m", "-Xmx512m");
        assertTrue(text.contains("peak RSS 1.97x"), text);
        assertTrue(text.contains("NOT COMPARABLE: N=1 had no full collection"), text);
        JsonNode j = JSON.readTree(BenchBatchCommand.summary(base, big, null, true, true, "m", "-Xmx512m"));
        assertFalse(j.path("peakRssComparable").asBoolean(), j::toString);
        assertTrue(j.path("peakLiveHeapRatio").isNull(), j::toString);
    }
}
