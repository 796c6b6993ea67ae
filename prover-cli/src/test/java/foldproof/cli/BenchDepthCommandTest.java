package foldproof.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import foldproof.fixtures.DemoModels;
import foldproof.quantizer.quant.ModelFile;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code bench depth} plumbing: child JVMs and their JSON, ratios, table, chart. */
class BenchDepthCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    /** Fast: a child JVM that rejects a garbage proof of the tiny model still reports JSON and its peak RSS. */
    @Test
    void childJvmReturnsJsonWithPeakRss() throws Exception {
        Path model = tmp.resolve("tiny.fpm");
        ModelFile.write(DemoModels.tiny(), model);
        Path proof = tmp.resolve("garbage.proof");
        Files.write(proof, new byte[] {1, 2, 3});
        StringWriter err = new StringWriter();
        JsonNode r = ChildJvm.run(new ChildJvm.Settings("256m", "serial", 300),
                List.of("bench", "verify-once", "--model", model.toString(), "--proof", proof.toString()),
                new PrintWriter(err), "  ");
        assertEquals("verify", r.path("phase").asText(), r::toString);
        assertFalse(r.path("valid").asBoolean(), r::toString);
        assertTrue(r.path("reason").asText().contains("malformed"), r::toString);
        assertTrue(r.path("peakRssBytes").asLong() > 0, r::toString);
    }

    @Test
    void ratiosTableAndChartFromMeasurements() throws Exception {
        List<BenchDepthCommand.Row> rows = List.of(row("resnet20", 20, 200 << 20, 100), row("resnet56", 56, 210 << 20, 290),
                row("resnet18", 18, 400 << 20, 50), row("resnet34", 34, 500 << 20, 90));
        List<String> ratios = BenchDepthCommand.ratios(rows);
        assertEquals(9, ratios.size(), ratios::toString);
        assertTrue(ratios.get(0).contains("1.050") && ratios.get(0).contains("met"), ratios.get(0));
        assertTrue(ratios.get(1).contains("2.90") && ratios.get(1).contains("met"), ratios.get(1));
        assertTrue(ratios.get(2).contains("live-heap") && ratios.get(2).contains("1.050"), ratios.get(2));
        assertTrue(ratios.get(3).startsWith("verifier peak RSS") && ratios.get(3).contains("1.050")
                && ratios.get(3).contains("met"), ratios.get(3));
        assertTrue(ratios.get(4).startsWith("verify time") && ratios.get(4).contains("1.00"), ratios.get(4));
        assertTrue(ratios.get(5).startsWith("verifier retained heap") && ratios.get(5).contains("1.500"), ratios.get(5));
        assertTrue(ratios.get(6).contains("1.250") && ratios.get(6).contains("MISSED"), ratios.get(6));
        assertTrue(ratios.get(8).contains("live-heap") && ratios.get(8).contains("1.250"), ratios.get(8));
        ChildJvm.Settings s = new ChildJvm.Settings("8g", "serial", 60);
        String table = BenchDepthCommand.table(rows, s);
        assertTrue(table.contains("resnet56") && table.contains("-XX:+UseSerialGC"), table);
        JsonNode line = JSON.readTree(BenchDepthCommand.jsonRow(rows.get(1), s));
        assertEquals(56, line.path("depth").asInt());
        assertEquals(210L << 20, line.path("proverPeakRssBytes").asLong());
        assertEquals((210L << 20) / 4, line.path("proverPeakLiveHeapBytes").asLong());
        assertTrue(table.contains("live MiB"), table);
        String svg = DepthChart.svg(rows, s.describe());
        assertTrue(svg.startsWith("<svg") && svg.trim().endsWith("</svg>") && svg.contains("resnet34: 500"), svg);
    }

    /** Slow (a whole tiny proof in a child JVM, minutes on a loaded machine): the command end to end. */
    @Test
    @Tag("bench")
    void tinyModelEndToEnd() throws Exception {
        Path svg = tmp.resolve("depth.svg");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute("bench", "depth", "--models", "tiny", "--json", "--xmx", "512m",
                "--chart", svg.toString(), "--work", tmp.resolve("work").toString(), "--timeout", "60");
        assertEquals(0, code, () -> "stdout:\n" + out + "\nstderr:\n" + err);
        String[] lines = out.toString().trim().split("\n");
        assertEquals(2, lines.length, out::toString);
        JsonNode row = JSON.readTree(lines[0]);
        assertTrue(row.path("valid").asBoolean(), lines[0]);
        assertTrue(row.path("proverPeakRssBytes").asLong() > 0, lines[0]);
        assertTrue(row.path("constraints").asLong() > 0, lines[0]);
        assertTrue(Files.readString(svg).contains("tiny"));
    }

    @Test
    void niceAxisCeilings() {
        assertEquals(1, DepthChart.niceCeil(0));
        assertEquals(250, DepthChart.niceCeil(201));
        assertEquals(500, DepthChart.niceCeil(251));
        assertEquals(1000, DepthChart.niceCeil(1000));
    }

    private static BenchDepthCommand.Row row(String key, int depth, long rss, double secs) throws Exception {
        DepthModels.Prepared p = new DepthModels.Prepared(key, depth > 30 || depth == 20 ? "fam" + (depth % 2) : "demo", depth,
                Path.of(key + ".fpm"), Path.of("img.png"), "test");
        JsonNode prove = JSON.readTree("{\"layers\":" + depth + ",\"constraints\":1000,\"proveSeconds\":" + secs
                + ",\"proofBytes\":5000,\"peakRssBytes\":" + rss + ",\"peakLiveHeapBytes\":" + (rss / 4) + "}");
        JsonNode verify = JSON.readTree("{\"verifySeconds\":1.5,\"valid\":true,\"peakRssBytes\":" + (rss / 2)
                + ",\"retainedHeapBytes\":" + (depth > 50 ? 15 << 20 : depth == 20 ? 10 << 20 : 12 << 20) + "}");
        return new BenchDepthCommand.Row(p, prove, verify);
    }
}
