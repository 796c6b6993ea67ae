package foldproof.quantizer.quant;

import foldproof.quantizer.model.Shape;

/**
 * Float convolution kernels (the reference path). A stride-1 convolution runs over a zero-bordered copy
 * of its input so each tap is one contiguous multiply-add over the padded plane (vectorizable); strided
 * ones clip the x range once per tap. Each output element accumulates its taps in the same order on
 * both paths: input channel, ky, kx.
 */
final class FloatKernels {
    private FloatKernels() { }

    /** One convolution operand (input + weights), prepared once per layer for all output channels. */
    record Operand(float[] data, Shape src, float[] w, int k, int s, int p) {
        static Operand of(float[] in, Shape src, float[] w, int k, int s, int p) {
            return new Operand(s == 1 ? pad(in, src, p) : in, src, w, k, s, p);
        }

        /**
         * {@code acc[y*ow + x] += sum_taps w * in} for output channel at weight offset {@code wOff}, over input
         * channels {@code c0 .. c0+inC-1} (its group).
         */
        void accumulate(int wOff, int c0, int inC, float[] acc, int oh, int ow) {
            if (s == 1) {
                stride1(wOff, c0, inC, acc, oh, ow);
            } else {
                strided(data, c0, inC, src.h(), src.w(), w, wOff, k, s, p, acc, oh, ow);
            }
        }

        private void stride1(int wOff, int c0, int inC, float[] acc, int oh, int ow) {
            int wp = src.w() + 2 * p;
            int planeIn = (src.h() + 2 * p) * wp;
            int n = (oh - 1) * wp + ow;
            float[] tmp = new float[n];
            for (int i = 0; i < inC; i++) {
                for (int ky = 0; ky < k; ky++) {
                    for (int kx = 0; kx < k; kx++) {
                        float wv = w[wOff + (i * k + ky) * k + kx];
                        if (wv == 0f) {
                            continue;
                        }
                        int off = (c0 + i) * planeIn + ky * wp + kx;
                        for (int j = 0; j < n; j++) {
                            tmp[j] += wv * data[off + j];
                        }
                    }
                }
            }
            for (int y = 0; y < oh; y++) {
                for (int x = 0; x < ow; x++) {
                    acc[y * ow + x] += tmp[y * wp + x];
                }
            }
        }
    }

    static float[] pad(float[] in, Shape src, int p) {
        if (p == 0) {
            return in;
        }
        int hp = src.h() + 2 * p;
        int wp = src.w() + 2 * p;
        float[] out = new float[src.c() * hp * wp];
        for (int ch = 0; ch < src.c(); ch++) {
            for (int y = 0; y < src.h(); y++) {
                System.arraycopy(in, (ch * src.h() + y) * src.w(), out, (ch * hp + y + p) * wp + p, src.w());
            }
        }
        return out;
    }

    /** Same loop order and border clipping as the integer kernel. */
    static void strided(float[] in, int c0, int inC, int h, int w, float[] wt, int wOff, int k, int s, int p,
                               float[] acc, int oh, int ow) {
        int hw = h * w;
        for (int i = 0; i < inC; i++) {
            int base = (c0 + i) * hw;
            for (int ky = 0; ky < k; ky++) {
                int y0 = Math.max(0, IntKernels.ceilDiv(p - ky, s));
                int y1 = Math.min(oh - 1, Math.floorDiv(h - 1 + p - ky, s));
                for (int kx = 0; kx < k; kx++) {
                    float wv = wt[wOff + (i * k + ky) * k + kx];
                    int x0 = Math.max(0, IntKernels.ceilDiv(p - kx, s));
                    int x1 = Math.min(ow - 1, Math.floorDiv(w - 1 + p - kx, s));
                    if (wv == 0f || x0 > x1) {
                        continue;
                    }
                    for (int y = y0; y <= y1; y++) {
                        int rowIn = base + (y * s + ky - p) * w + kx - p;
                        int rowOut = y * ow;
                        for (int x = x0; x <= x1; x++) {
                            acc[rowOut + x] += wv * in[rowIn + x * s];
                        }
                    }
                }
            }
        }
    }
}
