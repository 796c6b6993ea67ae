package foldproof.cli;

import foldproof.fixtures.DemoImages;
import foldproof.fixtures.DemoModels;
import foldproof.quantizer.model.QModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code prove} and {@code verify} in process on the tiny model: exit codes, output, atomic writing. */
class ProveVerifyCommandTest {
    @TempDir
    static Path dir;
    static Path proof;
    static String proveOut;

    record Run(int code, String out, String err) { }

    static Run run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @BeforeAll
    static void prove() throws IOException {
        QModel m = DemoModels.tiny();
        Path image = dir.resolve("image.png");
        Files.write(image, DemoImages.png(3, m.input().h(), m.input().w()));
        proof = dir.resolve("tiny.proof");
        Files.writeString(proof, "old content");   // replaced atomically
        Run r = run("prove", "--model", "builtin:tiny", "--image", image.toString(), "--out", proof.toString(), "--seed", "7",
                "--json");
        System.out.println(r.out() + r.err());
        assertEquals(0, r.code(), r.err());
        proveOut = r.out();
        assertEquals(1, r.out().strip().lines().count(), "--json: one line on stdout");
        assertTrue(r.err().contains("NOT zero-knowledge"), "--seed must warn");
        assertTrue(r.err().contains("[  1/"), "per-layer progress on stderr");
    }

    @Test
    void proveSummary() throws IOException {
        var j = new com.fasterxml.jackson.databind.ObjectMapper().readTree(proveOut);
        assertEquals("tiny-demo", j.path("model").asText(), proveOut);
        assertEquals(foldproof.quantizer.quant.ModelFile.digestHex(DemoModels.tiny()), j.path("digest").asText(), proveOut);
        assertEquals(10, j.path("logits").size(), proveOut);
        assertTrue(j.path("proofBytes").asLong() > 1000 && j.path("proveSeconds").asDouble() > 0, proveOut);
        assertTrue(Files.size(proof) > 1000);
        try (var s = Files.list(dir)) {
            assertEquals(0, s.filter(p -> p.getFileName().toString().endsWith(".tmp")).count(), "no temp file left");
        }
    }

    @Test
    void verifyValidTextAndJson() {
        Run r = run("verify", proof.toString(), "--model", "builtin:tiny");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().startsWith("VALID"), r.out());
        Run j = run("verify", proof.toString(), "--model", "builtin:tiny", "--json");
        assertEquals(0, j.code());
        assertTrue(j.out().contains("\"valid\":true") && j.out().contains("\"logits\":["), j.out());
    }

    @Test
    void verifyRejectsTamperedProof() throws IOException {
        byte[] b = Files.readAllBytes(proof);
        b[b.length / 2] ^= 4;
        Path bad = dir.resolve("bad.proof");
        Files.write(bad, b);
        Run r = run("verify", bad.toString(), "--model", "builtin:tiny", "--json");
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("\"valid\":false") && r.out().contains("\"reason\":\""), r.out());
        Run t = run("verify", bad.toString(), "--model", "builtin:tiny");
        assertTrue(t.out().startsWith("INVALID: "), t.out());
    }

    /** A proof checked against another model (here: the tiny net with another description) is rejected: exit 1. */
    @Test
    void verifyRejectsAProofOfAnotherModel() {
        QModel t = DemoModels.tiny();
        Path other = dir.resolve("other.fpq");
        foldproof.quantizer.quant.ModelFile.write(new QModel(t.name(), "another description", t.preprocess(), t.input(), t.inputScale(),
                t.scales(), t.layers(), t.labels()), other);
        Run r = run("verify", proof.toString(), "--model", other.toString());
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().startsWith("INVALID: ") && r.out().strip().lines().count() == 1, r.out());
        assertTrue(r.out().contains("another model"), r.out());
    }

    /** Truncated or garbage proof files are rejected (exit 1) with a one-line reason, never an internal error. */
    @Test
    void verifyRejectsCorruptFiles() throws IOException {
        byte[] b = Files.readAllBytes(proof);
        Path cut = dir.resolve("cut.proof");
        Files.write(cut, java.util.Arrays.copyOf(b, b.length / 3));
        Path junk = dir.resolve("junk.proof");
        Files.writeString(junk, "this is not a proof\n");
        Path empty = dir.resolve("empty.proof");
        Files.write(empty, new byte[0]);
        for (Path p : new Path[] {cut, junk, empty}) {
            Run r = run("verify", p.toString(), "--model", "builtin:tiny");
            assertEquals(1, r.code(), p + ": " + r.out() + r.err());
            assertTrue(r.out().startsWith("INVALID: ") && r.out().strip().lines().count() == 1, r.out());
            assertEquals("", r.err(), p.toString());
        }
    }

    @Test
    void badUsageAndUnreadableInputsExitTwo() {
        assertEquals(2, run("verify", dir.resolve("missing.proof").toString(), "--model", "builtin:tiny").code());
        assertEquals(2, run("verify").code());
        assertEquals(2, run("verify", proof.toString(), "--model", "builtin:nosuchmodel").code());
        assertEquals(2, run("prove", "--model", "builtin:tiny", "--image", dir.resolve("none.png").toString(),
                "--out", dir.resolve("x.proof").toString()).code());
    }
}
