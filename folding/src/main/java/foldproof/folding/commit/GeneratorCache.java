package foldproof.folding.commit;

import foldproof.bn254.fq.Fq;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * On-disk cache of hash-to-curve generators, under {@code ${FOLDPROOF_CACHE:-~/.cache/foldproof}/generators/}
 * (system property {@code foldproof.cache} overrides, for tests).
 *
 * <p>File {@code <first 16 hex of SHA-256(domain)>-<count>.g1}: magic {@code FPGEN001}, u32 domain length,
 * domain (UTF-8), u32 count, count x (x, y) as 32-byte canonical big-endian coordinates, then the SHA-256
 * of everything before. On load the hash, the domain and the count are checked, and a few points are
 * recomputed by {@link HashToCurve} and compared (which also checks they are on the curve); any mismatch
 * makes the file ignored (and regenerated). Files are written to a temporary name and atomically moved.
 * Because each generator depends only on its index, any file with {@code count >= n} serves size n.
 */
final class GeneratorCache {
    private static final byte[] MAGIC = "FPGEN001".getBytes(StandardCharsets.US_ASCII);
    private static final int SPOT_CHECKS = 8;

    private GeneratorCache() {}

    static Path dir() {
        String prop = System.getProperty("foldproof.cache");
        String env = System.getenv("FOLDPROOF_CACHE");
        Path base = prop != null && !prop.isEmpty() ? Path.of(prop)
                : env != null && !env.isEmpty() ? Path.of(env)
                : Path.of(System.getProperty("user.home"), ".cache", "foldproof");
        return base.resolve("generators");
    }

    static String stem(String domain) {
        return hex(sha256(domain.getBytes(StandardCharsets.UTF_8))).substring(0, 16);
    }

    /**
     * The first {@code n} generators of {@code domain} from the smallest cached file holding at least n; if none
     * does, all generators of the largest cached file (fewer than n: the caller extends them); null if none.
     */
    static long[] load(String domain, int n) {
        Path dir = dir();
        if (!Files.isDirectory(dir)) return null;
        String stem = stem(domain);
        Path best = null, largest = null;
        long bestCount = Long.MAX_VALUE, largestCount = 0;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, stem + "-*.g1")) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                long count;
                try {
                    count = Long.parseLong(name.substring(stem.length() + 1, name.length() - 3));
                } catch (NumberFormatException e) {
                    continue;
                }
                if (count >= n && count < bestCount) {
                    best = p;
                    bestCount = count;
                }
                if (count < n && count > largestCount) {
                    largest = p;
                    largestCount = count;
                }
            }
        } catch (IOException e) {
            return null;
        }
        if (best == null) best = largest;
        if (best == null) return null;
        try {
            return decode(Files.readAllBytes(best), domain, n);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static long[] decode(byte[] f, String domain, int n) {
        byte[] d = domain.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.wrap(f);
        int head = MAGIC.length + 4 + d.length + 4;
        if (f.length < head + 32) return null;
        byte[] magic = new byte[MAGIC.length];
        b.get(magic);
        if (!Arrays.equals(magic, MAGIC) || b.getInt() != d.length) return null;
        byte[] fd = new byte[d.length];
        b.get(fd);
        if (!Arrays.equals(fd, d)) return null;
        int count = b.getInt();
        if (count < 0 || (long) f.length != head + 64L * count + 32) return null;
        int m = Math.min(n, count);
        byte[] digest = sha256(Arrays.copyOfRange(f, 0, f.length - 32));
        if (!Arrays.equals(digest, Arrays.copyOfRange(f, f.length - 32, f.length))) return null;
        long[] out = new long[m * 8];
        IntStream.range(0, (m + 4095) / 4096).parallel().forEach(t -> {
            long[] c = new long[4];
            for (int i = t * 4096, e = Math.min(m, i + 4096); i < e; i++) {
                for (int k = 0; k < 2; k++) {
                    readBigEndian(f, head + 64 * i + 32 * k, c);
                    Fq.fromCanonical(c, 0, out, i * 8 + 4 * k);
                }
            }
        });
        long[] check = new long[8];
        for (int s = 0; s < SPOT_CHECKS && s < m; s++) {
            int i = s == 0 ? 0 : s == 1 ? m - 1 : (int) ((long) m * s / SPOT_CHECKS);
            HashToCurve.point(domain, 'G', i, check, 0);
            if (!Arrays.equals(check, 0, 8, out, i * 8, i * 8 + 8)) return null;
        }
        return out;
    }

    /** Writes {@code count} generators (affine, Fq Montgomery) atomically; failures are ignored (cache only). */
    static void store(String domain, long[] aff, int count) {
        byte[] d = domain.getBytes(StandardCharsets.UTF_8);
        int head = MAGIC.length + 4 + d.length + 4;
        byte[] f = new byte[head + 64 * count + 32];
        ByteBuffer b = ByteBuffer.wrap(f);
        b.put(MAGIC).putInt(d.length).put(d).putInt(count);
        IntStream.range(0, (count + 4095) / 4096).parallel().forEach(t -> {
            long[] c = new long[4];
            for (int i = t * 4096, e = Math.min(count, i + 4096); i < e; i++) {
                for (int k = 0; k < 2; k++) {
                    Fq.toCanonical(aff, i * 8 + 4 * k, c, 0);
                    writeBigEndian(c, f, head + 64 * i + 32 * k);
                }
            }
        });
        System.arraycopy(sha256(Arrays.copyOfRange(f, 0, f.length - 32)), 0, f, f.length - 32, 32);
        writeAtomically(stem(domain) + "-" + count + ".g1", f);
    }

    /**
     * Writes {@code f} as {@code name} in {@link #dir()} through a temporary file moved into place (atomically where
     * the file system can); failures are ignored: a cache only, an unwritable directory costs regeneration next time.
     */
    static void writeAtomically(String name, byte[] f) {
        Path dir = dir();
        try {
            Files.createDirectories(dir);
            Path target = dir.resolve(name);
            Path tmp = Files.createTempFile(dir, ".tmp-", ".part");
            try {
                Files.write(tmp, f);
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            // best-effort, see above
        }
    }

    private static void readBigEndian(byte[] src, int off, long[] c) {
        for (int l = 0; l < 4; l++) {
            long v = 0;
            for (int k = 0; k < 8; k++) v = (v << 8) | (src[off + 8 * (3 - l) + k] & 0xff);
            c[l] = v;
        }
    }

    private static void writeBigEndian(long[] c, byte[] dst, int off) {
        for (int l = 0; l < 4; l++) {
            for (int k = 0; k < 8; k++) dst[off + 8 * (3 - l) + k] = (byte) (c[l] >>> (56 - 8 * k));
        }
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) sb.append(String.format("%02x", x));
        return sb.toString();
    }
}
