package foldproof.cli;

import foldproof.fixtures.DemoImages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static foldproof.cli.QuantizerCommandsTest.assertBadInput;
import static foldproof.cli.QuantizerCommandsTest.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --model hf:ORG/NAME[@REVISION]} against {@link FakeHub} on the loopback address (no network). */
class HfDownloadTest {
    private static final String REPO = "test-org/resnet-tiny";
    private static final String SPEC = "hf:" + REPO;

    @TempDir
    Path tmp;
    private FakeHub hub;
    private Map<String, byte[]> files;
    private String oldCache;
    private String oldEndpoint;

    @BeforeEach
    void startHub() throws IOException {
        hub = new FakeHub();
        files = FakeHub.tinyHfResNet(7);
        hub.put(REPO, files);
        oldCache = System.getProperty("foldproof.cache");
        oldEndpoint = System.getProperty("foldproof.hf.endpoint");
        System.setProperty("foldproof.cache", tmp.resolve("cache").toString());
        System.setProperty("foldproof.hf.endpoint", hub.endpoint());
    }

    @AfterEach
    void stopHub() {
        hub.close();
        restore("foldproof.cache", oldCache);
        restore("foldproof.hf.endpoint", oldEndpoint);
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }

    private Path snapshot() {
        return tmp.resolve("cache/hf/" + REPO + "/" + FakeHub.commit(REPO));
    }

    private Path image() throws IOException {
        Path f = tmp.resolve("x.png");
        if (!Files.exists(f)) {
            Files.write(f, DemoImages.png(3, 40, 40));
        }
        return f;
    }

    private Path calib() throws IOException {
        Path d = Files.createDirectories(tmp.resolve("calib"));
        for (int i = 0; i < 3; i++) {
            Files.write(d.resolve(i + ".png"), DemoImages.png(10 + i, 36, 36));
        }
        return d;
    }

    private List<String> weightGets() {
        return hub.requests.stream().filter(r -> r.startsWith("GET /cdn/")).toList();
    }

    @Test
    void downloadsImportsInfersThenServesFromTheCacheOffline() throws IOException {
        QuantizerCommandsTest.Run first = run("infer", "--model", SPEC, "--image", image().toString());
        assertEquals(0, first.code(), first.err());
        assertTrue(first.out().contains("tench") || first.out().contains("goldfish"), first.out());
        assertTrue(first.err().contains("downloaded " + SPEC + "@main (commit " + FakeHub.commit(REPO).substring(0, 12)), first.err());
        assertArrayEquals(files.get(HubModel.WEIGHTS), Files.readAllBytes(snapshot().resolve(HubModel.WEIGHTS)));
        assertArrayEquals(files.get(HubModel.CONFIG), Files.readAllBytes(snapshot().resolve(HubModel.CONFIG)));
        assertEquals(FakeHub.commit(REPO), Files.readString(tmp.resolve("cache/hf/" + REPO + "/refs/main")).strip());
        try (var s = Files.list(snapshot())) {
            assertTrue(s.noneMatch(p -> p.toString().endsWith(".part")), "no .part left");
        }
        // the large file came through the redirect, without a Range (nothing to resume)
        assertEquals(List.of("GET /cdn/" + FakeHub.hex("SHA-256", files.get(HubModel.WEIGHTS))), weightGets(), hub.requests.toString());

        hub.close(); // from now on, nothing answers
        QuantizerCommandsTest.Run again = run("infer", "--model", SPEC, "--image", image().toString());
        assertEquals(0, again.code(), again.err());
        assertEquals(first.out(), again.out());
        assertFalse(again.err().contains("downloaded"), again.err());
        QuantizerCommandsTest.Run byCommit = run("infer", "--model", SPEC + "@" + FakeHub.commit(REPO), "--image", image().toString());
        assertEquals(0, byCommit.code(), byCommit.err());

        // quantization is deterministic: the same float model and calibration give the same bytes
        Path a = tmp.resolve("a.fpq");
        Path b = tmp.resolve("b.fpq");
        assertEquals(0, run("quantize", "--model", SPEC, "--calib", calib().toString(), "--out", a.toString()).code());
        assertEquals(0, run("quantize", "--model", SPEC, "--calib", calib().toString(), "--out", b.toString()).code());
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
        QuantizerCommandsTest.Run q = run("infer", "--model", a.toString(), "--image", image().toString());
        assertEquals(0, q.code(), q.err());

        // proofs are about a quantized model: say how to get one
        QuantizerCommandsTest.Run prove = run("prove", "--model", SPEC, "--image", image().toString(), "--out", tmp.resolve("p.bin").toString());
        assertBadInput(prove, "run `foldproof quantize --model " + SPEC);
        assertFalse(Files.exists(tmp.resolve("p.bin")));
    }

