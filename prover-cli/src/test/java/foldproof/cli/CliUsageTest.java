package foldproof.cli;

import foldproof.fixtures.DemoImages;
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

/** Help texts, usage errors, exit code 2 for unreadable inputs, and the progress format in logs (fast: no proof). */
class CliUsageTest {
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

    /** Exit 2 and exactly one stderr line {@code error: ...} containing {@code mustContain}, no stack trace. */
    static void assertBadInput(Run r, String mustContain) {
        assertEquals(2, r.code(), r.out() + r.err());
        List<String> lines = r.err().strip().lines().toList();
        assertEquals(1, lines.size(), "one line expected:\n" + r.err());
        assertTrue(lines.get(0).startsWith("error: "), r.err());
        assertTrue(lines.get(0).contains(mustContain), "'" + mustContain + "' not in: " + r.err());
        assertFalse(lines.get(0).contains("Exception"), "no exception class names: " + r.err());
    }

    @Test
    void everyCommandHasHelpWithExitCodes() {
        for (String[] c : new String[][] {{}, {"demo"}, {"prove"}, {"verify"}, {"infer"}, {"eval"}, {"quantize"}, {"inspect"},
                {"check"}, {"export"}, {"bench"}, {"bench", "msm"}, {"bench", "generators"}, {"bench", "depth"}}) {
            String[] args = java.util.Arrays.copyOf(c, c.length + 1);
            args[c.length] = "--help";
            Run r = run(args);
            assertEquals(0, r.code(), String.join(" ", args));
            assertTrue(r.out().contains("Usage: foldproof"), r.out());
            assertTrue(r.out().contains("Exit codes:") && r.out().contains("2   bad usage"), String.join(" ", args) + ":\n" + r.out());
        }
        assertTrue(run("verify", "--help").out().contains("1   proof rejected"));
        assertTrue(run("check", "--help").out().contains("1   some tile is not satisfied"));
        assertFalse(run("prove", "--help").out().contains("1   "), "prove never exits 1");
        assertTrue(run("prove", "--help").out().contains(ModelSource.BUILTINS.substring(0, 20)));
    }

    /** Durations in help texts are the measured ones the README gives (docs/benchmarks.md), not vague ones. */
    @Test
    void helpTextsStateTheREADMEsCosts() throws Exception {
        for (String[] c : new String[][] {{}, {"demo"}, {"prove"}, {"verify"}, {"infer"}, {"eval"}, {"quantize"}, {"inspect"},
                {"check"}, {"export"}, {"bench"}, {"bench", "msm"}, {"bench", "generators"}, {"bench", "depth"}}) {
            String[] args = java.util.Arrays.copyOf(c, c.length + 1);
            args[c.length] = "--help";
            String help = run(args).out().replaceAll("\\s+", " ");
            for (String vague : new String[] {"a few minutes", "much longer", "tens of minutes"}) {
                assertFalse(help.contains(vague), String.join(" ", args) + " says '" + vague + "'");
            }
        }
        String demo = run("demo", "--help").out().replaceAll("\\s+", " ");
        assertTrue(demo.contains("about 8 s") && demo.contains("about a minute and 3 GB"), demo);
        assertTrue(run("prove", "--help").out().replaceAll("\\s+", " ").contains("label means nothing"));
        Path readme = Path.of("../README.md");
        if (Files.isRegularFile(readme)) {
            String r = Files.readString(readme).replaceAll("\\s+", " ");
            assertTrue(r.contains("about 8 seconds on a quiet 2-core machine") && r.contains("about a minute and 3 GB"),
                    "README and help disagree");
            assertTrue(r.contains("./foldproof demo") && r.contains("mvn -B -ntp verify"), "the README's two commands");
        }
    }

    @Test
    void usageErrorsAreOneLine() {
        assertBadInput(run("prove", "--image"), "see 'foldproof prove --help'");
        assertBadInput(run("verify"), "Missing required parameter: 'FILE'");
        assertBadInput(run("infer", "--no-such-option"), "Unknown option: '--no-such-option'");
        assertBadInput(run("bench", "depth", "--size", "lots"), "--size");
        assertBadInput(run("nosuchcommand"), "unknown command 'nosuchcommand'");
    }

