package foldproof.quantizer.quant;

/**
 * Static integer kernels of the integer network, on flat CHW {@code int[]} maps and {@code long[]}
 * accumulators (products of 12-bit weights and 8-bit activations summed over thousands of taps exceed
 * 2^31, so accumulation is in 64 bits).
 *
 * <p>Loop order: for one output channel, taps {@code (i, ky, kx)} outside, output rows inside, and the
 * contiguous output x innermost, so the JIT sees a simple multiply-add over a row with the border
 * handled by clipping the x range once per tap instead of testing every position.
 */
final class IntKernels {
    private IntKernels() { }

    /**
     * {@code acc[y*ow + x] += sum_{i < inC,ky,kx} w[wOff + (i*k + ky)*k + kx] * in[c0 + i, y*s+ky-p, x*s+kx-p]}
     * (positions outside the input read 0): the {@code inC} input channels from {@code c0} on (one group of a
     * grouped conv; all of them for a dense one).
     */
    static void convAccumulate(int[] in, int c0, int inC, int h, int w, int[] wt, int wOff, int k, int s, int p,
                               long[] acc, int oh, int ow) {
        int hw = h * w;
        for (int i = 0; i < inC; i++) {
            int base = (c0 + i) * hw;
            for (int ky = 0; ky < k; ky++) {
                int y0 = Math.max(0, ceilDiv(p - ky, s));
                int y1 = Math.min(oh - 1, Math.floorDiv(h - 1 + p - ky, s));
                for (int kx = 0; kx < k; kx++) {
                    long wv = wt[wOff + (i * k + ky) * k + kx];
                    if (wv == 0) {
                        continue;
                    }
                    int x0 = Math.max(0, ceilDiv(p - kx, s));
                    int x1 = Math.min(ow - 1, Math.floorDiv(w - 1 + p - kx, s));
                    if (x0 > x1) {
                        continue;
                    }
                    for (int y = y0; y <= y1; y++) {
                        int rowIn = base + (y * s + ky - p) * w + kx - p;
                        int rowOut = y * ow;
                        if (s == 1) {
                            for (int x = x0; x <= x1; x++) {
                                acc[rowOut + x] += wv * in[rowIn + x];
                            }
                        } else {
                            for (int x = x0; x <= x1; x++) {
                                acc[rowOut + x] += wv * in[rowIn + x * s];
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * Copies a CHW map into a zero-bordered one of {@code (h + 2p) x (w + 2p)} per channel, so that a
     * stride-1 convolution becomes, per tap, one contiguous multiply-add over the whole padded plane.
     */
    static int[] pad(int[] in, int c, int h, int w, int p) {
        if (p == 0) {
            return in;
        }
        int hp = h + 2 * p;
        int wp = w + 2 * p;
        int[] out = new int[c * hp * wp];
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < h; y++) {
                System.arraycopy(in, (ch * h + y) * w, out, (ch * hp + y + p) * wp + p, w);
            }
        }
        return out;
    }

    /**
     * Number of taps whose products may be summed in an {@code int} without overflow: each product is at
     * most {@code maxW * maxIn} in magnitude. 0 when a single product may not fit (use the long kernel).
     */
    static int safeTaps(int[] wt, int maxIn) {
        long maxW = 0;
        for (int v : wt) {
            maxW = Math.max(maxW, Math.abs((long) v));
        }
        long per = Math.max(1, maxW * maxIn);
        return (int) Math.min(Integer.MAX_VALUE, Integer.MAX_VALUE / per);
    }

    /**
     * Stride-1 convolution over a padded input ({@link #pad}), input channels {@code c0 .. c0+inC-1}: for each tap, {@code tmp[j] += w * in[off + j]}
     * over {@code j < (oh-1)*wp + ow}, where output {@code (y, x)} sits at {@code j = y*wp + x} (columns
     * {@code x >= ow} are scratch). Partial sums are kept in {@code int} for at most {@code safeTaps} taps,
     * then added into {@code acc} (layout {@code y*ow + x}), so the hot loop is a vectorizable int AXPY
     * and the result is exact.
     */
    static void convStride1(int[] padded, int c0, int inC, int hp, int wp, int[] wt, int wOff, int k, int safeTaps,
                            int[] tmp, long[] acc, int oh, int ow) {
        int n = (oh - 1) * wp + ow;
        int planeIn = hp * wp;
        int used = 0;
        java.util.Arrays.fill(tmp, 0, n, 0);
        for (int i = 0; i < inC; i++) {
            for (int ky = 0; ky < k; ky++) {
                for (int kx = 0; kx < k; kx++) {
                    int wv = wt[wOff + (i * k + ky) * k + kx];
                    if (wv == 0) {
                        continue;
                    }
                    if (used == safeTaps) {
                        flush(tmp, n, wp, acc, oh, ow);
                        used = 0;
                    }
                    used++;
                    int off = (c0 + i) * planeIn + ky * wp + kx;
                    for (int j = 0; j < n; j++) {
                        tmp[j] += wv * padded[off + j];
                    }
                }
            }
        }
        flush(tmp, n, wp, acc, oh, ow);
    }

    private static void flush(int[] tmp, int n, int wp, long[] acc, int oh, int ow) {
        for (int y = 0; y < oh; y++) {
            int src = y * wp;
            int dst = y * ow;
            for (int x = 0; x < ow; x++) {
                acc[dst + x] += tmp[src + x];
            }
        }
        java.util.Arrays.fill(tmp, 0, n, 0);
    }

    /** {@code out[outOff + j] = clamp((acc[j] + 2^(shift-1)) >> shift, 0, 255)}; no rounding term when shift = 0. */
    static void requantize(long[] acc, int n, int shift, int[] out, int outOff) {
        long half = shift > 0 ? 1L << (shift - 1) : 0L;
        for (int j = 0; j < n; j++) {
            long q = (acc[j] + half) >> shift;
            out[outOff + j] = (int) Math.max(0L, Math.min(255L, q));
        }
    }

    /**
     * Max over each window; padded positions read 0, the minimum of a uint8 tensor and so neutral (a padded
     * max pool over the signed input is refused by {@link ModelChecks}).
     */
    static void maxPool(int[] in, int c, int h, int w, int k, int s, int p, int[] out, int oh, int ow) {
        for (int ch = 0; ch < c; ch++) {
            int base = ch * h * w;
            int obase = ch * oh * ow;
            for (int y = 0; y < oh; y++) {
                for (int x = 0; x < ow; x++) {
                    int m = Integer.MIN_VALUE;
                    for (int ky = 0; ky < k; ky++) {
                        int iy = y * s + ky - p;
                        for (int kx = 0; kx < k; kx++) {
                            int ix = x * s + kx - p;
                            int v = (iy < 0 || iy >= h || ix < 0 || ix >= w) ? 0 : in[base + iy * w + ix];
                            if (v > m) {
                                m = v;
                            }
                        }
                    }
                    out[obase + y * ow + x] = m;
                }
            }
        }
    }

    static int ceilDiv(int a, int b) {
        return -Math.floorDiv(-a, b);
    }
}
