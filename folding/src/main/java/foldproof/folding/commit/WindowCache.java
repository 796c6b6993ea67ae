package foldproof.folding.commit;

import foldproof.bn254.msm.FixedBaseTable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.LongBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * On-disk cache of a domain's {@link FixedBaseTable} (the window multiples of its first generators), beside the
 * generators ({@link GeneratorCache#dir()}): building one costs about 255 doublings per generator (0.3-0.5 s of
 * CPU for 4,096), reading it a few milliseconds.
 *
 * <p>File {@code <first 16 hex of SHA-256(domain)>-<count>.w<bits>}: magic {@code FPWIN001}, u32 domain length,
 * domain (UTF-8), u32 window bits, u32 windows {@code W}, u32 count, then windows {@code 1..W-1} (window 0 is the
 * generators), each {@code count} affine points as 8 little-endian longs (Fq Montgomery limbs), then the SHA-256
 * of everything before. On load the size (before reading), the hash and every header field are checked and four
 * entries, the first and last generator's and two at random positions chosen afresh each time, are recomputed
 * from the generators by doublings; any mismatch makes the file ignored (and rewritten). The hash catches
 * accidental damage; a file crafted by someone who can write the cache may pass, and then only makes the
 * blinding instances' commitments wrong: the prover's proofs fail to verify (never a false proof accepted, and
 * the blinds' {@code rho H} never come from the cache). Written to a temporary name and moved atomically. A table
 * holds the first {@code min(4096, key size)} generators of its domain.
 */
final class WindowCache {
    private static final byte[] MAGIC = "FPWIN001".getBytes(StandardCharsets.US_ASCII);
    private static final int SPOT_CHECKS = 4;

    private WindowCache() { }

    /** Makes {@code t} cover at least {@code n} bases: from the cache when a fresh table, else built (all of its limit) and stored. */
    static void ensure(String domain, FixedBaseTable t, int n) {
        if (t.size() >= n) {
            return;
        }
        synchronized (t) {
            if (t.size() >= n) {
                return;
            }
            if (t.size() == 0) {
                long[][] w = load(domain, t);
                if (w != null) {
                    t.install(w, t.limit());
                }
            }
            if (t.size() < n) {
                t.ensure(t.limit());
                store(domain, t);
            }
        }
    }

    static Path file(String domain, int count) {
        return GeneratorCache.dir().resolve(GeneratorCache.stem(domain) + "-" + count + ".w" + FixedBaseTable.windowBits());
    }

    private static int headerLength(byte[] d) {
        return MAGIC.length + 4 + d.length + 12;
    }

    /** Windows {@code 0..W-1} (0 left null) of {@code t.limit()} bases from the cache, or null. */
    static long[][] load(String domain, FixedBaseTable t) {
        int count = t.limit();
        Path p = file(domain, count);
        if (!Files.isRegularFile(p)) {
            return null;
        }
        try {
            byte[] d = domain.getBytes(StandardCharsets.UTF_8);
            if (Files.size(p) != headerLength(d) + 64L * count * (FixedBaseTable.windows() - 1) + 32) {
                return null;   // before reading: a huge file must not exhaust the heap
            }
            return decode(Files.readAllBytes(p), domain, t);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static long[][] decode(byte[] f, String domain, FixedBaseTable t) {
        int count = t.limit();
        int w = FixedBaseTable.windows();
        byte[] d = domain.getBytes(StandardCharsets.UTF_8);
        int head = headerLength(d);
        long body = 64L * count * (w - 1);
        if (f.length != head + body + 32) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(f);
        byte[] magic = new byte[MAGIC.length];
        b.get(magic);
        if (!Arrays.equals(magic, MAGIC) || b.getInt() != d.length) {
            return null;
        }
        byte[] fd = new byte[d.length];
        b.get(fd);
        if (!Arrays.equals(fd, d) || b.getInt() != FixedBaseTable.windowBits() || b.getInt() != w || b.getInt() != count) {
            return null;
        }
        if (!Arrays.equals(GeneratorCache.sha256(Arrays.copyOf(f, f.length - 32)), Arrays.copyOfRange(f, f.length - 32, f.length))) {
            return null;
        }
        LongBuffer lb = ByteBuffer.wrap(f, head, (int) body).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer();
        long[][] out = new long[w][];
        for (int j = 1; j < w; j++) {
            out[j] = new long[8 * count];
            lb.get(out[j]);
        }
        java.util.concurrent.ThreadLocalRandom rnd = java.util.concurrent.ThreadLocalRandom.current();
        for (int s = 0; s < SPOT_CHECKS; s++) {
            int i = s == 0 ? 0 : s == 1 ? count - 1 : rnd.nextInt(count);
            int j = 1 + (s == 0 ? w - 2 : rnd.nextInt(w - 1));
            if (!Arrays.equals(t.recompute(i, j), 0, 8, out[j], 8 * i, 8 * i + 8)) {
                return null;
            }
        }
        return out;
    }

    /** Writes {@code t}'s windows (it covers its limit); failures are ignored (a cache only). */
    static void store(String domain, FixedBaseTable t) {
        int count = t.size();
        int w = FixedBaseTable.windows();
        byte[] d = domain.getBytes(StandardCharsets.UTF_8);
        int head = headerLength(d);
        byte[] f = new byte[head + 64 * count * (w - 1) + 32];
        ByteBuffer b = ByteBuffer.wrap(f);
        b.put(MAGIC).putInt(d.length).put(d).putInt(FixedBaseTable.windowBits()).putInt(w).putInt(count);
        LongBuffer lb = ByteBuffer.wrap(f, head, 64 * count * (w - 1)).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer();
        for (int j = 1; j < w; j++) {
            lb.put(t.window(j), 0, 8 * count);
        }
        System.arraycopy(GeneratorCache.sha256(Arrays.copyOf(f, f.length - 32)), 0, f, f.length - 32, 32);
        GeneratorCache.writeAtomically(file(domain, count).getFileName().toString(), f);
    }
}
