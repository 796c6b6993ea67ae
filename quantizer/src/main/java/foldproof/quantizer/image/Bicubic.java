package foldproof.quantizer.image;

/**
 * Separable bicubic resampling of 8-bit RGB, modelled on Pillow's {@code Image.resize(BICUBIC)} (what
 * torchvision's {@code Resize} uses on PIL images): cubic kernel with {@code a = -0.5}, support widened by
 * the scale factor when downsampling (antialiasing), weights normalised per output pixel, horizontal pass
 * then vertical pass, each rounded and clamped to [0, 255]. Pillow uses 22-bit fixed-point weights; this
 * uses doubles, so a value can differ from Pillow's by one level.
 */
final class Bicubic {
    private Bicubic() { }

    /** Resizes {@code rgb} (packed 0xRRGGBB, row-major {@code h x w}) to {@code oh x ow}. */
    static int[] resize(int[] rgb, int h, int w, int oh, int ow) {
        if (oh == h && ow == w) {
            return rgb.clone();
        }
        // Horizontal: h x w -> h x ow, per channel in [0,255].
        int[][] planes = new int[3][];
        for (int c = 0; c < 3; c++) {
            int[] p = new int[h * w];
            int shift = 16 - 8 * c;
            for (int i = 0; i < p.length; i++) {
                p[i] = (rgb[i] >> shift) & 0xff;
            }
            int[] tmp = pass(p, h, w, ow, true);
            planes[c] = pass(tmp, h, ow, oh, false);
        }
        int[] out = new int[oh * ow];
        for (int i = 0; i < out.length; i++) {
            out[i] = planes[0][i] << 16 | planes[1][i] << 8 | planes[2][i];
        }
        return out;
    }

    /** One 1-D pass: along rows ({@code horizontal}, width {@code w -> n}) or columns (height {@code h -> n}). */
    private static int[] pass(int[] src, int h, int w, int n, boolean horizontal) {
        int in = horizontal ? w : h;
        if (n == in) {
            return src;
        }
        double scale = (double) in / n;
        double filterScale = Math.max(scale, 1.0);
        double support = 2.0 * filterScale;
        int[] start = new int[n];
        int[] len = new int[n];
        double[][] k = new double[n][];
        for (int o = 0; o < n; o++) {
            double center = (o + 0.5) * scale;
            int lo = Math.max(0, (int) (center - support + 0.5));
            int hi = Math.min(in, (int) (center + support + 0.5));
            double[] wts = new double[Math.max(0, hi - lo)];
            double sum = 0;
            for (int i = 0; i < wts.length; i++) {
                wts[i] = cubic((i + lo - center + 0.5) / filterScale);
                sum += wts[i];
            }
            if (sum != 0) {
                for (int i = 0; i < wts.length; i++) {
                    wts[i] /= sum;
                }
            }
            start[o] = lo;
            len[o] = wts.length;
            k[o] = wts;
        }
        int oh = horizontal ? h : n;
        int ow = horizontal ? n : w;
        int[] dst = new int[oh * ow];
        for (int y = 0; y < oh; y++) {
            for (int x = 0; x < ow; x++) {
                int o = horizontal ? x : y;
                double acc = 0;
                double[] wts = k[o];
                for (int i = 0; i < len[o]; i++) {
                    int s = start[o] + i;
                    acc += wts[i] * (horizontal ? src[y * w + s] : src[s * w + x]);
                }
                long v = Math.round(acc);
                dst[y * ow + x] = (int) Math.max(0, Math.min(255, v));
            }
        }
        return dst;
    }

    /** Keys' cubic convolution kernel with {@code a = -0.5}. */
    private static double cubic(double x) {
        final double a = -0.5;
        x = Math.abs(x);
        if (x < 1) {
            return ((a + 2) * x - (a + 3)) * x * x + 1;
        }
        if (x < 2) {
            return (((x - 5) * x + 8) * x - 4) * a;
        }
        return 0;
    }
}
