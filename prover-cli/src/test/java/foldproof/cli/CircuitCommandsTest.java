package foldproof.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import foldproof.fixtures.DemoImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CircuitCommandsTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    @Test
    void inspectTinyJson() throws Exception {
        assertEquals(0, run("inspect", "--model", "tiny", "--json"));
        JsonNode j = new ObjectMapper().readTree(out.toString());
        assertTrue(j.get("layers").isArray());
        long sum = 0;
        for (JsonNode l : j.get("layers")) {
            sum += l.get("tiles").asLong() * l.get("constraints_per_tile").asLong();
        }
        assertEquals(sum, j.get("total_constraints").asLong());
        assertTrue(j.get("activations").asLong() > 0);
    }

    @Test
    void checkTinyOnGeneratedImage(@TempDir Path dir) throws Exception {
        Path img = dir.resolve("img.png");
        Files.write(img, DemoImages.png(11, 40, 48));
        assertEquals(0, run("check", "--model", "tiny", "--image", img.toString(), "--json", "--no-progress"));
        JsonNode j = new ObjectMapper().readTree(out.toString());
        assertTrue(j.get("satisfied").asBoolean());
        for (JsonNode l : j.get("layers")) {
            assertTrue(l.get("ok").asBoolean());
            assertTrue(l.get("first_failure").isNull());
        }
    }

    @Test
    void badInputsExitTwo(@TempDir Path dir) {
        assertEquals(2, run("inspect", "--model", dir.resolve("nope.fpm").toString()));
        assertTrue(err.toString().contains("model file not found"), err.toString());
        assertEquals(2, run("check", "--model", "tiny", "--image", dir.resolve("missing.png").toString()));
    }
}
