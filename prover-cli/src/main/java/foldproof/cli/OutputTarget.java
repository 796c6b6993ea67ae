package foldproof.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A file a command writes ({@code prove --out}, {@code quantize --out}, {@code demo --out}, {@code bench depth
 * --chart}, the two files of {@code export --out DIR}), checked before any work and written atomically. Every command that writes a file goes through here.
 *
 * <p>{@link #check} refuses, with a one-line message naming the user's path (never an internal temporary
 * name): an output that is a folder; a missing folder; an output that is one of the command's inputs (the
 * same file by real path or by file key, so symlinks, hard links and {@code ./x} vs {@code x} are caught);
 * a folder that does not accept a new file, shown by really creating (and removing) a temporary file there:
 * the same folder and the same kind of file {@link #write} later uses, so no file system is special-cased.
 *
 * <p>{@link #write}: a temporary file beside the target ({@code .NAME.<random>.tmp}, created with the
 * umask's permissions), the bytes, {@link FileChannel#force}, then a rename over the target, then a sync of
 * the folder. A failure or a kill leaves the old file (or none) and at most the hidden temporary file.
 */
final class OutputTarget {
    private static final SecureRandom NAMES = new SecureRandom();

    private final Path path;
    private final String option;
    private final Path abs;
    private final Path dir;

    private OutputTarget(Path path, String option) {
        this.path = path;
        this.option = option;
        // the real folder (symlinks and ".." resolved on disk, not by text) plus the file name: every check
        // and the final rename use this one path, so "link/../in.onnx" cannot check one file and replace another
        Path parent = path.toAbsolutePath().getParent();
        Path name = path.getFileName();
        Path real = null;
        if (parent != null && name != null && !name.toString().equals("..") && !name.toString().equals(".")) {
            try {
                real = parent.toRealPath();
            } catch (IOException e) {
                real = null;
            }
        }
        this.dir = real;
        this.abs = real == null ? path.toAbsolutePath() : real.resolve(name.toString());
    }

    /**
     * Checks {@code out} (given as option {@code option}, e.g. "--out") against {@code inputs} (files the
     * command reads; null entries and missing files are skipped) and the writability of its folder.
     *
     * @throws IllegalArgumentException (exit 2) with a message naming {@code out}
     */
    static OutputTarget check(Path out, String option, Collection<Path> inputs) {
        OutputTarget t = new OutputTarget(out, option);
        t.checkTarget(inputs);
        return t;
    }

    /** The path as the user gave it. */
    Path path() {
        return path;
    }

    private void checkTarget(Collection<Path> inputs) {
        if (Files.isDirectory(path) || Files.isDirectory(abs)) {
            throw new IllegalArgumentException(option + " " + path + " is a folder; give a file name");
        }
        if (dir == null || !Files.isDirectory(dir)) {
            throw new IllegalArgumentException(option + " " + path + ": output folder does not exist: "
                    + (dir == null ? path.toAbsolutePath().getParent() : dir));
        }
        for (Path in : inputs) {
            if (in != null && (sameFile(abs, in) || sameFile(path, in))) {
                throw new IllegalArgumentException(option + " " + path + " is the input " + in
                        + (path.toString().equals(in.toString()) ? "" : " (the same file)")
                        + "; writing it would destroy the input: choose another output file");
            }
        }
        Path probe = tempName();
        try {
            FileChannel.open(probe, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
            Files.delete(probe);
        } catch (IOException e) {
            String why = reason(e);
            throw new IllegalArgumentException("cannot write " + option + " " + path + ": the folder " + dir
                    + " does not accept new files" + (why == null ? "" : " (" + why + ")"));
        }
    }

    /**
     * Writes {@code bytes} to the target atomically (see the class comment), after checking again that it
     * is none of {@code inputs}.
     *
     * @throws IOException with a message naming the user's path
     */
    void write(byte[] bytes, Collection<Path> inputs) throws IOException {
        write(ch -> {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                ch.write(b);
            }
        }, inputs);
    }

    /** Writes the temporary file's content (the channel is forced and closed by the caller). */
    interface Content {
        void writeTo(FileChannel ch) throws IOException;
    }

    /**
     * Like {@link #write(byte[], Collection)}, for content too large to hold as one array: {@code content}
     * writes (streams) into the temporary file, which is then forced and renamed over the target.
     */
    void write(Content content, Collection<Path> inputs) throws IOException {
        checkTarget(inputs);
        Path tmp = tempName();
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                content.writeTo(ch);
                ch.force(true);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            syncFolder();
        } catch (IOException e) {
            String why = reason(e);
            throw new IOException("cannot write " + option + " " + path + (why == null ? "" : " (" + why + ")"), e);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Makes the rename durable: fsync of the folder (Linux allows it; elsewhere a no-op). */
    private void syncFolder() {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // not every platform can open a folder as a channel; the file itself was forced
        }
    }

    private Path tempName() {
        byte[] r = new byte[6];
        NAMES.nextBytes(r);
        return dir.resolve("." + abs.getFileName() + "." + HexFormat.of().formatHex(r) + ".tmp");
    }

    /**
     * True if {@code a} and {@code b} are the same file: equal real paths, or equal file keys (device and
     * inode on Linux, which also catches hard links), following symlinks. Missing files are no file.
     */
    static boolean sameFile(Path a, Path b) {
        if (!Files.exists(a) || !Files.exists(b)) {
            return false;
        }
        try {
            if (a.toRealPath().equals(b.toRealPath())) {
                return true;
            }
            Object ka = Files.readAttributes(a, BasicFileAttributes.class).fileKey();
            Object kb = Files.readAttributes(b, BasicFileAttributes.class).fileKey();
            if (ka != null || kb != null) {
                return Objects.equals(ka, kb);
            }
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    /** Why an I/O operation failed, without the temporary file's name; null if the exception says no more than "failed". */
    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return null;   // e.g. /proc: creating a file there fails with ENOENT, which names only the temp file
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }
}
