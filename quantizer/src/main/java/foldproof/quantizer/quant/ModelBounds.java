package foldproof.quantizer.quant;

import foldproof.quantizer.QuantizerException;
import foldproof.quantizer.model.QLayer;
import foldproof.quantizer.model.QLayer.QSkip;
import foldproof.quantizer.model.QModel;
import foldproof.quantizer.model.Shape;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Exact static bounds of a quantized model, from the model alone: the value range of every tensor, the
 * accumulator range of every conv output channel, and the range of every logit. Everything downstream that
 * sizes a range check or computes in 64 bits relies on these numbers, so they are computed with
 * {@code Math.*Exact} (an overflow is a refusal, never a wrap) and every one of them must lie strictly
 * inside {@code (-2^LIMIT_BITS, 2^LIMIT_BITS)}.
 *
 * <p>Tensor ranges: the input (tensor 0) is int8 {@code [-128, 127]}; a conv output is uint8 {@code [0, 255]}
 * (requantisation clamps); a max pool output has its input's range. Every range contains 0, so a padding
 * position of a convolution (which reads 0) and every partial sum of an accumulator lie inside the
 * accumulator's interval {@code [b + sum min(w lo, w hi), b + sum max(w lo, w hi)]} whatever the order of
 * summation: no 64-bit intermediate of {@link IntInference}, of the witness builder or of the exact
 * matrix-vector products can overflow once the interval is inside the limit.
 */
public final class ModelBounds {
    /**
     * Every static bound (accumulator, skip term sum, pooled sum, logit) is below {@code 2^48} in magnitude.
     * Why 48: the requantisation gadget then needs at most {@code n = 50} bits (with shift up to
     * {@link ModelChecks#MAX_SHIFT} = 40), its largest coefficient is {@code 2^(n+1) = 2^51}, a fresh tile's
     * {@code A z, B z, C z} stay below {@code 2^57}, and the exact 64-bit cross term of two fresh tiles
     * ({@code Az1 Bz2 + Az2 Bz1 - Cz1 - Cz2}) below {@code 2^62}; {@link IntInference} accumulates in {@code long}
     * with 15 bits to spare. Real models need about 2^30 (docs/security.md).
     */
    public static final int LIMIT_BITS = 48;
    public static final long LIMIT = 1L << LIMIT_BITS;

    private static final Map<QModel, ModelBounds> CACHE = Collections.synchronizedMap(new WeakHashMap<>());

    private final long[] valueLo;
    private final long[] valueHi;
    private final long[][] lo;
    private final long[][] hi;

    private ModelBounds(long[] valueLo, long[] valueHi, long[][] lo, long[][] hi) {
        this.valueLo = valueLo;
        this.valueHi = valueHi;
        this.lo = lo;
        this.hi = hi;
    }

    /**
     * The bounds of {@code m}, whose structure {@link ModelChecks} has accepted.
     *
     * @throws QuantizerException naming the layer and channel whose bound reaches the limit
     */
    public static ModelBounds of(QModel m) {
        ModelBounds b = CACHE.get(m);
        if (b == null) {
            b = compute(m);
            CACHE.put(m, b);
        }
        return b;
    }

