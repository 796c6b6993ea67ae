package foldproof.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code bench depth} plumbing on the tiny model: child JVMs, their JSON, the chart. */
class BenchDepthCommandTest {
    @TempDir
    Path tmp;

    @Test
    void tinyModelRunsInChildJvmsAndReportsPeakRss() throws Exception {
        Path svg = tmp.resolve("depth.svg");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute("bench", "depth", "--models", "tiny", "--json", "--xmx", "512m",
                "--chart", svg.toString(), "--work", tmp.resolve("work").toString(), "--timeout", "5");
        assertEquals(0, code, () -> "stdout:\n" + out + "\nstderr:\n" + err);
        String[] lines = out.toString().trim().split("\n");
        assertEquals(2, lines.length, out::toString);
        JsonNode row = new ObjectMapper().readTree(lines[0]);
        assertEquals("tiny", row.path("model").asText());
        assertTrue(row.path("valid").asBoolean(), lines[0]);
        assertTrue(row.path("proverPeakRssBytes").asLong() > 0, lines[0]);
        assertTrue(row.path("verifierPeakRssBytes").asLong() > 0, lines[0]);
        assertTrue(row.path("constraints").asLong() > 0, lines[0]);
        assertTrue(row.path("proofBytes").asLong() > 0, lines[0]);
        assertTrue(row.path("layers").asInt() > 0, lines[0]);
        JsonNode summary = new ObjectMapper().readTree(lines[1]);
        assertTrue(summary.path("summary").asBoolean());
        String chart = Files.readString(svg);
        assertTrue(chart.startsWith("<svg") && chart.contains("tiny") && chart.trim().endsWith("</svg>"), chart);
    }

    @Test
    void niceAxisCeilings() {
        assertEquals(1, DepthChart.niceCeil(0));
        assertEquals(250, DepthChart.niceCeil(201));
        assertEquals(500, DepthChart.niceCeil(251));
        assertEquals(1000, DepthChart.niceCeil(1000));
    }
}
