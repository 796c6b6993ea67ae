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
 * model), strict to parse ({@link ModelParser}). Its SHA-256 is the model digest the proofs bind to.
 *
 * <p>Layout, big-endian (docs/quantizer.md has the full table): magic {@code "FPQM"}, u16 version (1),
 * name and description (u32 length + UTF-8), preprocess (u8 mode, u32 resize, u32 crop, 3 f32 mean,
 * 3 f32 std), input shape (3 u32), f64 input scale, u32 layer count, one f64 scale per tensor, the
 * layers (u8 kind, name, u32 input tensor, kind-specific fields; weight and bias counts are implied by
 * the shapes and never stored), then u8 labels flag and, if set, one string per class. Nothing may follow.
 */
public final class ModelFile {
    static final byte[] MAGIC = {'F', 'P', 'Q', 'M'};
    static final int VERSION = 1;
    static final int CONV = 1;
    static final int MAXPOOL = 2;
    static final int HEAD = 3;
    static final int SKIP_NONE = 0;
    static final int SKIP_IDENTITY = 1;
    static final int SKIP_PROJECTION = 2;
    static final int SKIP_OPTION_A = 3;

    private ModelFile() { }

    /** The canonical bytes of {@code m} (validated first). */
    public static byte[] toBytes(QModel m) {
        ModelChecks.validate(m);
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
            DataOutputStream out = new DataOutputStream(bytes);
            out.write(MAGIC);
            out.writeShort(VERSION);
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
                layer(out, l);
            }
            out.writeByte(m.labels() == null ? 0 : 1);
            if (m.labels() != null) {
                for (String s : m.labels()) {
                    string(out, s);
                }
            }
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses canonical bytes strictly (see {@link ModelParser}). */
    public static QModel fromBytes(byte[] bytes) {
        return new ModelParser(bytes).parse();
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

    public static QModel read(Path path) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new QuantizerException("cannot read model file " + path + ": " + e.getMessage(), e);
        }
        try {
            return fromBytes(bytes);
        } catch (QuantizerException e) {
            throw new QuantizerException("model file " + path + ": " + e.getMessage(), e);
        }
    }

    /** SHA-256 of file bytes (for a parsed file, equal to {@link #digest} of its model: parsing demands canonical bytes). */
    public static byte[] digestOfBytes(byte[] fileBytes) {
        return sha256(fileBytes);
    }

    /** Lower-case hex. */
    public static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder(2 * b.length);
        for (byte x : b) {
            sb.append(Character.forDigit((x >> 4) & 15, 16)).append(Character.forDigit(x & 15, 16));
        }
        return sb.toString();
    }

    /** SHA-256 of the canonical file bytes: the model digest. */
    public static byte[] digest(QModel m) {
        return sha256(toBytes(m));
    }

    /** Lower-case hex of {@link #digest(QModel)}. */
    public static String digestHex(QModel m) {
        return hex(digest(m));
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    private static void layer(DataOutputStream out, QLayer l) throws IOException {
        if (l instanceof QLayer.Conv c) {
            out.writeByte(CONV);
            string(out, c.name());
            out.writeInt(c.input());
            ints(out, c.inC(), c.outC(), c.kernel(), c.stride(), c.pad(), c.shift());
            intArray(out, c.w());
            longArray(out, c.b());
            skip(out, c.skip());
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
            intArray(out, h.w());
            longArray(out, h.b());
        }
    }

    private static void skip(DataOutputStream out, QLayer.QSkip s) throws IOException {
        if (s instanceof QLayer.QSkip.Identity id) {
            out.writeByte(SKIP_IDENTITY);
            out.writeInt(id.tensor());
            out.writeLong(id.alpha());
        } else if (s instanceof QLayer.QSkip.Projection p) {
            out.writeByte(SKIP_PROJECTION);
            ints(out, p.tensor(), p.inC(), p.kernel(), p.stride(), p.pad());
            intArray(out, p.w());
        } else if (s instanceof QLayer.QSkip.OptionA a) {
            out.writeByte(SKIP_OPTION_A);
            ints(out, a.tensor(), a.inC(), a.stride(), a.padBefore());
            out.writeLong(a.alpha());
        } else {
            out.writeByte(SKIP_NONE);
        }
    }

    /** Bulk big-endian encoding (same bytes as writeInt per element, much faster for 10^7 weights). */
    private static void intArray(DataOutputStream out, int[] v) throws IOException {
        java.nio.ByteBuffer bb = java.nio.ByteBuffer.allocate(4 * v.length);
        bb.asIntBuffer().put(v);
        out.write(bb.array());
    }

    private static void longArray(DataOutputStream out, long[] v) throws IOException {
        java.nio.ByteBuffer bb = java.nio.ByteBuffer.allocate(8 * v.length);
        bb.asLongBuffer().put(v);
        out.write(bb.array());
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
