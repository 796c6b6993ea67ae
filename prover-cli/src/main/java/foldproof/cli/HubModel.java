package foldproof.cli;

import foldproof.quantizer.QuantizerException;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.regex.Pattern;

/**
 * {@code --model hf:ORG/NAME[@REVISION]}: a HuggingFace hub repository holding {@code config.json} and
 * {@code model.safetensors} (e.g. {@code hf:microsoft/resnet-18}), fetched into the cache and then imported
 * like a local safetensors file with its config.
 *
 * <p>Cache layout, under {@code ${foldproof.cache:-${FOLDPROOF_CACHE:-~/.cache/foldproof}}/hf/ORG/NAME/}:
 * {@code COMMIT/config.json} and {@code COMMIT/model.safetensors} (each moved into place only once complete
 * and checked against the hash the hub announced, see {@link HubDownload}), and {@code refs/REVISION}
 * holding the commit a branch or tag name resolved to (the hub's {@code X-Repo-Commit}). A revision whose
 * commit folder holds both files is served from the cache without any network access; so {@code @main}
 * stays at the commit of its first download until {@code refs/main} is deleted (or pass {@code @COMMIT}).
 *
 * <p>The hub is {@code https://huggingface.co} unless system property {@code foldproof.hf.endpoint} or
 * environment variable {@code FOLDPROOF_HF_ENDPOINT} names another (tests use a loopback server).
 * A token in {@code HF_TOKEN} is sent to the hub (not to the file host it redirects to), for gated models.
 */
