package foldproof.folding.transcript;

import foldproof.bn254.fr.Fr;
import foldproof.bn254.g1.G1Point;
import java.nio.charset.StandardCharsets;
import org.bouncycastle.crypto.digests.KeccakDigest;

/**
 * Fiat-Shamir transcript on Keccak-256 (Bouncy Castle), one per proof.
 *
 * <p>Construction (a hash chain over a streaming sponge): the running Keccak-256 state absorbs every
 * message framed as {@code op (1 byte) || len(label) (u32 BE) || label (UTF-8) || len(data) (u64 BE) ||
 * data}, so distinct label/data splits can never collide. A challenge frames its label, finalises
 * the sponge into a 32-byte chain value {@code s}, squeezes {@code H(s||0x00) || H(s||0x01)} (64 bytes,
 * reduced mod r, bias &lt; 2^-250), then restarts the sponge with {@code s} and the challenge itself, so
 * every later challenge depends on everything before it, including earlier challenges.
 * Scalars are absorbed as their canonical 32-byte big-endian encodings, points as their 32-byte
 * compressed encodings, longs as 8 bytes big-endian. The protocol label is absorbed first.
 *
 * <p>Not thread-safe; {@link #copy()} forks an independent transcript (e.g. for tests).
 */
public final class Transcript {
    private static final byte OP_INIT = 'I', OP_BYTES = 'B', OP_LONG = 'L', OP_SCALARS = 'S', OP_POINTS = 'P',
            OP_CHALLENGE = 'C', OP_CHAIN = 'H';
    private static final int SCALAR_BYTES = 32;

    private final KeccakDigest sponge;
    private final byte[] buf = new byte[64];

    /** Starts a transcript bound to {@code protocolLabel} (e.g. {@code "foldproof/v1"}). */
    public Transcript(String protocolLabel) {
        this.sponge = new KeccakDigest(256);
        frame(OP_INIT, "foldproof-transcript", 0);
        byte[] p = protocolLabel.getBytes(StandardCharsets.UTF_8);
        frame(OP_BYTES, "protocol", p.length);
        sponge.update(p, 0, p.length);
    }

    private Transcript(Transcript other) {
        this.sponge = new KeccakDigest(other.sponge);
    }

    /** An independent copy with the same state. */
    public Transcript copy() {
        return new Transcript(this);
    }

    /** Absorbs a byte string. */
    public void absorb(String label, byte[] data) {
        frame(OP_BYTES, label, data.length);
        sponge.update(data, 0, data.length);
    }

    /** Absorbs a signed 64-bit integer. */
    public void absorbLong(String label, long v) {
        frame(OP_LONG, label, 8);
        putLong(v);
        sponge.update(buf, 0, 8);
    }

    /** Absorbs one Fr element (Montgomery form, 4 limbs at {@code off}). */
    public void absorbScalar(String label, long[] fr, int off) {
        frame(OP_SCALARS, label, SCALAR_BYTES);
        Fr.toBytes(fr, off, buf, 0);
        sponge.update(buf, 0, SCALAR_BYTES);
    }

    /** Absorbs the first {@code n} Fr elements of {@code v} (Montgomery, 4 limbs each). */
    public void absorbScalars(String label, long[] v, int n) {
        if ((long) n * Fr.LIMBS > v.length) throw new IllegalArgumentException("absorbScalars: n=" + n + " exceeds vector");
        frame(OP_SCALARS, label, (long) n * SCALAR_BYTES);
        for (int i = 0; i < n; i++) {
            Fr.toBytes(v, i * Fr.LIMBS, buf, 0);
            sponge.update(buf, 0, SCALAR_BYTES);
        }
    }

    /** Absorbs a G1 point by its 32-byte compressed encoding. */
    public void absorbPoint(String label, G1Point p) {
        byte[] e = p.encode();
        frame(OP_POINTS, label, e.length);
        sponge.update(e, 0, e.length);
    }

    /** Absorbs several G1 points (one frame). */
    public void absorbPoints(String label, G1Point[] ps) {
        frame(OP_POINTS, label, (long) ps.length * 32);
        for (G1Point p : ps) {
            byte[] e = p.encode();
            sponge.update(e, 0, e.length);
        }
    }

    /** Squeezes a challenge: 64 bytes reduced mod r, written in Montgomery form to {@code out[off..off+3]}. */
    public void challengeScalar(String label, long[] out, int off) {
        frame(OP_CHALLENGE, label, 0);
        byte[] chain = new byte[32];
        sponge.doFinal(chain, 0);
        sponge.update(chain, 0, 32);
        sponge.update((byte) 0);
        sponge.doFinal(buf, 0);
        sponge.update(chain, 0, 32);
        sponge.update((byte) 1);
        sponge.doFinal(buf, 32);
        Fr.fromUniformBytes(buf, 0, out, off);
        // restart the chain from s and bind the challenge value itself
        frame(OP_CHAIN, label, 32);
        sponge.update(chain, 0, 32);
        absorbScalar(label, out, off);
    }

    /** Convenience: a fresh 4-limb challenge. */
    public long[] challengeScalar(String label) {
        long[] out = new long[Fr.LIMBS];
        challengeScalar(label, out, 0);
        return out;
    }

    private void frame(byte op, String label, long dataLen) {
        byte[] l = label.getBytes(StandardCharsets.UTF_8);
        sponge.update(op);
        buf[0] = (byte) (l.length >>> 24);
        buf[1] = (byte) (l.length >>> 16);
        buf[2] = (byte) (l.length >>> 8);
        buf[3] = (byte) l.length;
        sponge.update(buf, 0, 4);
        sponge.update(l, 0, l.length);
        putLong(dataLen);
        sponge.update(buf, 0, 8);
    }

    private void putLong(long v) {
        for (int i = 0; i < 8; i++) buf[i] = (byte) (v >>> (56 - 8 * i));
    }
}
