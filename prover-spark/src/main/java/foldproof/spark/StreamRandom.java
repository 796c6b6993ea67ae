package foldproof.spark;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Random;

/**
 * The blinding source of a task: SHA-256 in counter mode over a 32-byte secret seed the driver drew from its
 * own source ({@link java.security.SecureRandom} in real use) and a label naming the task's part (an image's
 * rows, an image's tiles in a layer, a node). Deterministic, so a task Spark runs again (a lost executor, an
 * evicted cached block) makes the same commitments; distinct labels give independent streams.
 *
 * <p>Block {@code i} is {@code SHA-256(seed || label || i)}; {@link #nextBytes} and {@link #next} read the
 * stream in order.
 */
final class StreamRandom extends Random {
    private static final long serialVersionUID = 1L;

    private final transient MessageDigest sha;
    private final byte[] prefix;
    private final byte[] block = new byte[32];
    private int used = 32;
    private long counter;

    StreamRandom(byte[] seed, String label, long... ids) {
        super(0);
        if (seed.length < 32) {
            throw new IllegalArgumentException("seed must have 32 bytes");
        }
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] l = label.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(seed.length + 4 + l.length + 8 * ids.length);
        b.put(seed).putInt(l.length).put(l);
        for (long id : ids) {
            b.putLong(id);
        }
        prefix = b.array();
    }

    private byte nextByte() {
        if (used == 32) {
            sha.update(prefix);
            sha.update(ByteBuffer.allocate(8).putLong(counter++).array());
            try {
                sha.digest(block, 0, 32);
            } catch (java.security.DigestException e) {
                throw new IllegalStateException(e);
            }
            used = 0;
        }
        return block[used++];
    }

    @Override
    public void nextBytes(byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = nextByte();
        }
    }

    @Override
    protected int next(int bits) {
        int v = 0;
        for (int i = 0; i < 4; i++) {
            v = (v << 8) | (nextByte() & 0xff);
        }
        return v >>> (32 - bits);
    }
}
