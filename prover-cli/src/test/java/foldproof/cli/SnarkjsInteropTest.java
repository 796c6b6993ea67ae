package foldproof.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import foldproof.fixtures.SharedData;
import foldproof.quantizer.image.ImageLoader;
import foldproof.quantizer.model.QModel;
import foldproof.quantizer.quant.InputQuantizer;
import foldproof.quantizer.quant.IntInference;
import foldproof.quantizer.quant.ModelFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * snarkjs accepts what {@code foldproof export} writes for the real CIFAR-10 ResNet-18: {@code r1cs info},
 * {@code wtns check} (a good witness passes, a corrupted one fails), and a Groth16 setup, prove and verify
 * of the head tile {@code Gemm_47} (138 constraints, powers of tau 2^8 made here), whose public signals
 * must be the model's logits; a changed logit must not verify. A stem-conv tile (negative int8 inputs, the
 * input range check) and a whole layer ({@code --all-tiles}) pass {@code wtns check}.
 *
 * <p>Skips (assumption) where node, snarkjs or {@code ../shared/data} is absent. snarkjs is found by the
 * environment variable {@code FOLDPROOF_SNARKJS}, else the system property {@code foldproof.snarkjs} (the
 * build sets it to {@code target/snarkjs/node_modules/.bin/snarkjs} of the checkout, where {@code .ci/run}
 * installs it), else {@code snarkjs} on the PATH.
 */
class SnarkjsInteropTest {
    private static final BigInteger R = new BigInteger("21888242871839275222246405745257275088548364400416034343698204186575808495617");
    private static final long TIMEOUT_S = 300;

    private static String snarkjs;
    private static Path onnx;
    private static Path calib;
    private static Path cat;

    /** Sets the paths, or skips the test (assumption) where something is absent. */
    private static void locate() {
        Optional<Path> o = SharedData.resolve("cifar10-resnet18/model.onnx");
        Optional<Path> c = SharedData.resolve("cifar10-test-dev");
        Optional<Path> img = SharedData.resolve("cifar10-test-dev/cat/0000.jpg");
        assumeTrue(o.isPresent() && c.isPresent() && img.isPresent(), "../shared/data not available");
        onnx = o.get();
        calib = c.get();
        cat = img.get();
        assumeTrue(runs(List.of("node", "--version")), "node not found");
        snarkjs = findSnarkjs();
        assumeTrue(snarkjs != null, "snarkjs not found (set FOLDPROOF_SNARKJS, or npm install --ignore-scripts"
                + " --prefix target/snarkjs snarkjs)");
    }

    private static String findSnarkjs() {
        String env = System.getenv("FOLDPROOF_SNARKJS");
        if (env != null && !env.isBlank()) {
            return env;
        }
        String prop = System.getProperty("foldproof.snarkjs");
        if (prop != null && Files.isRegularFile(Paths.get(prop))) {
            return prop;
        }
        return runs(List.of("snarkjs", "--version")) || runs(List.of("snarkjs")) ? "snarkjs" : null;
    }

