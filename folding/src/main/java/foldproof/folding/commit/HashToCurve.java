package foldproof.folding.commit;

import foldproof.bn254.fq.Fq;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.stream.IntStream;
import org.bouncycastle.crypto.digests.KeccakDigest;

/**
 * Transparent, deterministic hash-to-curve for Pedersen generators (try-and-increment).
 *
 * <p>For a domain string {@code D}, a tag {@code t} ({@code 'G'} for the vector generators, {@code 'H'}
 * for the blinding generator), an index {@code i} and a counter {@code ctr = 0, 1, ...}:
 * {@code x = (Keccak256(pre || 0x00) || Keccak256(pre || 0x01)) mod p} with
 * {@code pre = "foldproof/generators/v1" || u32(len D) || D || t || u64(i) || u32(ctr)}; the first
 * {@code x} for which {@code x^3 + 3} is a square gives the point {@code (x, y)} with {@code y} the
 * square root whose canonical value is even. BN254 G1 has cofactor 1, so every such point is in the
 * group, and nobody knows a discrete-log relation between generators (no trusted setup). Each point
 * depends only on {@code (D, t, i)}, so the key of size {@code n} is a prefix of every larger key.
 *
 * <p>Cost: about two square roots (Fq exponentiations) per point on average; parallelised over
 * indices since square roots cannot be batched.
 */
public final class HashToCurve {
    static final byte[] PREFIX = "foldproof/generators/v1".getBytes(StandardCharsets.UTF_8);
    private static final BigInteger P = Fq.MODULUS;
    private static final long[] THREE = new long[4];

    static {
        Fq.fromBigInteger(BigInteger.valueOf(3), THREE, 0);
    }

    private HashToCurve() {}

    /** Writes the affine point (8 longs, Fq Montgomery) for {@code (domain, tag, index)} at {@code out[off..]}. */
    public static void point(String domain, char tag, long index, long[] out, int off) {
        byte[] d = domain.getBytes(StandardCharsets.UTF_8);
        KeccakDigest k = new KeccakDigest(256);
        byte[] h = new byte[64];
        byte[] word = new byte[8];
        long[] t = new long[8];
        for (int ctr = 0; ; ctr++) {
            for (int half = 0; half < 2; half++) {
                k.update(PREFIX, 0, PREFIX.length);
                putInt(word, d.length);
                k.update(word, 0, 4);
                k.update(d, 0, d.length);
                k.update((byte) tag);
                for (int b = 0; b < 8; b++) word[b] = (byte) (index >>> (56 - 8 * b));
                k.update(word, 0, 8);
                putInt(word, ctr);
                k.update(word, 0, 4);
                k.update((byte) half);
                k.doFinal(h, 32 * half);
            }
            Fq.fromBigInteger(new BigInteger(1, h).mod(P), t, 0);      // x
            Fq.sqr(t, 0, t, 4);
            Fq.mul(t, 4, t, 0, t, 4);
            Fq.add(t, 4, THREE, 0, t, 4);                               // x^3 + 3
            if (!Fq.sqrt(t, 4, t, 4)) continue;
            Fq.toCanonical(t, 4, out, off);                             // parity of canonical y
            if ((out[off] & 1) != 0) Fq.neg(t, 4, t, 4);
            System.arraycopy(t, 0, out, off, 8);
            return;
        }
    }

    /** Generators {@code G_from .. G_{to-1}} of {@code domain} into {@code out} (8 longs each, from offset 0), in parallel. */
    public static void generators(String domain, int from, int to, long[] out) {
        int chunk = 1024;
        int tasks = (to - from + chunk - 1) / chunk;
        IntStream.range(0, tasks).parallel().forEach(tk -> {
            int a = from + tk * chunk, b = Math.min(to, a + chunk);
            for (int i = a; i < b; i++) point(domain, 'G', i, out, (i - from) * 8);
        });
    }

    private static void putInt(byte[] w, int v) {
        w[0] = (byte) (v >>> 24);
        w[1] = (byte) (v >>> 16);
        w[2] = (byte) (v >>> 8);
        w[3] = (byte) v;
    }
}