    @Test
    void aCutConnectionResumesWithARange() throws IOException {
        hub.cutNext = true;
        QuantizerCommandsTest.Run r = run("infer", "--model", SPEC, "--image", image().toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("transfer stopped at " + files.get(HubModel.WEIGHTS).length / 2 + " bytes"), r.err());
        List<String> gets = weightGets();
        assertEquals(2, gets.size(), gets.toString());
        int half = files.get(HubModel.WEIGHTS).length / 2;
        assertTrue(gets.get(1).endsWith(" bytes=" + half + "-"), gets.toString());
        assertArrayEquals(files.get(HubModel.WEIGHTS), Files.readAllBytes(snapshot().resolve(HubModel.WEIGHTS)));
    }

    @Test
    void aPartialFileFromAnEarlierRunIsResumed() throws IOException {
        byte[] w = files.get(HubModel.WEIGHTS);
        Files.createDirectories(snapshot());
        Files.write(snapshot().resolve(HubModel.WEIGHTS + ".part"), Arrays.copyOf(w, 1000));
        QuantizerCommandsTest.Run r = run("infer", "--model", SPEC, "--image", image().toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(List.of("GET /cdn/" + FakeHub.hex("SHA-256", w) + " bytes=1000-"), weightGets());
        assertArrayEquals(w, Files.readAllBytes(snapshot().resolve(HubModel.WEIGHTS)));
        assertFalse(Files.exists(snapshot().resolve(HubModel.WEIGHTS + ".part")));
    }

    @Test
    void aWrongShaIsRefusedAndDeleted() throws IOException {
        hub.tamper = true;
        QuantizerCommandsTest.Run r = run("infer", "--model", SPEC, "--image", image().toString());
        // after the progress lines, one error line
        assertEquals(2, r.code(), r.err());
        List<String> lines = r.err().lines().toList();
        assertTrue(lines.get(lines.size() - 1).startsWith("error: " + SPEC + "@main: download corrupted: model.safetensors has SHA-256 "), r.err());
        assertTrue(lines.stream().limit(lines.size() - 1).allMatch(l -> l.startsWith("hf model.safetensors: ")), r.err());
        assertEquals("", r.out());
        assertFalse(Files.exists(snapshot().resolve(HubModel.WEIGHTS)));
        assertFalse(Files.exists(snapshot().resolve(HubModel.WEIGHTS + ".part")));
        hub.tamper = false;
        assertEquals(0, run("infer", "--model", SPEC, "--image", image().toString()).code(), "a clean retry works");
    }

    @Test
    void missingGatedUnreachableAndMalformedAreOneLineErrors() throws IOException {
        String img = image().toString();
        assertBadInput(run("infer", "--model", "hf:test-org/absent", "--image", img), "no such repository or file");
        assertBadInput(run("infer", "--model", SPEC + "@v9", "--image", img), "no such repository or file");
        hub.gated.add(REPO);
        assertBadInput(run("infer", "--model", SPEC, "--image", img), "gated or private repository");
        hub.gated.clear();
        assertBadInput(run("infer", "--model", "hf:../x", "--image", img), "expected hf:ORG/NAME[@REVISION]");
        assertBadInput(run("infer", "--model", "hf:a/b@../../etc", "--image", img), "expected hf:ORG/NAME[@REVISION]");
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        System.setProperty("foldproof.hf.endpoint", "http://127.0.0.1:" + closed);
        assertBadInput(run("infer", "--model", SPEC, "--image", img), "cannot reach 127.0.0.1:" + closed);
        assertFalse(Files.exists(tmp.resolve("cache/hf/" + REPO + "/refs/main")));
    }

    @Test
    void aRenamedRepositoryIsFollowed() throws IOException {
        hub.renamed.put("old-org/resnet-tiny", REPO);
        QuantizerCommandsTest.Run r = run("infer", "--model", "hf:old-org/resnet-tiny", "--image", image().toString());
        assertEquals(0, r.code(), r.err());
        assertArrayEquals(files.get(HubModel.WEIGHTS),
                Files.readAllBytes(tmp.resolve("cache/hf/old-org/resnet-tiny/" + FakeHub.commit(REPO) + "/" + HubModel.WEIGHTS)));
    }

    @Test
    void etagsAreUnquoted() {
        assertEquals("abc", HubDownload.etag(java.util.Optional.of("W/\"ABC\"")));
        assertEquals("abc", HubDownload.etag(java.util.Optional.of("\"abc\"")));
        assertEquals(null, HubDownload.etag(java.util.Optional.empty()));
        assertEquals(FakeHub.gitBlob("hello".getBytes(StandardCharsets.UTF_8)), "b6fc4c620b67d95f953a5c1c1230aaab5db5a1b0");
    }
}