    private static boolean runs(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0 || p.exitValue() == 99;   // snarkjs without a command prints its help, exit 99
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Exit code and combined output of snarkjs with {@code args}, run in {@code dir}. */
    private record Run(int code, String out) { }

    private static Run snarkjs(Path dir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(snarkjs);
        cmd.addAll(List.of(args));
        Path log = Files.createTempFile(dir, "snarkjs", ".log");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!p.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("snarkjs " + String.join(" ", args) + " did not finish in " + TIMEOUT_S + " s");
        }
        return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    private static Run ok(Path dir, String... args) throws IOException, InterruptedException {
        Run r = snarkjs(dir, args);
        assertEquals(0, r.code(), () -> "snarkjs " + String.join(" ", args) + ":\n" + r.out());
        return r;
    }

    private static JsonNode cli(String... args) throws IOException {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        assertEquals(0, code, () -> String.join(" ", args) + ": " + err);
        String o = out.toString().strip();
        return o.startsWith("{") ? new ObjectMapper().readTree(o) : null;
    }

    @Test
    void snarkjsAcceptsProvesAndVerifiesAnExportedTileOfTheRealCifarResnet18(@TempDir Path dir) throws Exception {
        locate();
        Path fpq = dir.resolve("c18.fpq");
        cli("quantize", "--model", onnx.toString(), "--calib", calib.toString(), "--calib-limit", "50", "--out", fpq.toString(), "--json");
        Path ex = dir.resolve("ex");
        JsonNode head = cli("export", "--model", fpq.toString(), "--image", cat.toString(), "--layer", "Gemm_47", "--tile", "0",
                "--out", ex.toString(), "--json");
        String r1cs = head.get("r1cs").asText();
        String wtns = head.get("wtns").asText();
        assertEquals(138, head.get("constraints").asLong(), "the head of the CIFAR ResNet-18: 128 channel sums + 10 logits");

        Run info = ok(dir, "r1cs", "info", r1cs);
        assertTrue(info.out().contains("# of Constraints: " + head.get("constraints").asLong()), info.out());
        assertTrue(info.out().contains("# of Wires: " + head.get("wires").asLong()), info.out());
        assertTrue(info.out().contains("# of Outputs: 10"), info.out());
        Run check = ok(dir, "wtns", "check", r1cs, wtns);
        assertTrue(check.out().contains("WITNESS IS CORRECT"), check.out());

        // a corrupted witness (last value, an AUX channel sum, changed by one) must fail snarkjs's check
        byte[] w = Files.readAllBytes(Paths.get(wtns));
        w[w.length - 32] ^= 1;
        Files.write(dir.resolve("bad.wtns"), w);
        assertNotEquals(0, snarkjs(dir, "wtns", "check", r1cs, "bad.wtns").code(), "corrupted witness accepted by snarkjs");

        // Groth16 with powers of tau made here: 2^8 >= 138 constraints + 10 public + 1
        ok(dir, "powersoftau", "new", "bn128", "8", "pot0.ptau");
        ok(dir, "powersoftau", "contribute", "pot0.ptau", "pot1.ptau", "--name=test", "-e=foldproof snarkjs interop test");
        ok(dir, "powersoftau", "prepare", "phase2", "pot1.ptau", "pot.ptau");
        ok(dir, "groth16", "setup", r1cs, "pot.ptau", "head.zkey");
        ok(dir, "zkey", "export", "verificationkey", "head.zkey", "vk.json");
        ok(dir, "groth16", "prove", "head.zkey", wtns, "proof.json", "public.json");
        Run verify = ok(dir, "groth16", "verify", "vk.json", "public.json", "proof.json");
        assertTrue(verify.out().contains("OK"), verify.out());

        // the public signals are the model's logits on the image (negative ones as r - |v|)
        QModel m = ModelFile.read(fpq);
        long[] logits = IntInference.run(m, InputQuantizer.quantize(m, ImageLoader.load(cat, m.preprocess()))).logits();
        JsonNode pub = new ObjectMapper().readTree(dir.resolve("public.json").toFile());
        assertEquals(logits.length, pub.size());
        for (int j = 0; j < logits.length; j++) {
            assertEquals(BigInteger.valueOf(logits[j]).mod(R), new BigInteger(pub.get(j).asText()), "logit " + j);
        }
        // another logit does not verify
        String tampered = pub.toString().replaceFirst("\"" + pub.get(3).asText() + "\"",
                "\"" + new BigInteger(pub.get(3).asText()).add(BigInteger.ONE).mod(R) + "\"");
        Files.writeString(dir.resolve("tampered.json"), tampered);
        assertNotEquals(0, snarkjs(dir, "groth16", "verify", "vk.json", "tampered.json", "proof.json").code(),
                "a changed logit verified");

        // a stem-conv tile (int8 inputs, negative values, the input range check) and a whole layer as one circuit
        JsonNode stem = cli("export", "--model", fpq.toString(), "--image", cat.toString(), "--layer", "Conv_0", "--tile", "7",
                "--out", ex.toString(), "--json");
        assertTrue(ok(dir, "wtns", "check", stem.get("r1cs").asText(), stem.get("wtns").asText()).out().contains("WITNESS IS CORRECT"));
        JsonNode layer = cli("export", "--model", fpq.toString(), "--image", cat.toString(), "--layer", "Conv_34", "--all-tiles",
                "--out", ex.toString(), "--json");
        assertEquals(4, layer.get("tiles").asInt());
        assertTrue(ok(dir, "wtns", "check", layer.get("r1cs").asText(), layer.get("wtns").asText()).out().contains("WITNESS IS CORRECT"));
    }
}
