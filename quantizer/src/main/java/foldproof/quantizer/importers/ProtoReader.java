package foldproof.quantizer.importers;

import foldproof.quantizer.QuantizerException;

import java.nio.charset.StandardCharsets;

/**
 * A minimal protobuf wire-format cursor over a byte range (enough for ONNX: varints, length-delimited
 * fields, fixed32/fixed64). Every length is checked against the enclosing range, so a truncated or
 * corrupt file gives a {@link QuantizerException} naming {@code what} and the offset, never an
 * out-of-bounds error or a hang.
 */
final class ProtoReader {
    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LEN = 2;
    static final int FIXED32 = 5;

    private final byte[] buf;
    private final String what;
    private int pos;
    private final int end;
    private int tag;

    ProtoReader(byte[] buf, int off, int end, String what) {
        this.buf = buf;
        this.pos = off;
        this.end = end;
        this.what = what;
    }

    /** Advances to the next field; false at the end of the range. */
    boolean next() {
        if (pos >= end) {
            return false;
        }
        long t = varint();
        if (t <= 0 || t > Integer.MAX_VALUE || (t >>> 3) == 0) {
            throw corrupt("bad field tag " + t);
        }
        tag = (int) t;
        int wt = tag & 7;
        if (wt != VARINT && wt != FIXED64 && wt != LEN && wt != FIXED32) {
            throw corrupt("unsupported wire type " + wt + " (field " + (tag >>> 3) + ")");
        }
        return true;
    }

    int field() {
        return tag >>> 3;
    }

    int wireType() {
        return tag & 7;
    }

    long varint() {
        long r = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= end) {
                throw corrupt("truncated varint");
            }
            byte b = buf[pos++];
            r |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                return r;
            }
        }
        throw corrupt("varint longer than 10 bytes");
    }

    float fixed32Float() {
        return Float.intBitsToFloat((int) fixed(4));
    }

    private long fixed(int n) {
        if (end - pos < n) {
            throw corrupt("truncated fixed" + (8 * n));
        }
        long r = 0;
        for (int i = 0; i < n; i++) {
            r |= (long) (buf[pos + i] & 0xff) << (8 * i);
        }
        pos += n;
        return r;
    }

    /** Reads a length prefix and returns a reader over that sub-range (positioned after it). */
    ProtoReader message(String subWhat) {
        int len = length();
        ProtoReader sub = new ProtoReader(buf, pos, pos + len, subWhat);
        pos += len;
        return sub;
    }

    /** Start offset and length of a length-delimited payload; advances past it. Returns {off, len}. */
    int[] bytesRange() {
        int len = length();
        int[] r = {pos, len};
        pos += len;
        return r;
    }

    String string() {
        int len = length();
        String s = new String(buf, pos, len, StandardCharsets.UTF_8);
        pos += len;
        return s;
    }

    /** Adds the field's int64 value(s) to {@code out}, accepting packed and unpacked encodings. */
    void int64s(LongList out) {
        if (wireType() == VARINT) {
            out.add(varint());
        } else if (wireType() == LEN) {
            int len = length();
            int stop = pos + len;
            ProtoReader sub = new ProtoReader(buf, pos, stop, what);
            while (sub.pos < stop) {
                out.add(sub.varint());
            }
            pos = stop;
        } else {
            throw corrupt("field " + field() + " should be an integer");
        }
    }

    /** Adds the field's float value(s) to {@code out}, accepting packed and unpacked encodings. */
    void floats(FloatList out) {
        if (wireType() == FIXED32) {
            out.add(fixed32Float());
        } else if (wireType() == LEN) {
            int len = length();
            if (len % 4 != 0) {
                throw corrupt("packed float field of " + len + " bytes");
            }
            for (int i = 0; i < len / 4; i++) {
                out.add(fixed32Float());
            }
        } else {
            throw corrupt("field " + field() + " should be a float");
        }
    }

    void skip() {
        switch (wireType()) {
            case VARINT -> varint();
            case FIXED64 -> fixed(8);
            case FIXED32 -> fixed(4);
            default -> {
                int len = length();
                pos += len;
            }
        }
    }

    void expect(int wireType) {
        if (wireType() != wireType) {
            throw corrupt("field " + field() + " has wire type " + wireType() + ", expected " + wireType);
        }
    }

    private int length() {
        expect(LEN);
        long len = varint();
        if (len < 0 || len > end - pos) {
            throw corrupt("length " + len + " runs past the end (" + (end - pos) + " bytes left)");
        }
        return (int) len;
    }

    byte[] buffer() {
        return buf;
    }

    QuantizerException corrupt(String msg) {
        return new QuantizerException("corrupt or truncated ONNX file: " + what + " at byte " + pos + ": " + msg);
    }

    /** Growable long list (no boxing). */
    static final class LongList {
        long[] a = new long[8];
        int n;

        void add(long v) {
            if (n == a.length) {
                a = java.util.Arrays.copyOf(a, 2 * n);
            }
            a[n++] = v;
        }

        long[] toArray() {
            return java.util.Arrays.copyOf(a, n);
        }
    }

    /** Growable float list (no boxing). */
    static final class FloatList {
        float[] a = new float[8];
        int n;

        void add(float v) {
            if (n == a.length) {
                a = java.util.Arrays.copyOf(a, 2 * n);
            }
            a[n++] = v;
        }

        float[] toArray() {
            return java.util.Arrays.copyOf(a, n);
        }
    }
}
