package foldproof.quantizer.quant;

import foldproof.quantizer.QuantizerException;
import foldproof.quantizer.model.Preprocess;
import foldproof.quantizer.model.QLayer;
import foldproof.quantizer.model.QModel;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The quantized model file ({@code .fpq}): versioned, self-describing, canonical (one byte string per
 * model), strict to parse ({@link ModelParser}), and sealed by a checksum so a corrupted file is refused.
 *
 * <p>Layout, big-endian (docs/quantizer.md has the full table): magic {@code "FPQM"}, u16 version (2, or 3),
 * name and description (u32 length + UTF-8), preprocess (u8 mode, u32 resize, u32 crop, 3 f32 mean,
 * 3 f32 std), input shape (3 u32), f64 input scale, u32 layer count, one f64 scale per tensor, the
 * layers (u8 kind, name, u32 input tensor, kind-specific fields; weight and bias counts are implied by
 * the shapes and never stored), then u8 labels flag and, if set, one string per class; then (version 2)
 * the 32-byte SHA-256 of every byte before it. Nothing may follow.
 *
 * <p>The model digest the proofs bind is SHA-256 of the <em>canonical content</em>: the same fields
 * encoded as a version-1 file (version field 1, no checksum), so it is the digest of today's and of
 * every earlier file of that model. Version-1 files (no checksum) still load; {@link Loaded#legacy()}
 * says so, for the caller to warn.
 *
 * <p>Version 3 is version 2 plus one layer kind, the grouped conv ({@link #CONV_GROUPED}: a conv's fields with
 * u32 groups, at least 2, after the shift). It is written for exactly the models that have a grouped conv
 * ({@link #versionFor}), so every other model's file stays byte for byte what version 2 wrote, and a build
 * without grouped convs refuses such a file by its version instead of misreading it. The digest stays that of
 * the fields with version field 1, whatever the version.
 */
public final class ModelFile {
    static final byte[] MAGIC = {'F', 'P', 'Q', 'M'};
    /** The version written: the layout of version 1 plus a SHA-256 trailer. */
    public static final int VERSION = 2;
    /** The version written for a model with a grouped conv: version 2 plus layer kind {@link #CONV_GROUPED}. */
    public static final int GROUPED_VERSION = 3;
    /** The layout without a checksum; still read, and the encoding the model digest is computed over. */
    static final int LEGACY_VERSION = 1;
    /** Length of the version-2 trailer (a full SHA-256: see docs/quantizer.md for why not CRC-32C). */
    static final int CHECKSUM_BYTES = 32;
    /** The message, after "model file PATH is ", of a version-2 file whose trailer does not match. */
    static final String CORRUPTED = "corrupted: checksum mismatch";
    static final int CONV = 1;
    static final int MAXPOOL = 2;
    static final int HEAD = 3;
    /** A conv with {@code groups >= 2} (version 3 only): the fields of {@link #CONV} with u32 groups after the shift. */
    static final int CONV_GROUPED = 4;
    static final int SKIP_NONE = 0;
    static final int SKIP_IDENTITY = 1;
    static final int SKIP_PROJECTION = 2;
    static final int SKIP_OPTION_A = 3;

    /**
     * Bytes per step when a model file is read ({@link ModelBytes}) or its weights encoded: a model file is
     * never copied whole into a byte array (nor, as reading it in one call would, into a cached direct buffer
     * as large as the file: native memory held until exit).
     */
    static final int CHUNK = 1 << 16;

    private ModelFile() { }

    /** A parsed file: the model and the file's format version. */
    public record Loaded(QModel model, int version) {
        /** True for a version-1 file: it has no checksum, so corruption cannot be detected (rewrite it). */
        public boolean legacy() {
            return version < VERSION;
        }
    }

    /**
     * The version a file of {@code m} has: {@link #GROUPED_VERSION} when a layer is a grouped conv, else
     * {@link #VERSION} (or the legacy version 1, never written). A file of another version is not canonical.
     */
    public static int versionFor(QModel m) {
        for (QLayer l : m.layers()) {
            if (l instanceof QLayer.Conv c && c.groups() != 1) {
                return GROUPED_VERSION;
            }
        }
        return VERSION;
    }

    /** The file bytes of {@code m} (validated first), in its version ({@link #versionFor}): canonical, checksum last. */
    public static byte[] toBytes(QModel m) {
        byte[] body = encode(m, versionFor(m));
        byte[] file = java.util.Arrays.copyOf(body, body.length + CHECKSUM_BYTES);
        System.arraycopy(sha256(body, 0, body.length), 0, file, body.length, CHECKSUM_BYTES);
        return file;
    }

    /**
     * The fields of {@code m} (validated first) with {@code version} in the version field and no
     * checksum: a complete version-1 file for {@code version = 1}, the part a version-2 checksum covers
     * for {@code version = 2}.
     */
    static byte[] encode(QModel m, int version) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
        encode(m, version, bytes);
        return bytes.toByteArray();
    }

    /** As {@link #encode(QModel, int)}, written to {@code sink} (buffered here; flushed, not closed). */
    private static void encode(QModel m, int version, java.io.OutputStream sink) {
        ModelChecks.validate(m);
        try {
            DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(sink, 1 << 16));
            byte[] chunk = new byte[CHUNK];   // weights pass through it: no copy of a layer's tensor
            out.write(MAGIC);
            out.writeShort(version);
            string(out, m.name());
            string(out, m.description());
            Preprocess p = m.preprocess();
            out.writeByte(p.mode().ordinal());
            out.writeInt(p.resize());
            out.writeInt(p.crop());
            for (int c = 0; c < 3; c++) {
                out.writeFloat(p.mean()[c]);
            }
            for (int c = 0; c < 3; c++) {
                out.writeFloat(p.std()[c]);
            }
            out.writeInt(m.input().c());
            out.writeInt(m.input().h());
            out.writeInt(m.input().w());
            out.writeDouble(m.inputScale());
            out.writeInt(m.layers().size());
            for (double s : m.scales()) {
                out.writeDouble(s);
            }
            for (QLayer l : m.layers()) {
                layer(out, l, chunk);
            }
            out.writeByte(m.labels() == null ? 0 : 1);
            if (m.labels() != null) {
                for (String s : m.labels()) {
                    string(out, s);
                }
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * True when {@code m} encodes (with {@code version}; see {@link #encode(QModel, int)}) to exactly the bytes
     * {@code expected} has left: the parser's canonical-form check, compared as the encoding is produced (no
     * copy of the encoding is made).
     */
    static boolean encodesTo(QModel m, int version, ModelBytes expected) {
        var cmp = new java.io.OutputStream() {
            boolean differs;

            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                if (differs || len > expected.remaining()) {
                    differs = true;
                    return;
                }
                for (int done = 0; done < len && !differs; ) {
                    int n = Math.min(len - done, expected.window());
                    java.nio.ByteBuffer e = expected.take(n);
                    int at = e.arrayOffset() + e.position();
                    differs = !java.util.Arrays.equals(b, off + done, off + done + n, e.array(), at, at + n);
                    e.position(e.position() + n);
                    done += n;
                }
            }
        };
        encode(m, version, cmp);
        return !cmp.differs && expected.remaining() == 0;
    }

    /** Parses file bytes of either version strictly, checking a version-2 checksum first (see {@link ModelParser}). */
    public static QModel fromBytes(byte[] bytes) {
        return parse(bytes).model();
    }

    /** Like {@link #fromBytes} but also says which version the bytes were. */
    public static Loaded parse(byte[] bytes) {
        ModelParser p = new ModelParser(bytes);
        QModel m = p.parse();
        return new Loaded(m, p.version());
    }

    /** Writes {@code m} atomically: a temporary file beside {@code path}, then a rename. */
    public static void write(QModel m, Path path) {
        byte[] bytes = toBytes(m);
        Path abs = path.toAbsolutePath();
        Path dir = abs.getParent();
        Path tmp = null;
        try {
            if (dir != null) {
                Files.createDirectories(dir);
            }
            tmp = Files.createTempFile(dir, "." + abs.getFileName(), ".tmp");
            Files.write(tmp, bytes);
            try {
                Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: keep the default permissions
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new QuantizerException("cannot write model file " + path + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: the temporary name starts with a dot
                }
            }
        }
    }

    /** Reads and parses a model file (either version); see {@link #readFile} to learn whether it was legacy. */
    public static QModel read(Path path) {
        return readFile(path).model();
    }

    /**
     * Reads and parses a model file. Errors name {@code path}; a version-2 file whose checksum does not
     * match is "model file PATH is corrupted: checksum mismatch".
     */
    public static Loaded readFile(Path path) {
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(path)) {
            long size = ch.size();
            if (size > Integer.MAX_VALUE - 8) {
                throw new IOException("file of " + size + " bytes is too large");
            }
            ModelParser p = new ModelParser(ModelBytes.of(ch, size));   // read a window at a time, parsed as read
            QModel m = p.parse();
            if (ch.size() != size) {
                throw new IOException("the file changed length while read");
            }
            return new Loaded(m, p.version());
        } catch (IOException | UncheckedIOException e) {
            IOException io = e instanceof UncheckedIOException u ? u.getCause() : (IOException) e;
            throw new QuantizerException("cannot read model file " + path + ": " + io.getMessage(), io);
        } catch (QuantizerException e) {
            String sep = CORRUPTED.equals(e.getMessage()) ? " is " : ": ";
            throw new QuantizerException("model file " + path + sep + e.getMessage(), e);
        }
    }

    /**
     * The model digest of a model file's bytes, without parsing them: SHA-256 of the canonical content
     * (for a version-2 file, the bytes before the checksum with version field 1). For a file that parses,
     * equal to {@link #digest} of its model (parsing demands canonical bytes).
     */
    public static byte[] digestOfBytes(byte[] fileBytes) {
        if (fileBytes.length < 6 || !java.util.Arrays.equals(fileBytes, 0, 4, MAGIC, 0, 4)) {
            throw new QuantizerException("not a foldproof model file (bad magic; expected \"FPQM\")");
        }
        int version = ((fileBytes[4] & 0xFF) << 8) | (fileBytes[5] & 0xFF);
        if (version == LEGACY_VERSION) {
            return sha256(fileBytes, 0, fileBytes.length);
        }
        if ((version != VERSION && version != GROUPED_VERSION) || fileBytes.length < 6 + CHECKSUM_BYTES) {
            throw new QuantizerException("unsupported model file version " + version + " or truncated file");
        }
        return canonicalDigest(fileBytes, fileBytes.length - CHECKSUM_BYTES);
    }

    /** SHA-256 of {@code body[0, end)} with the version field read as 1: the canonical content's digest. */
    private static byte[] canonicalDigest(byte[] body, int end) {
        MessageDigest md = sha256();
        md.update(MAGIC);
        md.update(new byte[] {0, (byte) LEGACY_VERSION});
        md.update(body, 6, end - 6);
        return md.digest();
    }

    /** Lower-case hex. */
    public static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder(2 * b.length);
        for (byte x : b) {
            sb.append(Character.forDigit((x >> 4) & 15, 16)).append(Character.forDigit(x & 15, 16));
        }
        return sb.toString();
    }

    /** The model digest: SHA-256 of the canonical content (the version-1 encoding, no checksum), as before version 2. */
    public static byte[] digest(QModel m) {
        // streamed into the hash: no copy of the model's bytes (megabytes for a deep model) is allocated
        MessageDigest md = sha256();
        encode(m, LEGACY_VERSION, new java.security.DigestOutputStream(java.io.OutputStream.nullOutputStream(), md));
        return md.digest();
    }

    /** Lower-case hex of {@link #digest(QModel)}. */
    public static String digestHex(QModel m) {
        return hex(digest(m));
    }

    static byte[] sha256(byte[] bytes, int from, int len) {
        MessageDigest md = sha256();
        md.update(bytes, from, len);
        return md.digest();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    private static void layer(DataOutputStream out, QLayer l, byte[] chunk) throws IOException {
        if (l instanceof QLayer.Conv c) {
            out.writeByte(c.groups() == 1 ? CONV : CONV_GROUPED);
            string(out, c.name());
            out.writeInt(c.input());
            ints(out, c.inC(), c.outC(), c.kernel(), c.stride(), c.pad(), c.shift());
            if (c.groups() != 1) {
                out.writeInt(c.groups());
            }
            intArray(out, c.w(), chunk);
            longArray(out, c.b(), chunk);
            skip(out, c.skip(), chunk);
        } else if (l instanceof QLayer.MaxPool p) {
            out.writeByte(MAXPOOL);
            string(out, p.name());
            out.writeInt(p.input());
            ints(out, p.kernel(), p.stride(), p.pad());
        } else {
            QLayer.Head h = (QLayer.Head) l;
            out.writeByte(HEAD);
            string(out, h.name());
            out.writeInt(h.input());
            ints(out, h.inC(), h.classes());
            out.writeDouble(h.logitScale());
            intArray(out, h.w(), chunk);
            longArray(out, h.b(), chunk);
        }
    }

    private static void skip(DataOutputStream out, QLayer.QSkip s, byte[] chunk) throws IOException {
        if (s instanceof QLayer.QSkip.Identity id) {
            out.writeByte(SKIP_IDENTITY);
            out.writeInt(id.tensor());
            out.writeLong(id.alpha());
        } else if (s instanceof QLayer.QSkip.Projection p) {
            out.writeByte(SKIP_PROJECTION);
            ints(out, p.tensor(), p.inC(), p.kernel(), p.stride(), p.pad());
            intArray(out, p.w(), chunk);
        } else if (s instanceof QLayer.QSkip.OptionA a) {
            out.writeByte(SKIP_OPTION_A);
            ints(out, a.tensor(), a.inC(), a.stride(), a.padBefore());
            out.writeLong(a.alpha());
        } else {
            out.writeByte(SKIP_NONE);
        }
    }

    /**
     * Bulk big-endian encoding (same bytes as writeInt per element, much faster for 10^7 weights), through
     * {@code chunk}: encoding a model (its digest, the parser's canonical check) allocates no copy of its
     * weights.
     */
    private static void intArray(DataOutputStream out, int[] v, byte[] chunk) throws IOException {
        java.nio.IntBuffer ib = java.nio.ByteBuffer.wrap(chunk).asIntBuffer();
        for (int i = 0; i < v.length; i += ib.capacity()) {
            int n = Math.min(ib.capacity(), v.length - i);
            ib.clear();
            ib.put(v, i, n);
            out.write(chunk, 0, 4 * n);
        }
    }

    private static void longArray(DataOutputStream out, long[] v, byte[] chunk) throws IOException {
        java.nio.LongBuffer lb = java.nio.ByteBuffer.wrap(chunk).asLongBuffer();
        for (int i = 0; i < v.length; i += lb.capacity()) {
            int n = Math.min(lb.capacity(), v.length - i);
            lb.clear();
            lb.put(v, i, n);
            out.write(chunk, 0, 8 * n);
        }
    }

    private static void ints(DataOutputStream out, int... v) throws IOException {
        for (int x : v) {
            out.writeInt(x);
        }
    }

    private static void string(DataOutputStream out, String s) throws IOException {
        byte[] b = (s == null ? "" : s).getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }
}
