package foldproof.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback HTTP server that answers like the HuggingFace hub: {@code /{org}/{name}/resolve/{rev}/{file}}
 * for {@code rev} = {@code main} or the repository's commit, with {@code X-Repo-Commit}; a small file is
 * served there with its git blob SHA-1 as {@code ETag}; {@code model.safetensors} is a large (LFS) file:
 * {@code 302} to {@code /cdn/{sha256}} with {@code X-Linked-Etag} (its SHA-256) and {@code X-Linked-Size},
 * and {@code /cdn/} honours {@code Range: bytes=N-} with {@code 206} and {@code Content-Range}. Unknown
 * repositories, revisions and files are 404, {@link #gated} ones 401, {@link #renamed} ones a relative 307.
 * {@link #requests} logs every request.
 */
final class FakeHub implements AutoCloseable {
    private static final Pattern RESOLVE = Pattern.compile("/([^/]+/[^/]+)/resolve/([^/]+)/([^/]+)");

    private final HttpServer server;
    private final Map<String, Map<String, byte[]>> repos = new HashMap<>();
    private final Map<String, byte[]> cdn = new HashMap<>();
    final Set<String> gated = Collections.synchronizedSet(new HashSet<>());
    /** Old repository name to new: answered with a relative 307 to the new name, as the hub does after a rename. */
    final Map<String, String> renamed = new java.util.concurrent.ConcurrentHashMap<>();
    final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    /** Cut the connection halfway through the next {@code /cdn/} body (then serve normally). */
    volatile boolean cutNext;
    /** Serve {@code /cdn/} bytes with one byte changed (the announced hash stays the true one). */
    volatile boolean tamper;

    FakeHub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** Publishes {@code files} as repository {@code repo} ("org/name"). */
    void put(String repo, Map<String, byte[]> files) {
        repos.put(repo, files);
        cdn.put(hex("SHA-256", files.get(HubModel.WEIGHTS)), files.get(HubModel.WEIGHTS));
    }

    /** The commit the hub reports for {@code repo} (40 hex digits, derived from the name). */
    static String commit(String repo) {
        return hex("SHA-1", ("commit " + repo).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange x) throws IOException {
        String path = x.getRequestURI().getPath();
        String range = x.getRequestHeaders().getFirst("Range");
        requests.add(x.getRequestMethod() + " " + path + (range == null ? "" : " " + range));
        boolean head = x.getRequestMethod().equals("HEAD");
        try (x) {
            Matcher m = RESOLVE.matcher(path);
            if (m.matches()) {
                resolve(x, head, m.group(1), m.group(2), m.group(3));
            } else if (path.startsWith("/cdn/") && cdn.containsKey(path.substring(5))) {
                serve(x, head, cdn.get(path.substring(5)), range, true);
            } else {
                empty(x, 404);
            }
        }
    }

    private void resolve(HttpExchange x, boolean head, String repo, String rev, String file) throws IOException {
        if (renamed.containsKey(repo)) {
            x.getResponseHeaders().add("Location", "/" + renamed.get(repo) + "/resolve/" + rev + "/" + file);
            empty(x, 307);
            return;
        }
        if (gated.contains(repo)) {
            empty(x, 401);
            return;
        }
        Map<String, byte[]> files = repos.get(repo);
        if (files == null || !(rev.equals("main") || rev.equals(commit(repo))) || !files.containsKey(file)) {
            x.getResponseHeaders().add("X-Error-Code", files == null ? "RepoNotFound" : "EntryNotFound");
            empty(x, 404);
            return;
        }
        byte[] b = files.get(file);
        x.getResponseHeaders().add("X-Repo-Commit", commit(repo));
        if (file.equals(HubModel.WEIGHTS)) {
            String sha = hex("SHA-256", b);
            x.getResponseHeaders().add("X-Linked-Etag", "\"" + sha + "\"");
            x.getResponseHeaders().add("X-Linked-Size", Long.toString(b.length));
            x.getResponseHeaders().add("ETag", "W/\"" + hex("SHA-1", ("pointer " + sha).getBytes(StandardCharsets.UTF_8)) + "\"");
            x.getResponseHeaders().add("Location", endpoint() + "/cdn/" + sha); // absolute, like the hub's file host
            empty(x, 302);
            return;
        }
        x.getResponseHeaders().add("ETag", "\"" + gitBlob(b) + "\"");
        serve(x, head, b, x.getRequestHeaders().getFirst("Range"), false);
    }

    private void serve(HttpExchange x, boolean head, byte[] b, String range, boolean large) throws IOException {
        int from = 0;
        if (range != null) {
            Matcher r = Pattern.compile("bytes=(\\d+)-").matcher(range);
            if (!r.matches() || Long.parseLong(r.group(1)) >= b.length) {
                empty(x, 416);
                return;
            }
            from = Integer.parseInt(r.group(1));
            x.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + (b.length - 1) + "/" + b.length);
        }
        int len = b.length - from;
        if (head) {
            x.getResponseHeaders().add("Content-Length", Integer.toString(len));
            x.sendResponseHeaders(range != null ? 206 : 200, -1);
            return;
        }
        byte[] body = java.util.Arrays.copyOfRange(b, from, b.length);
        if (tamper && large) {
            body[body.length / 2] ^= 1;
        }
        x.sendResponseHeaders(range != null ? 206 : 200, len);
        OutputStream out = x.getResponseBody();
        if (cutNext && large) {
            cutNext = false;
            out.write(body, 0, len / 2);
            out.flush();
            return; // closing the exchange with bytes missing drops the connection
        }
        out.write(body);
    }

    private static void empty(HttpExchange x, int code) throws IOException {
        x.sendResponseHeaders(code, -1);
    }

    static String gitBlob(byte[] b) {
        byte[] h = ("blob " + b.length + "\0").getBytes(StandardCharsets.US_ASCII);
        byte[] all = java.util.Arrays.copyOf(h, h.length + b.length);
        System.arraycopy(b, 0, all, h.length, b.length);
        return hex("SHA-1", all);
    }

    static String hex(String alg, byte[] b) {
        try {
            return java.util.HexFormat.of().formatHex(MessageDigest.getInstance(alg).digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A small random BasicBlock ResNet in HuggingFace {@code ResNetForImageClassification} naming (as
     * {@code microsoft/resnet-18}, reduced: stem 7x7 to 4 channels, two stages of one block, widths 4 and
     * 8, 3 classes, 32x32 input) and its {@code config.json}.
     */
    static Map<String, byte[]> tinyHfResNet(long seed) {
        Random r = new Random(seed);
        Map<String, float[]> t = new LinkedHashMap<>();
        Map<String, long[]> shapes = new HashMap<>();
        convBn(r, t, shapes, "resnet.embedder.embedder.convolution.weight", "resnet.embedder.embedder.normalization.", 4, 3, 7);
        int[] widths = {4, 8};
        int inC = 4;
        for (int s = 0; s < widths.length; s++) {
            String blk = "resnet.encoder.stages." + s + ".layers.0.";
            int w = widths[s];
            if (inC != w || s > 0) {
                convBn(r, t, shapes, blk + "shortcut.convolution.weight", blk + "shortcut.normalization.", w, inC, 1);
            }
            convBn(r, t, shapes, blk + "layer.0.convolution.weight", blk + "layer.0.normalization.", w, inC, 3);
            convBn(r, t, shapes, blk + "layer.1.convolution.weight", blk + "layer.1.normalization.", w, w, 3);
            inC = w;
        }
        put(t, shapes, "classifier.1.weight", gauss(r, 3 * inC, 0.3), 3, inC);
        put(t, shapes, "classifier.1.bias", gauss(r, 3, 0.1), 3);
        String config = """
                {"architectures": ["ResNetForImageClassification"], "model_type": "resnet", "depths": [1, 1],
                 "hidden_sizes": [4, 8], "embedding_size": 4, "layer_type": "basic", "hidden_act": "relu",
                 "downsample_in_first_stage": false, "num_channels": 3,
                 "id2label": {"0": "tench", "1": "goldfish", "2": "great white shark"},
                 "preprocess": {"mode": "short_edge_crop", "resize": 36, "crop": 32}}
                """;
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(HubModel.CONFIG, config.getBytes(StandardCharsets.UTF_8));
        files.put(HubModel.WEIGHTS, safetensors(t, shapes));
        return files;
    }

    private static void convBn(Random r, Map<String, float[]> t, Map<String, long[]> shapes, String w, String bn, int outC, int inC, int k) {
        put(t, shapes, w, gauss(r, outC * inC * k * k, Math.sqrt(2.0 / (inC * k * k))), outC, inC, k, k);
        float[] gamma = new float[outC];
        float[] var = new float[outC];
        for (int i = 0; i < outC; i++) {
            gamma[i] = (float) (0.5 + r.nextDouble());
            var[i] = (float) (0.2 + 2 * r.nextDouble());
        }
        put(t, shapes, bn + "weight", gamma, outC);
        put(t, shapes, bn + "bias", gauss(r, outC, 0.1), outC);
        put(t, shapes, bn + "running_mean", gauss(r, outC, 0.1), outC);
        put(t, shapes, bn + "running_var", var, outC);
    }

    private static void put(Map<String, float[]> t, Map<String, long[]> shapes, String name, float[] v, long... shape) {
        t.put(name, v);
        shapes.put(name, shape);
    }

    private static float[] gauss(Random r, int n, double sd) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (r.nextGaussian() * sd);
        }
        return v;
    }

    /** F32 safetensors: u64 little-endian header length, JSON header, then the tensors in order. */
    static byte[] safetensors(Map<String, float[]> t, Map<String, long[]> shapes) {
        StringBuilder h = new StringBuilder("{\"__metadata__\":{\"format\":\"pt\"}");
        long off = 0;
        for (Map.Entry<String, float[]> e : t.entrySet()) {
            long end = off + 4L * e.getValue().length;
            h.append(",\"").append(e.getKey()).append("\":{\"dtype\":\"F32\",\"shape\":")
                    .append(java.util.Arrays.toString(shapes.get(e.getKey())).replace(" ", ""))
                    .append(",\"data_offsets\":[").append(off).append(',').append(end).append("]}");
            off = end;
        }
        h.append('}');
        while (h.length() % 8 != 0) {
            h.append(' ');
        }
        byte[] hb = h.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate((int) (8 + hb.length + off)).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(hb.length).put(hb);
        for (float[] v : t.values()) {
            for (float f : v) {
                out.putFloat(f);
            }
        }
        return out.array();
    }
}
