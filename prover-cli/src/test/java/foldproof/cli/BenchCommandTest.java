package foldproof.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BenchCommandTest {
    @TempDir
    Path cache;

    private String run(int expectedCode, String... args) {
        String previous = System.getProperty("foldproof.cache");
        System.setProperty("foldproof.cache", cache.toString());
        try {
            CommandLine cl = Main.commandLine();
            StringWriter out = new StringWriter();
            cl.setOut(new PrintWriter(out));
            cl.setErr(new PrintWriter(new StringWriter()));
            assertEquals(expectedCode, cl.execute(args));
            return out.toString();
        } finally {
            if (previous == null) System.clearProperty("foldproof.cache");
            else System.setProperty("foldproof.cache", previous);
        }
    }

    @Test
    void msmPrintsOneJsonLine() {
        for (String kind : new String[] {"full", "u8", "bits"}) {
            String out = run(0, "bench", "msm", "--log-size", "5", "--scalars", kind, "--runs", "1", "--warmup", "0", "--json").trim();
            assertTrue(out.startsWith("{") && out.endsWith("}") && !out.contains("\n"), out);
            assertTrue(out.contains("\"log_size\":5") && out.contains("\"scalars\":\"" + kind + "\"") && out.contains("\"median_ms\":"), out);
            String lanes = foldproof.bn254.Lanes.ENABLED ? "on" : "off";   // warmed up before timing
            assertTrue(out.contains("\"lanes\":\"" + lanes + "\""), out);
        }
    }

    @Test
    void generatorsAndBadInput() {
        assertTrue(run(0, "bench", "generators", "--log-size", "3").contains("hash-to-curve 2^3"));
        run(2, "bench", "msm", "--log-size", "40");
    }
}