    private static ModelBounds compute(QModel m) {
        List<Shape> shapes = m.shapes();
        int n = m.layers().size();
        long[] vLo = new long[n + 1];
        long[] vHi = new long[n + 1];
        vLo[0] = -128;
        vHi[0] = 127;
        long[][] lo = new long[n][];
        long[][] hi = new long[n][];
        for (int i = 0; i < n; i++) {
            QLayer l = m.layers().get(i);
            String where = "layer " + i + " (" + l.name() + ")";
            if (l instanceof QLayer.Conv c) {
                lo[i] = new long[c.outC()];
                hi[i] = new long[c.outC()];
                int per = c.groupInC() * c.kernel() * c.kernel();
                for (int o = 0; o < c.outC(); o++) {
                    long[] r = {c.b()[o], c.b()[o]};
                    String at = where + ", output channel " + o;
                    try {
                        dot(r, c.w(), o * per, per, vLo[c.input()], vHi[c.input()]);
                        QSkip sk = c.skip();
                        if (sk instanceof QSkip.Identity id) {
                            term(r, id.alpha(), vLo[id.tensor()], vHi[id.tensor()]);
                        } else if (sk instanceof QSkip.OptionA a) {
                            int ci = o - a.padBefore();
                            if (ci >= 0 && ci < a.inC()) {
                                term(r, a.alpha(), vLo[a.tensor()], vHi[a.tensor()]);
                            }
                        } else if (sk instanceof QSkip.Projection p) {
                            int pp = p.inC() * p.kernel() * p.kernel();
                            dot(r, p.w(), o * pp, pp, vLo[p.tensor()], vHi[p.tensor()]);
                        }
                    } catch (ArithmeticException e) {
                        throw tooLarge(at + ": accumulator", "beyond 2^63");
                    }
                    within(r, at + ": accumulator");
                    lo[i][o] = r[0];
                    hi[i][o] = r[1];
                }
                vLo[i + 1] = 0;
                vHi[i + 1] = 255;
            } else if (l instanceof QLayer.MaxPool p) {
                vLo[i + 1] = vLo[p.input()];
                vHi[i + 1] = vHi[p.input()];
            } else {
                QLayer.Head h = (QLayer.Head) l;
                Shape src = shapes.get(h.input());
                long plane = (long) src.h() * src.w();
                long sLo;
                long sHi;
                try {
                    sLo = Math.multiplyExact(plane, vLo[h.input()]);
                    sHi = Math.multiplyExact(plane, vHi[h.input()]);
                } catch (ArithmeticException e) {
                    throw tooLarge(where + ": pooled sum", "beyond 2^63");
                }
                within(new long[] {sLo, sHi}, where + ": pooled sum");
                lo[i] = new long[h.classes()];
                hi[i] = new long[h.classes()];
                for (int j = 0; j < h.classes(); j++) {
                    long[] r = {h.b()[j], h.b()[j]};
                    String at = where + ", logit " + j;
                    try {
                        dot(r, h.w(), j * h.inC(), h.inC(), sLo, sHi);
                    } catch (ArithmeticException e) {
                        throw tooLarge(at, "beyond 2^63");
                    }
                    within(r, at);
                    lo[i][j] = r[0];
                    hi[i][j] = r[1];
                }
                vLo[i + 1] = Long.MIN_VALUE;   // the logits: not a tensor any layer reads
                vHi[i + 1] = Long.MAX_VALUE;
            }
        }
        return new ModelBounds(vLo, vHi, lo, hi);
    }

    /** {@code r += sum_j [min, max](w[off + j] * [vLo, vHi])}, exactly. */
    private static void dot(long[] r, int[] w, int off, int len, long vLo, long vHi) {
        for (int e = off; e < off + len; e++) {
            term(r, w[e], vLo, vHi);
        }
    }

    private static void term(long[] r, long w, long vLo, long vHi) {
        long a = Math.multiplyExact(w, vLo);
        long b = Math.multiplyExact(w, vHi);
        r[0] = Math.addExact(r[0], Math.min(a, b));
        r[1] = Math.addExact(r[1], Math.max(a, b));
    }

    private static void within(long[] r, String what) {
        if (r[0] <= -LIMIT || r[1] >= LIMIT) {
            throw tooLarge(what, "[" + r[0] + ", " + r[1] + "]");
        }
    }

    private static QuantizerException tooLarge(String what, String range) {
        return new QuantizerException(what + " range " + range + " exceeds the supported static bound 2^" + LIMIT_BITS
                + " (weights, biases or skip scales too large to prove exactly)");
    }

    /** Smallest value of tensor {@code t} (the input: -128; a conv output: 0; a max pool: its input's). */
    public long valueLo(int t) {
        return valueLo[t];
    }

    /** Largest value of tensor {@code t}. */
    public long valueHi(int t) {
        return valueHi[t];
    }

    /** Whether tensor {@code t} can hold negative values (the input and max pools of it). */
    public boolean signed(int t) {
        return valueLo[t] < 0;
    }

    /** Lowest accumulator of conv layer {@code layer}, channel {@code o} (or lowest logit {@code o} of the head). */
    public long lo(int layer, int o) {
        return lo[layer][o];
    }

    /** Highest accumulator of conv layer {@code layer}, channel {@code o} (or highest logit of the head). */
    public long hi(int layer, int o) {
        return hi[layer][o];
    }
}
