package foldproof.quantizer.model;

/** Shape of one activation tensor, channels x height x width, stored CHW (index {@code (c*h + y)*w + x}). */
public record Shape(int c, int h, int w) {
    public Shape {
        if (c <= 0 || h <= 0 || w <= 0) {
            throw new IllegalArgumentException("tensor shape must be positive, got " + c + "x" + h + "x" + w);
        }
    }

    public int size() {
        return c * h * w;
    }

    /**
     * Length of one row (all channels of one y): the unit the proof commits to. Entry {@code (c, x)} sits at
     * {@code c * rowStride() + x}; entries {@code x >= w} of each channel are zero padding.
     */
    public int rowLength() {
        return c * rowStride();
    }

    /**
     * Distance between two channels in a committed row: {@code w} rounded up to a power of two, so the
     * position of an entry splits into channel bits and column bits and a verifier can evaluate a
     * convolution's matrix in closed form (docs/protocol.md, "Convolution terms in closed form"). Equal to
     * {@code w} for power-of-two widths; for others the row has unread zero gaps.
     */
    public int rowStride() {
        return w <= 1 ? 1 : Integer.highestOneBit(w - 1) << 1;
    }

    /** Output extent of a window op: {@code (in + 2*pad - kernel) / stride + 1}. */
    public static int outExtent(int in, int kernel, int stride, int pad) {
        int span = in + 2 * pad - kernel;
        if (span < 0) {
            throw new IllegalArgumentException("kernel " + kernel + " larger than padded input " + (in + 2 * pad));
        }
        return span / stride + 1;
    }

    @Override
    public String toString() {
        return c + "x" + h + "x" + w;
    }
}
