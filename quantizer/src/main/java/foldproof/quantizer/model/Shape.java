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

    /** Length of one row (all channels of one y): the unit the proof commits to. */
    public int rowLength() {
        return c * w;
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
