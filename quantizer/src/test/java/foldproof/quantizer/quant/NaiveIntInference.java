package foldproof.quantizer.quant;

import foldproof.quantizer.model.QLayer;
import foldproof.quantizer.model.QModel;
import foldproof.quantizer.model.Shape;

import java.math.BigInteger;
import java.util.List;

/** Test oracle: QLayer's Javadoc formulas transcribed literally, per output element, in BigInteger. */
final class NaiveIntInference {
    private NaiveIntInference() { }

    static long[][] run(QModel m, int[] input) {
        List<Shape> sh = m.shapes();
        int n = m.layers().size();
        long[][] t = new long[n + 1][];
        t[0] = new long[input.length];
        for (int j = 0; j < input.length; j++) {
            t[0][j] = input[j];
        }
        for (int li = 0; li < n; li++) {
            QLayer l = m.layers().get(li);
            Shape src = sh.get(l.input());
            Shape dst = sh.get(li + 1);
            long[] out = new long[dst.size()];
            if (l instanceof QLayer.Conv c) {
                for (int o = 0; o < dst.c(); o++) {
                    for (int y = 0; y < dst.h(); y++) {
                        for (int x = 0; x < dst.w(); x++) {
                            BigInteger acc = BigInteger.valueOf(c.b()[o]);
                            // the group of o: output channels of outC / groups per group, inC / groups inputs each
                            int cg = c.inC() / c.groups();
                            int first = o / (c.outC() / c.groups()) * cg;
                            acc = acc.add(dot(t[c.input()], src, c.w(), o, first, cg, c.kernel(), c.stride(), c.pad(), y, x));
                            if (c.skip() instanceof QLayer.QSkip.Identity id) {
                                acc = acc.add(BigInteger.valueOf(id.alpha()).multiply(BigInteger.valueOf(t[id.tensor()][(o * dst.h() + y) * dst.w() + x])));
                            } else if (c.skip() instanceof QLayer.QSkip.Projection p) {
                                acc = acc.add(dot(t[p.tensor()], sh.get(p.tensor()), p.w(), o, 0, p.inC(), p.kernel(), p.stride(), p.pad(), y, x));
                            } else if (c.skip() instanceof QLayer.QSkip.OptionA a) {
                                int ci = o - a.padBefore();
                                if (ci >= 0 && ci < a.inC()) {
                                    Shape s = sh.get(a.tensor());
                                    acc = acc.add(BigInteger.valueOf(a.alpha()).multiply(BigInteger.valueOf(t[a.tensor()][(ci * s.h() + y * a.stride()) * s.w() + x * a.stride()])));
                                }
                            }
                            if (c.shift() > 0) {
                                acc = acc.add(BigInteger.ONE.shiftLeft(c.shift() - 1));
                            }
                            BigInteger q = acc.shiftRight(c.shift());
                            long v = q.max(BigInteger.ZERO).min(BigInteger.valueOf(255)).longValue();
                            out[(o * dst.h() + y) * dst.w() + x] = v;
                        }
                    }
                }
            } else if (l instanceof QLayer.MaxPool p) {
                for (int c = 0; c < dst.c(); c++) {
                    for (int y = 0; y < dst.h(); y++) {
                        for (int x = 0; x < dst.w(); x++) {
                            long best = Long.MIN_VALUE;
                            for (int ky = 0; ky < p.kernel(); ky++) {
                                for (int kx = 0; kx < p.kernel(); kx++) {
                                    best = Math.max(best, at(t[p.input()], src, c, y * p.stride() + ky - p.pad(), x * p.stride() + kx - p.pad()));
                                }
                            }
                            out[(c * dst.h() + y) * dst.w() + x] = best;
                        }
                    }
                }
            } else {
                QLayer.Head h = (QLayer.Head) l;
                for (int j = 0; j < h.classes(); j++) {
                    long v = h.b()[j];
                    for (int c = 0; c < h.inC(); c++) {
                        long s = 0;
                        for (int y = 0; y < src.h(); y++) {
                            for (int x = 0; x < src.w(); x++) {
                                s += at(t[h.input()], src, c, y, x);
                            }
                        }
                        v += h.w()[j * h.inC() + c] * s;
                    }
                    out[j] = v;
                }
            }
            t[li + 1] = out;
        }
        return t;
    }

    /** Weights {@code [.][inC][k][k]} of output {@code o} over input channels {@code first .. first+inC-1}. */
    private static BigInteger dot(long[] a, Shape s, int[] w, int o, int first, int inC, int k, int stride, int pad, int y, int x) {
        BigInteger acc = BigInteger.ZERO;
        for (int i = 0; i < inC; i++) {
            for (int ky = 0; ky < k; ky++) {
                for (int kx = 0; kx < k; kx++) {
                    long v = at(a, s, first + i, y * stride + ky - pad, x * stride + kx - pad);
                    acc = acc.add(BigInteger.valueOf(w[((o * inC + i) * k + ky) * k + kx]).multiply(BigInteger.valueOf(v)));
                }
            }
        }
        return acc;
    }

    private static long at(long[] a, Shape s, int c, int y, int x) {
        if (y < 0 || y >= s.h() || x < 0 || x >= s.w()) {
            return 0;
        }
        return a[(c * s.h() + y) * s.w() + x];
    }
}