    @Test
    void unreadableInputsExitTwo(@TempDir Path dir) throws Exception {
        Path img = dir.resolve("x.png");
        Files.write(img, DemoImages.png(1, 16, 16));
        Path missing = dir.resolve("missing.png");
        assertBadInput(run("prove", "--model", "builtin:tiny", "--image", missing.toString(), "--out", dir.resolve("p").toString()),
                "image not found");
        assertBadInput(run("prove", "--model", "builtin:tiny", "--image", img.toString(), "--out", dir.resolve("no/p").toString()),
                "output folder does not exist");
        assertBadInput(run("prove", "--model", "builtin:nope", "--image", img.toString(), "--out", dir.resolve("p").toString()),
                "unknown built-in model");
        assertBadInput(run("verify", dir.resolve("missing.proof").toString(), "--model", "builtin:tiny"), "proof file not found");
        assertBadInput(run("verify", img.toString(), "--model", dir.resolve("none.fpq").toString()), "model file not found");
        assertBadInput(run("inspect", "--model", "builtin:tiny@32"), "fixed 16x16");
        assertBadInput(run("inspect", "--model", "builtin:tiny", "--input-size", "64"), "--input-size applies to");
        assertBadInput(run("check", "--model", "builtin:tiny", "--image", missing.toString()), "image not found");
        assertBadInput(run("check", "--model", "builtin:tiny", "--image", dir.toString()), "is a directory");
        assertBadInput(run("demo", "--size", "8"), "--size must be between 32 and 448");
        assertBadInput(run("eval", "--images", missing.toString()), "--images folder not found");
        assertBadInput(run("quantize", "--calib", missing.toString(), "--out", dir.resolve("q.fpq").toString()), "--calib folder not found");
        assertBadInput(run("infer", "--model", "builtin:tiny", "--config", img.toString()), "built-in model; --config");
        assertBadInput(run("bench", "depth", "--models", "nosuch", "--chart", "none"), "--models nosuch: unknown");
        assertBadInput(run("bench", "depth", "--gc", "zgc", "--chart", "none"), "unknown --gc");
    }

    @Test
    void inspectAcceptsEveryModelSpelling(@TempDir Path dir) {
        Run a = run("inspect", "--model", "tiny", "--json");
        Run b = run("inspect", "--model", "builtin:tiny", "--json");
        assertEquals(0, a.code(), a.err());
        assertEquals(a.out(), b.out());
        Path f = dir.resolve("tiny.fpq");
        foldproof.quantizer.quant.ModelFile.write(foldproof.fixtures.DemoModels.tiny(), f);
        assertEquals(a.out(), run("inspect", "--model", f.toString(), "--json").out());
    }

    /** Not a terminal (a test's writer, like a CI log): one plain line per finished layer, no bar. */
    @Test
    void checkPrintsOneLinePerLayerInALog(@TempDir Path dir) throws Exception {
        Path img = dir.resolve("x.png");
        Files.write(img, DemoImages.png(2, 16, 16));
        Run r = run("check", "--model", "builtin:tiny", "--image", img.toString());
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.err().strip().lines().toList();
        int layers = foldproof.fixtures.DemoModels.tiny().layers().size();
        assertEquals(layers, lines.size(), r.err());
        for (int i = 0; i < layers; i++) {
            assertTrue(lines.get(i).matches("\\[ *" + (i + 1) + "/" + layers + "\\] \\S+ +\\d+ tiles +\\d+\\.\\d\\d s"), lines.get(i));
        }
        assertEquals("", run("check", "--model", "builtin:tiny", "--image", img.toString(), "--no-progress").err());
    }

    @Test
    void countedProgressPrintsQuartersInALog() {
        StringWriter sw = new StringWriter();
        try (Progress p = new Progress("eval", 8, new PrintWriter(sw), Progress.Mode.LINES)) {
            for (int i = 0; i < 8; i++) {
                p.step();
            }
        }
        List<String> lines = sw.toString().strip().lines().toList();
        assertEquals(4, lines.size(), sw.toString());
        assertTrue(lines.get(0).startsWith("eval: 2/8 (25%)") && lines.get(3).startsWith("eval: 8/8 (100%)"), sw.toString());
        assertEquals(Progress.Mode.NONE, Progress.mode(new PrintWriter(sw), false));
    }

    /** {@code bench depth --dry-run}: models prepared, the plan printed, no child JVM: seconds. */
    @Test
    void benchDepthDryRun(@TempDir Path dir) throws Exception {
        Path work = dir.resolve("work");
        Run r = run("bench", "depth", "--dry-run", "--models", "tiny,builtin:tiny", "--work", work.toString(), "--chart", "none");
        assertEquals(0, r.code(), r.err());
        List<String> plan = r.out().strip().lines().toList();
        assertEquals(2, plan.size(), r.out());
        assertTrue(plan.get(0).startsWith("tiny ") && plan.get(0).contains("depth  10"), plan.get(0));
        assertTrue(r.err().contains("== [1/2] tiny: preparing the model") && r.err().contains("== [2/2] builtin:tiny"), r.err());
        assertTrue(Files.isRegularFile(work.resolve("tiny.fpm")));
        assertEquals(foldproof.quantizer.quant.ModelFile.digestHex(foldproof.fixtures.DemoModels.tiny()),
                ModelSource.resolve(work.resolve("builtin_tiny.fpm").toString(), null, null).digestHex());
    }
}
