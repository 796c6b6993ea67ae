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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code foldproof export} on the tiny model: files, figures, and the exit-2 refusals with their one-line messages. */
class ExportCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    private static Path image(Path dir) throws Exception {
        Path img = dir.resolve("img.png");
        Files.write(img, DemoImages.png(3, 16, 16));
        return img;
    }

    @Test
    void writesTheTwoFilesAndReportsTheCircuit(@TempDir Path dir) throws Exception {
        Path img = image(dir);
        assertEquals(0, run("inspect", "--model", "tiny", "--json"), err.toString());
        JsonNode layers = new ObjectMapper().readTree(out.toString()).get("layers");
        JsonNode first = layers.get(0);
        String name = first.get("name").asText();
        Path ex = dir.resolve("ex");
        assertEquals(0, run("export", "--model", "tiny", "--image", img.toString(), "--layer", name, "--tile", "1",
                "--out", ex.toString(), "--json"), err.toString());
        JsonNode j = new ObjectMapper().readTree(out.toString());
        // export writes the plain R1CS (range checks by bits): inspect's by-bits count, not the lookup one
        assertEquals(first.get("constraints_per_tile_by_bits").asLong(), j.get("constraints").asLong());
        Path r1cs = Path.of(j.get("r1cs").asText());
        Path wtns = Path.of(j.get("wtns").asText());
        assertEquals(ex.resolve(ExportCommand.fileName(name) + "-tile1.r1cs"), r1cs);
        assertEquals("r1cs", new String(Files.readAllBytes(r1cs), 0, 4, java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals("wtns", new String(Files.readAllBytes(wtns), 0, 4, java.nio.charset.StandardCharsets.US_ASCII));
        // 12 bytes file header, 12 section header, 40 content, 12 section header, then 32 bytes per wire
        assertEquals(12 + 12 + 40 + 12 + 32L * j.get("wires").asLong(), Files.size(wtns));
        try (var s = Files.list(ex)) {
            assertEquals(2, s.count(), "no temporary file left");
        }
        // the whole layer
        assertEquals(0, run("export", "--model", "tiny", "--image", img.toString(), "--layer", name, "--all-tiles",
                "--out", ex.toString(), "--json"), err.toString());
        JsonNode all = new ObjectMapper().readTree(out.toString());
        assertEquals(first.get("tiles").asLong() * first.get("constraints_per_tile_by_bits").asLong(), all.get("constraints").asLong());
        assertTrue(Files.isRegularFile(ex.resolve(ExportCommand.fileName(name) + "-all.r1cs")));
    }

    @Test
    void refusalsExitTwoWithOneLine(@TempDir Path dir) throws Exception {
        Path img = image(dir);
        String o = dir.resolve("ex").toString();
        assertEquals(2, run("export", "--model", "tiny", "--image", img.toString(), "--layer", "nope", "--tile", "0", "--out", o));
        assertTrue(err.toString().startsWith("error: unknown layer 'nope' in "), err.toString());
        assertTrue(err.toString().contains("its layers: "), err.toString());
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
        assertEquals(0, run("inspect", "--model", "tiny", "--json"));
        JsonNode l0 = new ObjectMapper().readTree(out.toString()).get("layers").get(0);
        String name = l0.get("name").asText();
        int tiles = l0.get("tiles").asInt();
        assertEquals(2, run("export", "--model", "tiny", "--image", img.toString(), "--layer", name, "--tile", "" + tiles, "--out", o));
        assertTrue(err.toString().contains("--tile " + tiles + " out of range: layer " + name + " has " + tiles + " tiles (0.." + (tiles - 1) + ")"),
                err.toString());
        assertEquals(2, run("export", "--model", "tiny", "--image", img.toString(), "--layer", name, "--tile", "-1", "--out", o));
        assertEquals(2, run("export", "--model", "tiny", "--image", img.toString(), "--layer", name, "--out", o));
        assertTrue(err.toString().contains("give exactly one of --tile J and --all-tiles"), err.toString());
        assertEquals(2, run("export", "--model", "tiny", "--image", img.toString(), "--layer", name, "--tile", "0", "--all-tiles", "--out", o));
        // --out is a file (here: the image itself)
        assertEquals(2, run("export", "--model", "tiny", "--image", img.toString(), "--layer", name, "--tile", "0", "--out", img.toString()));
        assertTrue(err.toString().contains("is a file; give a folder"), err.toString());
        assertEquals(2, run("export", "--model", "tiny", "--image", dir.resolve("missing.png").toString(), "--layer", name, "--tile", "0", "--out", o));
        assertTrue(err.toString().contains("image not found"), err.toString());
        assertFalse(Files.exists(dir.resolve("ex")), "nothing created on refusal");
    }

    @Test
    void anOutputFileThatIsAnInputIsRefused(@TempDir Path dir) throws Exception {
        Path img = image(dir);
        assertEquals(0, run("inspect", "--model", "tiny", "--json"));
        String name = new ObjectMapper().readTree(out.toString()).get("layers").get(0).get("name").asText();
        // the image is named like the .r1cs the export would write into its folder
        Path trap = dir.resolve(ExportCommand.fileName(name) + "-tile0.r1cs");
        Files.copy(img, trap);
        byte[] before = Files.readAllBytes(trap);
        assertEquals(2, run("export", "--model", "tiny", "--image", trap.toString(), "--layer", name, "--tile", "0", "--out", dir.toString()));
        assertTrue(err.toString().contains("would destroy the input"), err.toString());
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(trap)));
    }
}
