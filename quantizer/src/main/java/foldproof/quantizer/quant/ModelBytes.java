package foldproof.quantizer.quant;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * The bytes {@link ModelParser} reads, front to back: a byte array, or a file read one window of
 * {@link ModelFile#CHUNK} bytes at a time. A model read from a file is then never held as a whole byte array
 * beside its parsed weights (for a deep model that copy was megabytes, garbage from the moment the parse
 * ended but usually promoted to the old generation by a collection during the parse).
 *
 * <p>{@link #take} makes the next {@code n <= }{@link #window()} bytes readable at the current position of the
 * buffer it returns (big-endian); the caller advances it. Positions are offsets from the start of the source.
 * An I/O error, or a file that changes length while it is read, is an {@link UncheckedIOException}.
 */
final class ModelBytes {
    private final FileChannel file;   // null: buf holds every byte
    private final long size;
    private final ByteBuffer buf;
    private long base;                // source offset of buf[0]
    private long end;                 // the parse stops here (a version-2 file's checksum is not parsed)

    private ModelBytes(FileChannel file, long size, ByteBuffer buf) {
        this.file = file;
        this.size = size;
        this.buf = buf;
        this.end = size;
    }

    /** All of {@code bytes}. */
    static ModelBytes of(byte[] bytes) {
        return new ModelBytes(null, bytes.length, ByteBuffer.wrap(bytes));
    }

    /** The file {@code ch}, of {@code size} bytes, from its start. */
    static ModelBytes of(FileChannel ch, long size) {
        ByteBuffer b = ByteBuffer.allocate(ModelFile.CHUNK);
        b.limit(0);
        return new ModelBytes(ch, size, b);
    }

    /** A second reader over the same source and range, at position 0 (the canonical-form comparison). */
    ModelBytes again() {
        ModelBytes r = file == null ? new ModelBytes(null, size, ByteBuffer.wrap(buf.array())) : of(file, size);
        r.end = end;
        r.buf.limit((int) Math.min(r.buf.limit(), end));
        return r;
    }

    /** Length of the whole source. */
    long size() {
        return size;
    }

    /** Largest {@link #take}. */
    int window() {
        return file == null ? Integer.MAX_VALUE : buf.capacity();
    }

    /** Ends the readable range at {@code newEnd} (at or after the current position). */
    void end(long newEnd) {
        end = newEnd;
        if (file == null) {
            buf.limit((int) newEnd);
        } else if (base + buf.limit() > newEnd) {
            buf.limit((int) (newEnd - base));
        }
    }

    /** Offset of the next byte. */
    long position() {
        return base + buf.position();
    }

    /** Bytes left before the end of the range. */
    long remaining() {
        return end - position();
    }

    /** Makes the next {@code n} bytes ({@code n <= window()}, {@code n <= remaining()}) readable in the returned window. */
    ByteBuffer take(int n) {
        if (buf.remaining() < n) {
            refill();
        }
        return buf;
    }

    private void refill() {
        int keep = buf.remaining();
        base += buf.position();
        buf.compact();
        try {
            long want = Math.min(buf.capacity(), end - base);
            while (buf.position() < want) {
                buf.limit((int) want);
                if (file.read(buf, base + buf.position()) < 0) {
                    throw new IOException("the file ended at " + (base + buf.position()) + " of " + size + " bytes (changed while read)");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        buf.flip();
        assert buf.remaining() >= keep;
    }

    /**
     * SHA-256 of the source's bytes {@code [0, n)} and then its bytes {@code [n, size)} copied to
     * {@code rest} (the version-2 checksum and its trailer), without moving this reader.
     */
    byte[] sha256(long n, byte[] rest) {
        java.security.MessageDigest md;
        try {
            md = java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
        if (file == null) {
            md.update(buf.array(), 0, (int) n);
            System.arraycopy(buf.array(), (int) n, rest, 0, rest.length);
            return md.digest();
        }
        ByteBuffer b = ByteBuffer.allocate(ModelFile.CHUNK);
        try {
            for (long at = 0; at < size; ) {
                b.clear();
                b.limit((int) Math.min(b.capacity(), size - at));
                int r = file.read(b, at);
                if (r < 0) {
                    throw new IOException("the file ended at " + at + " of " + size + " bytes (changed while read)");
                }
                int hashed = (int) Math.max(0, Math.min(r, n - at));   // this chunk's bytes before n
                md.update(b.array(), 0, hashed);
                if (hashed < r) {
                    System.arraycopy(b.array(), hashed, rest, (int) (at + hashed - n), r - hashed);
                }
                at += r;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return md.digest();
    }
}