final class HubModel {
    static final String PREFIX = "hf:";
    static final String DEFAULT_ENDPOINT = "https://huggingface.co";
    static final String CONFIG = "config.json";
    static final String WEIGHTS = "model.safetensors";
    private static final Pattern PART = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,95}");
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");

    /** A parsed {@code hf:} value. {@code revision} is a branch, tag or commit ({@code main} when absent). */
    record Spec(String org, String name, String revision) {
        String repo() {
            return org + "/" + name;
        }

        @Override
        public String toString() {
            return PREFIX + repo() + "@" + revision;
        }
    }

    /** The files of one commit in the cache; {@code downloaded} is false if nothing was fetched. */
    record Snapshot(Path dir, String commit, boolean downloaded) {
        Path config() {
            return dir.resolve(CONFIG);
        }

        Path weights() {
            return dir.resolve(WEIGHTS);
        }
    }

    private HubModel() { }

    static boolean isHub(String spec) {
        return spec.startsWith(PREFIX);
    }

    /** Parses {@code hf:ORG/NAME[@REVISION]}; names are letters, digits, {@code . _ -} (no {@code /} in a revision). */
    static Spec parse(String spec) {
        String s = spec.substring(PREFIX.length());
        String rev = "main";
        int at = s.indexOf('@');
        if (at >= 0) {
            rev = s.substring(at + 1);
            s = s.substring(0, at);
        }
        String[] p = s.split("/", -1);
        if (p.length != 2 || !safe(p[0]) || !safe(p[1]) || !safe(rev)) {
            throw new QuantizerException("bad hub model '" + spec + "': expected hf:ORG/NAME[@REVISION], e.g. hf:microsoft/resnet-18"
                    + " (names and revision: letters, digits, '.', '_', '-')");
        }
        return new Spec(p[0], p[1], rev);
    }

    private static boolean safe(String part) {
        return PART.matcher(part).matches() && !part.contains("..");
    }

    /** {@code <cache>/hf}: the system property {@code foldproof.cache}, else {@code FOLDPROOF_CACHE}, else {@code ~/.cache/foldproof}. */
    static Path cacheRoot() {
        String env = System.getProperty("foldproof.cache", System.getenv("FOLDPROOF_CACHE"));
        Path base = env != null && !env.isBlank() ? Paths.get(env) : Paths.get(System.getProperty("user.home"), ".cache", "foldproof");
        return base.resolve("hf");
    }

    /** The hub's base URI: system property {@code foldproof.hf.endpoint}, else {@code FOLDPROOF_HF_ENDPOINT}, else huggingface.co. */
    static URI endpoint() {
        String e = System.getProperty("foldproof.hf.endpoint", System.getenv("FOLDPROOF_HF_ENDPOINT"));
        String s = e == null || e.isBlank() ? DEFAULT_ENDPOINT : e.strip();
        URI u;
        try {
            u = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
        } catch (IllegalArgumentException x) {
            throw new QuantizerException("bad hub endpoint '" + s + "' (FOLDPROOF_HF_ENDPOINT): " + x.getMessage());
        }
        if (u.getHost() == null || !("https".equals(u.getScheme()) || "http".equals(u.getScheme()))) {
            throw new QuantizerException("bad hub endpoint '" + s + "' (FOLDPROOF_HF_ENDPOINT): expected http(s)://host[:port]");
        }
        return u;
    }

    /**
     * The cached files of {@code spec}, downloading what is missing (progress on {@code err}). Without
     * network access, a revision already in the cache still resolves.
     */
    static Snapshot fetch(Spec spec, PrintWriter err, Progress.Mode mode) {
        Path repoDir = cacheRoot().resolve(spec.org()).resolve(spec.name());
        Snapshot cached = cached(repoDir, spec.revision());
        if (cached != null) {
            return cached;
        }
        try {
            Files.createDirectories(repoDir);
        } catch (IOException e) {
            throw new QuantizerException("cannot create the cache folder " + repoDir + ": " + e.getMessage());
        }
        // one download per repository at a time, across processes (the .part files are shared)
        try (FileChannel ch = FileChannel.open(repoDir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = ch.lock()) {
            cached = cached(repoDir, spec.revision()); // another process may have finished meanwhile
            if (cached != null) {
                return cached;
            }
            try {
                return download(spec, repoDir, err, mode);
            } catch (IOException e) {
                throw new QuantizerException("cannot write to the cache folder " + repoDir + ": " + e.getMessage(), e);
            }
        } catch (IOException e) {
            throw new QuantizerException("cannot lock the cache folder " + repoDir + ": " + e.getMessage());
        }
    }

    /** The snapshot of {@code revision} if its commit is known offline and both files are in place, else null. */
    private static Snapshot cached(Path repoDir, String revision) {
        String commit = COMMIT.matcher(revision).matches() ? revision : null;
        Path ref = repoDir.resolve("refs").resolve(revision);
        if (commit == null && Files.isRegularFile(ref)) {
            try {
                String c = Files.readString(ref, StandardCharsets.US_ASCII).strip();
                commit = COMMIT.matcher(c).matches() ? c : null;
            } catch (IOException e) {
                commit = null; // unreadable ref: ask the hub again
            }
        }
        if (commit == null) {
            return null;
        }
        Path dir = repoDir.resolve(commit);
        return Files.isRegularFile(dir.resolve(CONFIG)) && Files.isRegularFile(dir.resolve(WEIGHTS)) ? new Snapshot(dir, commit, false) : null;
    }

    private static Snapshot download(Spec spec, Path repoDir, PrintWriter err, Progress.Mode mode) throws IOException {
        HubDownload hub = new HubDownload(endpoint(), spec, System.getenv("HF_TOKEN"));
        HubDownload.Meta config = hub.head(spec.revision(), CONFIG);
        String commit = config.commit() != null ? config.commit() : COMMIT.matcher(spec.revision()).matches() ? spec.revision() : null;
        if (commit == null || !COMMIT.matcher(commit).matches()) {
            throw new QuantizerException(spec + ": the hub named no commit for revision " + spec.revision()
                    + " (X-Repo-Commit " + (config.commit() == null ? "missing" : "'" + config.commit() + "'") + ")");
        }
        Path dir = Files.createDirectories(repoDir.resolve(commit));
        if (!Files.isRegularFile(dir.resolve(CONFIG))) {
            hub.fetch(config, dir.resolve(CONFIG), null);
        }
        if (!Files.isRegularFile(dir.resolve(WEIGHTS))) {
            // by commit, so both files come from the same revision even if the branch moves meanwhile
            HubDownload.Meta weights = hub.head(commit, WEIGHTS);
            hub.fetch(weights, dir.resolve(WEIGHTS), new HubDownload.Report(err, mode));
        }
        if (!commit.equals(spec.revision())) {
            Path refs = Files.createDirectories(repoDir.resolve("refs"));
            Path tmp = Files.createTempFile(refs, "." + spec.revision(), ".tmp");
            Files.writeString(tmp, commit + "\n", StandardCharsets.US_ASCII);
            move(tmp, refs.resolve(spec.revision()));
        }
        err.println("downloaded " + spec + " (commit " + commit.substring(0, 12) + ") into " + dir);
        err.flush();
        return new Snapshot(dir, commit, true);
    }

    /** Atomic rename where the file system can (same folder, so it can). */
    static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
