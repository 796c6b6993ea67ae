package foldproof.cli;

import foldproof.quantizer.QuantizerException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One hub file, the way the hub serves it: {@code HEAD /{repo}/resolve/{rev}/{file}} without following
 * redirects gives the metadata ({@code X-Repo-Commit}; {@code X-Linked-Etag}, the SHA-256 of a large (LFS)
 * file, or else {@code ETag}, which for a small file is its git blob SHA-1; and for a large file a 302 to
 * the file host), then a {@code GET} of where it points streams the bytes into {@code FILE.part} beside
 * the target. An interrupted transfer resumes with {@code Range: bytes=N-} (also in a later run: the
 * {@code .part} stays), up to {@link #ATTEMPTS} times per run. The complete file is hashed and compared
 * with the announced hash; a mismatch deletes it. Only a verified file is renamed into place, so the
 * target exists only when complete. Every failure is a one-line {@link QuantizerException}.
 */
final class HubDownload {
    /** Transfers per file and run: a dropped connection resumes where it stopped, twice. */
    static final int ATTEMPTS = 3;
    /** Relative redirects followed per HEAD (the hub uses one or two). */
    static final int MAX_HOPS = 5;
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern HEX40 = Pattern.compile("[0-9a-f]{40}");
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");

    /** What a HEAD said: where to GET, the commit, the announced hash, the size (-1 unknown). */
    record Meta(String file, URI location, String commit, String hash, long size) { }

    /** Where download progress goes. */
    record Report(PrintWriter err, Progress.Mode mode) { }

    private final URI endpoint;
    private final HubModel.Spec spec;
    private final String token;
    private final HttpClient http;

    HubDownload(URI endpoint, HubModel.Spec spec, String token) {
        this.endpoint = endpoint;
        this.spec = spec;
        this.token = token == null || token.isBlank() ? null : token.strip();
        this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(30)).build();
    }

    /**
     * HEAD of {@code file} at {@code revision}. Relative redirects (same host: a renamed repository, the
     * hub's resolve cache) are followed, as the hub's own client does; an absolute one (the file host of a
     * large file) is where to GET, and the metadata is that of the response that named it.
     */
    Meta head(String revision, String file) {
        URI first = URI.create(endpoint + "/" + spec.repo() + "/resolve/" + revision + "/" + file);
        URI u = first;
        for (int hop = 0; ; hop++) {
            HttpResponse<Void> r = send(request(u).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.discarding(), file);
            int code = r.statusCode();
            String commit = r.headers().firstValue("X-Repo-Commit").map(String::strip).orElse(null);
            String hash = etag(r.headers().firstValue("X-Linked-Etag").or(() -> r.headers().firstValue("ETag")));
            if (code == 301 || code == 302 || code == 303 || code == 307 || code == 308) {
                String to = r.headers().firstValue("Location").orElseThrow(
                        () -> new QuantizerException(spec + ": HTTP " + code + " without a Location for " + file));
                URI target;
                try {
                    target = new URI(to);
                } catch (java.net.URISyntaxException e) {
                    throw new QuantizerException(spec + ": the hub redirected " + file + " to a bad address '" + to + "'");
                }
                if (target.getHost() == null && hop < MAX_HOPS) {
                    u = u.resolve(target);
                    continue;
                }
                if (!"https".equals(target.getScheme()) && !"http".equals(target.getScheme())) {
                    throw new QuantizerException(spec + ": the hub redirected " + file + " to " + to + ", not an http(s) address");
                }
                long size = r.headers().firstValueAsLong("X-Linked-Size").orElse(-1);
                return new Meta(file, target, commit, hash, size);
            }
            if (code != 200) {
                throw status(code, file);
            }
            URI location = u;
            if (u.equals(first) && commit != null && HEX40.matcher(commit).matches()) {
                // GET it by commit: the bytes then match this HEAD's hash even if the branch moves meanwhile
                location = URI.create(endpoint + "/" + spec.repo() + "/resolve/" + commit + "/" + file);
            }
            long size = r.headers().firstValueAsLong("X-Linked-Size").orElse(r.headers().firstValueAsLong("Content-Length").orElse(-1));
            return new Meta(file, location, commit, hash, size);
        }
    }

    /** {@code W/"abc"} and {@code "abc"} to {@code abc}, lower case; null if absent. */
    static String etag(Optional<String> header) {
        if (header.isEmpty()) {
            return null;
        }
        String s = header.get().strip();
        if (s.startsWith("W/")) {
            s = s.substring(2);
        }
        if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
            s = s.substring(1, s.length() - 1);
        }
        return s.toLowerCase(Locale.ROOT);
    }

    /** Downloads {@code m} into {@code target} (through {@code target.part}); progress to {@code report} if not null. */
    void fetch(Meta m, Path target, Report report) throws IOException {
        if (m.hash() == null || !(HEX64.matcher(m.hash()).matches() || HEX40.matcher(m.hash()).matches())) {
            throw new QuantizerException(spec + ": the hub announced no SHA-256 or git hash for " + m.file()
                    + " (ETag " + (m.hash() == null ? "missing" : "'" + m.hash() + "'") + "), so the download cannot be checked");
        }
        Path part = target.resolveSibling(target.getFileName() + ".part");
        Progress progress = null;
        long[] shown = {0}; // bytes the progress has counted (a restart from 0 does not count twice)
        java.util.function.LongConsumer at = pos -> { };
        try {
            for (int attempt = 1; ; attempt++) {
                long have = Files.exists(part) ? Files.size(part) : 0;
                if (m.size() >= 0 && have > m.size()) {
                    Files.delete(part); // longer than the file: not a prefix of it
                    have = 0;
                }
                if (m.size() >= 0 && have == m.size() && Files.exists(part)) {
                    break; // complete from an earlier run, not yet checked
                }
                if (progress == null && report != null && m.size() > 0) {
                    boolean mib = m.size() >= 1 << 20;
                    Progress p = new Progress("hf " + m.file(), m.size(), report.err(), report.mode(), mib ? " MiB" : " KiB", mib ? 1 << 20 : 1 << 10);
                    progress = p;
                    at = pos -> {
                        if (pos > shown[0]) {
                            p.stepBy(pos - shown[0]);
                            shown[0] = pos;
                        }
                    };
                }
                try {
                    transfer(m, part, have, at);
                    break;
                } catch (IOException e) {
                    long now = Files.exists(part) ? Files.size(part) : 0;
                    if (attempt >= ATTEMPTS) {
                        throw new QuantizerException("cannot reach " + host(m.location()) + ": " + reason(e) + " (" + m.file() + " stopped at "
                                + now + (m.size() >= 0 ? " of " + m.size() : "") + " bytes; run again to resume)", e);
                    }
                    if (report != null) {
                        report.err().println("hf " + m.file() + ": transfer stopped at " + now + " bytes (" + reason(e) + "); resuming");
                        report.err().flush();
                    }
                }
            }
        } finally {
            if (progress != null) {
                progress.close();
            }
        }
        String actual = hash(part, m.hash().length() == 64);
        if (!actual.equals(m.hash())) {
            Files.deleteIfExists(part);
            throw new QuantizerException(spec + ": download corrupted: " + m.file() + " has " + (m.hash().length() == 64 ? "SHA-256 " : "git hash ")
                    + actual + ", the hub announced " + m.hash() + " (file deleted; run again)");
        }
        HubModel.move(part, target);
    }

    /**
     * One GET from {@code have} on, appended to {@code part}, telling {@code at} the file position reached.
     * A cut connection (an error, or fewer bytes than announced) is an IOException, with what arrived kept
     * in {@code part}.
     */
    private void transfer(Meta m, Path part, long have, java.util.function.LongConsumer at) throws IOException {
        HttpRequest.Builder b = request(m.location()).GET();
        if (have > 0) {
            b.header("Range", "bytes=" + have + "-");
        }
        HttpResponse<InputStream> r = send(b.build(), HttpResponse.BodyHandlers.ofInputStream(), m.file());
        int code = r.statusCode();
        long start;
        long total;
        try (InputStream in = r.body()) {
            if (code == 206) {
                Matcher cr = CONTENT_RANGE.matcher(r.headers().firstValue("Content-Range").orElse(""));
                if (!cr.matches() || Long.parseLong(cr.group(1)) != have) {
                    throw new QuantizerException(spec + ": bad Content-Range '" + r.headers().firstValue("Content-Range").orElse("")
                            + "' for " + m.file() + " from byte " + have);
                }
                start = have;
                total = cr.group(3).equals("*") ? -1 : Long.parseLong(cr.group(3));
            } else if (code == 200) {
                start = 0; // the server ignored the range: start over
                long len = r.headers().firstValueAsLong("Content-Length").orElse(-1);
                total = len;
            } else if (code == 416) {
                Files.deleteIfExists(part);
                throw new IOException("range " + have + "- not satisfiable; starting over");
            } else {
                throw status(code, m.file());
            }
            at.accept(start);
            long pos = start;
            StandardOpenOption mode = start == 0 ? StandardOpenOption.TRUNCATE_EXISTING : StandardOpenOption.APPEND;
            try (OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE, mode)) {
                byte[] buf = new byte[1 << 16];
                for (int n; (n = in.read(buf)) > 0; ) {
                    out.write(buf, 0, n);
                    pos += n;
                    at.accept(pos);
                }
            }
            if (total >= 0 && pos != total) {
                throw new IOException("connection closed after " + pos + " of " + total + " bytes");
            }
        }
    }

    private HttpRequest.Builder request(URI u) {
        HttpRequest.Builder b = HttpRequest.newBuilder(u).header("User-Agent", "foldproof").timeout(Duration.ofMinutes(2));
        if (token != null && endpoint.getHost().equalsIgnoreCase(u.getHost()) && endpoint.getPort() == u.getPort()) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    private <T> HttpResponse<T> send(HttpRequest req, HttpResponse.BodyHandler<T> body, String file) {
        try {
            return http.send(req, body);
        } catch (IOException e) {
            throw new QuantizerException("cannot reach " + host(req.uri()) + ": " + reason(e) + " (fetching " + file + " of " + spec + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QuantizerException("interrupted while fetching " + file + " of " + spec, e);
        }
    }

    private QuantizerException status(int code, String file) {
        if (code == 401 || code == 403) {
            return new QuantizerException(spec + ": gated or private repository (HTTP " + code + " for " + file + "): accept its terms on the"
                    + " hub and set HF_TOKEN to an access token");
        }
        if (code == 404) {
            return new QuantizerException(spec + ": no such repository or file (HTTP 404 for " + file + ")");
        }
        return new QuantizerException(spec + ": HTTP " + code + " for " + file + " from " + host(endpoint));
    }

    private static String host(URI u) {
        return u.getPort() < 0 ? u.getHost() : u.getHost() + ":" + u.getPort();
    }

    /**
     * The first non-blank message down the cause chain, else what the deepest cause's type says
     * (HttpClient's ConnectException often has no message; a failed DNS lookup is an
     * UnresolvedAddressException without one).
     */
    static String reason(Throwable e) {
        boolean connect = false;
        boolean dns = false;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getMessage().lines().findFirst().orElse("");
            }
            connect |= t instanceof java.net.ConnectException;
            dns |= t instanceof java.nio.channels.UnresolvedAddressException || t instanceof java.net.UnknownHostException;
        }
        return dns ? "host name not resolved (no network?)" : connect ? "connection refused" : e.getClass().getSimpleName();
    }

    /** SHA-256 of the file, or its git blob SHA-1 ({@code sha1("blob " + size + "\0" + bytes)}), hex. */
    static String hash(Path file, boolean sha256) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance(sha256 ? "SHA-256" : "SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        if (!sha256) {
            md.update(("blob " + Files.size(file) + "\0").getBytes(StandardCharsets.US_ASCII));
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
