package foldproof.circuits.export;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;

/**
 * Little-endian writer for the iden3 binary containers ({@code .r1cs}, {@code .wtns}): a magic, a u32
 * version, a u32 section count, then sections of (u32 type, u64 byte size, content). Field elements are
 * {@value #N8} bytes, little-endian, canonical: in {@code [0, r)}, a negative integer {@code v} written as
 * {@code r - |v|} (r = the BN254 scalar field modulus, the iden3 "bn128" curve's r).
 */
final class LeOutput {
    /** Bytes per field element. */
    static final int N8 = 32;

    /** BN254 scalar field modulus r. */
    static final BigInteger R = new BigInteger("21888242871839275222246405745257275088548364400416034343698204186575808495617");

    /** r as four little-endian 64-bit limbs. */
    private static final long[] R_LIMBS = {
        0x43e1f593f0000001L, 0x2833e84879b97091L, 0xb85045b68181585dL, 0x30644e72e131a029L,
    };

    private final OutputStream out;
    private final byte[] buf = new byte[1 << 16];
    private int n;
    private long written;

    LeOutput(OutputStream out) {
        this.out = out;
    }

    void u32(long v) throws IOException {
        if (v < 0 || v > 0xffffffffL) {
            throw new IllegalArgumentException("value does not fit an unsigned 32-bit field of the format: " + v);
        }
        room(4);
        for (int i = 0; i < 4; i++) {
            buf[n++] = (byte) (v >>> (8 * i));
        }
    }

    void u64(long v) throws IOException {
        if (v < 0) {
            throw new IllegalArgumentException("negative size " + v);
        }
        room(8);
        for (int i = 0; i < 8; i++) {
            buf[n++] = (byte) (v >>> (8 * i));
        }
    }

    void bytes(byte[] b) throws IOException {
        for (byte x : b) {
            room(1);
            buf[n++] = x;
        }
    }

    /** The magic (4 ASCII letters), version and section count. */
    void fileHeader(String magic, int version, int sections) throws IOException {
        bytes(magic.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        u32(version);
        u32(sections);
    }

    /** A section header: type and the exact byte size of the content that follows. */
    void section(int type, long size) throws IOException {
        u32(type);
        u64(size);
    }

    /** The field element {@code v mod r}, canonical, little-endian. */
    void field(long v) throws IOException {
        room(N8);
        if (v >= 0) {
            limb(v);
            limb(0);
            limb(0);
            limb(0);
        } else {
            // r - |v|: |v| <= 2^63 < r's low limb cannot absorb it alone, so propagate the borrow
            long mag = -v;   // Long.MIN_VALUE stays 2^63 as an unsigned value
            long borrow = 0;
            for (int i = 0; i < 4; i++) {
                long sub = i == 0 ? mag : 0;
                long d = R_LIMBS[i] - sub - borrow;
                borrow = Long.compareUnsigned(R_LIMBS[i], sub) < 0 || (Long.compareUnsigned(R_LIMBS[i] - sub, borrow) < 0) ? 1 : 0;
                limb(d);
            }
        }
    }

    /** The prime r, as a field-size little-endian integer. */
    void prime() throws IOException {
        room(N8);
        for (long l : R_LIMBS) {
            limb(l);
        }
    }

    private void limb(long l) {
        for (int i = 0; i < 8; i++) {
            buf[n++] = (byte) (l >>> (8 * i));
        }
    }

    private void room(int k) throws IOException {
        if (n + k > buf.length) {
            flushBuffer();
        }
    }

    private void flushBuffer() throws IOException {
        out.write(buf, 0, n);
        written += n;
        n = 0;
    }

    /** Flushes the buffer into the stream (does not close it). */
    void flush() throws IOException {
        flushBuffer();
        out.flush();
    }

    /** Bytes written so far (after the last flush plus the buffer). */
    long position() {
        return written + n;
    }
}
