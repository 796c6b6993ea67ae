package foldproof.circuits.layers;

import foldproof.circuits.CircuitException;
import foldproof.circuits.gadgets.Bits;
import foldproof.circuits.gadgets.LookupRequant;
import foldproof.circuits.gadgets.Requant;
import foldproof.circuits.r1cs.ConstraintSystem;
import foldproof.circuits.r1cs.ConvTerms;
import foldproof.circuits.r1cs.Lc;
import foldproof.circuits.r1cs.LookupTable;
import foldproof.circuits.r1cs.SegmentLayout;
import foldproof.circuits.r1cs.Vars;
import foldproof.quantizer.quant.ModelBounds;
import foldproof.quantizer.model.QLayer;
import foldproof.quantizer.model.QLayer.QSkip;
import foldproof.quantizer.model.Shape;

import java.util.List;

/**
 * Conv(+folded BN) + skip + requant/ReLU/clamp for one output row. The accumulator of channel o at x is a
 * linear combination of IN (and SKIP) slot entries with the weights as coefficients plus the bias: it
 * costs no constraint of its own, it sits inside {@link Requant}'s decomposition constraint. Skips:
 * identity ({@code alpha * SKIP[o, x]}), projection (its own kernel rows as SKIP slots, its terms in the
 * same accumulator), option A (row {@code y*stride}, channel {@code o - padBefore}: a fixed linear map).
 *
 * <p>Constraints per tile: {@code W_out * sum_o (n_o + 3)} (n_o from the exact static bound of channel o,
 * {@link Bounds}), plus, when this conv is layer 0 and owns the input range check ({@link #canOwnInputCheck}),
 * an 8-bit range check of the input rows this tile owns (kernel rows {@code pad .. pad+stride-1}, i.e. rows
 * {@code y*stride .. y*stride+stride-1}: every input row exactly once over all tiles). Otherwise the input is
 * checked by {@link InputCircuit}. Either way each input row is checked exactly once, whatever reads it.
 */
public final class ConvCircuit extends LayerCircuit {
    private final QLayer.Conv conv;
    private final Shape in;
    private final Shape out;
    private final Shape skipShape;
    private final int[] nBits;
    private final int numSkipSlots;
    private final boolean checkInput;
    private final LookupRequant.Params lookup;
    private final LookupRequant.Parts parts;
    private final LookupTable table;

    /**
     * @param checkInput range-check the input rows this tile owns (only for a layer-0 conv for which
     *                   {@link #canOwnInputCheck} holds)
     */
    public ConvCircuit(QLayer.Conv conv, int layerIndex, List<Shape> shapes, ModelBounds bounds, boolean checkInput) {
        this(conv, layerIndex, shapes, bounds, checkInput, false);
    }

    /**
     * @param lookups requantise (and check the input) by lookups ({@link LookupRequant}) when the layer's
     *                accumulator interval allows it ({@link LookupRequant.Params#of}); else by bits
     */
    public ConvCircuit(QLayer.Conv conv, int layerIndex, List<Shape> shapes, ModelBounds bounds, boolean checkInput, boolean lookups) {
        super(conv.name(), layerIndex);
        this.conv = conv;
        this.in = shapes.get(conv.input());
        this.out = shapes.get(layerIndex + 1);
        QSkip sk = conv.skip();
        int skipT = skipTensorOf(sk);
        this.skipShape = skipT >= 0 ? shapes.get(skipT) : null;
        this.numSkipSlots = sk instanceof QSkip.Projection p ? p.kernel() : (skipT >= 0 ? 1 : 0);
        if (sk instanceof QSkip.Identity && !skipShape.equals(out)) {
            throw new CircuitException(conv.name() + ": identity skip shape " + skipShape + " != output " + out);
        }
        this.checkInput = checkInput;
        if (checkInput && (conv.input() != 0 || !canOwnInputCheck(conv, in, out))) {
            throw new CircuitException(conv.name() + ": cannot own the input range check (needs input 0, pad + stride <= kernel and full row coverage)");
        }
        this.nBits = Bounds.requantBits(conv, layerIndex, bounds);
        LookupRequant.Params lp = null;
        if (lookups) {
            long lo = Long.MAX_VALUE;
            long hi = Long.MIN_VALUE;
            for (int o = 0; o < conv.outC(); o++) {
                lo = Math.min(lo, bounds.lo(layerIndex, o));
                hi = Math.max(hi, bounds.hi(layerIndex, o));
            }
            lp = LookupRequant.Params.of(lo, hi, conv.shift());
        }
        this.lookup = lp;
        if (lp != null) {
            LookupTable.Builder tb = LookupTable.Builder.withBytes();
            this.parts = LookupRequant.Parts.add(tb, LookupTable.BYTES, lp);
            this.table = tb.build();
        } else {
            this.parts = null;
            this.table = null;
        }
    }

    @Override
    public LookupTable lookupTable() {
        return table;
    }

    /** The lookup gadget's parameters, or null when this layer requantises by bits. */
    public LookupRequant.Params lookupParams() {
        return lookup;
    }

    /**
     * Whether the tiles of {@code conv} over {@code in} can check every input row exactly once: tile y owns
     * its kernel rows {@code pad .. pad+stride-1} (input rows {@code y*stride .. y*stride+stride-1}), which
     * needs {@code pad + stride <= kernel} and {@code outH * stride >= inH}.
     */
    public static boolean canOwnInputCheck(QLayer.Conv conv, Shape in, Shape out) {
        return conv.pad() + conv.stride() <= conv.kernel() && (long) out.h() * conv.stride() >= in.h();
    }

    private static int skipTensorOf(QSkip sk) {
        if (sk instanceof QSkip.Identity i) {
            return i.tensor();
        }
        if (sk instanceof QSkip.Projection p) {
            return p.tensor();
        }
        if (sk instanceof QSkip.OptionA a) {
            return a.tensor();
        }
        return -1;
    }

    /** Bits of the requant decomposition per output channel. */
    public int[] requantBits() {
        return nBits.clone();
    }

    @Override
    public int numTiles() {
        return out.h();
    }

    @Override
    public int[] inRows(int tile) {
        return windowRows(tile, conv.kernel(), conv.stride(), conv.pad(), in.h());
    }

    @Override
    public int[] skipRows(int tile) {
        QSkip sk = conv.skip();
        if (sk instanceof QSkip.Identity) {
            return new int[] {tile};
        }
        if (sk instanceof QSkip.OptionA a) {
            int y = tile * a.stride();
            return new int[] {y < skipShape.h() ? y : -1};
        }
        if (sk instanceof QSkip.Projection p) {
            return windowRows(tile, p.kernel(), p.stride(), p.pad(), skipShape.h());
        }
        return new int[0];
    }

    @Override
    public int inTensor() {
        return conv.input();
    }

    @Override
    public int skipTensor() {
        return skipTensorOf(conv.skip());
    }

    @Override
    public long activations() {
        return out.size();
    }

    @Override
    protected List<SegmentLayout.Kind> slotKinds() {
        return kinds(conv.kernel(), numSkipSlots, true);
    }

    @Override
    protected int[] slotLengths() {
        int n = conv.kernel() + numSkipSlots + 2;
        int[] len = new int[n];
        for (int i = 0; i < conv.kernel(); i++) {
            len[i] = in.rowLength();
        }
        for (int i = 0; i < numSkipSlots; i++) {
            len[conv.kernel() + i] = skipShape.rowLength();
        }
        len[n - 2] = out.rowLength();
        return len;
    }

    @Override
    protected Shape tensorShape(int id) {
        if (id == conv.input()) {
            return in;
        }
        if (id == outTensor()) {
            return out;
        }
        return skipShape;
    }

    @Override
    public void synthesize(ConstraintSystem cs) {
        int k = conv.kernel();
        int s = conv.stride();
        int p = conv.pad();
        int inW = in.w();
        int inStride = in.rowStride();
        int outW = out.w();
        int inC = conv.groupInC();
        int skipBase = k;
        int outSlot = k + numSkipSlots;
        int maxBits = 0;
        for (int b : nBits) {
            maxBits = Math.max(maxBits, b);
        }
        int[] bits = new int[Math.max(maxBits, 9)];   // also LookupRequant's limbs (at most 6)
        if (checkInput) {
            try (var ns = cs.push("input-range")) {
                for (int ky = p; ky < p + s; ky++) {
                    for (int ic = 0; ic < in.c(); ic++) {
                        for (int ix = 0; ix < inW; ix++) {
                            int e = ic * in.rowStride() + ix;   // the row's gaps are read by nothing
                            try (var es = cs.push("int8", "row", ky, "e", e)) {
                                Lc v = cs.scratch(0).add(Vars.of(ky, e), 1).constant(128);
                                Bits.byteCheck(cs, v, cs.witnessing() ? cs.value(Vars.of(ky, e)) + 128 : 0, bits);
                            }
                        }
                    }
                }
            }
        }
        int[] w = conv.w();
        boolean fast = cs.witnessing();
        // a verifier's shape describes the weight terms (ConvTerms) instead of listing them
        boolean described = !fast && cs.structuredTerms();
        int[] accRows = described ? new int[conv.outC() * outW] : null;
        long[][] rows = fast ? new long[k][] : null;
        if (fast) {
            for (int ky = 0; ky < k; ky++) {
                rows[ky] = cs.slotValues(ky);
            }
        }
        for (int o = 0; o < conv.outC(); o++) {
            for (int x = 0; x < outW; x++) {
                try (var ns = cs.push("requant", "c", o, "x", x)) {
                    Lc acc = cs.scratch(1);
                    long accV = 0;
                    if (fast) {
                        // witness only: evaluate the accumulator directly (nothing is recorded)
                        accV = conv.b()[o] + dot(rows, w, o, x) + skipValue(cs, o, x, skipBase);
                    } else {
                        // -acc straight into C of Requant's decomposition constraint (its first), no copy; with
                        // lookups into A of LookupRequant's class lookup (its first)
                        Lc c = lookup != null ? cs.a() : cs.c();
                        c.constant(-conv.b()[o]);
                        if (described) {
                            accRows[o * outW + x] = cs.numConstraints();
                            addSkip(c, o, x, skipBase, -1, false);
                        }
                        int first = conv.firstInput(o);
                        for (int i = 0; !described && i < inC; i++) {
                            int wBase = (o * inC + i) * k * k;
                            int ch = first + i;
                            for (int ky = 0; ky < k; ky++) {
                                for (int kx = 0; kx < k; kx++) {
                                    int cx = x * s + kx - p;
                                    if (cx >= 0 && cx < inW) {
                                        c.add(Vars.of(ky, ch * inStride + cx), -(long) w[wBase + ky * k + kx]);
                                    }
                                }
                            }
                        }
                        if (!described) {
                            addSkip(c, o, x, skipBase, -1, true);
                        }
                    }
                    if (lookup != null) {
                        LookupRequant.reluClamp(cs, accV, lookup, parts, Vars.of(outSlot, o * out.rowStride() + x), bits);
                    } else {
                        Requant.reluClamp(cs, acc, accV, conv.shift(), nBits[o], Vars.of(outSlot, o * out.rowStride() + x), bits);
                    }
                }
            }
        }
        if (described) {
            describe(cs, accRows, skipBase);
        }
    }

    /** The described weight terms of a verifier's shape: the conv's, and a projection skip's. */
    private void describe(ConstraintSystem cs, int[] accRows, int skipBase) {
        boolean inA = lookup != null;
        cs.addConvTerms(new ConvTerms(conv.w(), conv.outC(), conv.inC(), conv.kernel(), conv.stride(), conv.pad(),
                in.w(), in.rowStride(), out.w(), 0, -1, accRows, inA, conv.groups()));
        if (conv.skip() instanceof QSkip.Projection pr) {
            cs.addConvTerms(new ConvTerms(pr.w(), conv.outC(), pr.inC(), pr.kernel(), pr.stride(), pr.pad(),
                    skipShape.w(), skipShape.rowStride(), out.w(), skipBase, -1, accRows, inA));
        }
    }

    /** {@code sum w[o,i,ky,kx] * row_ky[firstInput(o) + i, x*s + kx - p]} over in-range columns. */
    private long dot(long[][] rows, int[] w, int o, int x) {
        int k = conv.kernel();
        int s = conv.stride();
        int p = conv.pad();
        int inW = in.w();
        int inC = conv.groupInC();
        int kx0 = Math.max(0, p - x * s);
        int kx1 = Math.min(k, inW + p - x * s);
        int first = conv.firstInput(o);
        int stride = in.rowStride();
        long sum = 0;
        for (int i = 0; i < inC; i++) {
            int wBase = (o * inC + i) * k * k;
            int col = (first + i) * stride + x * s - p;
            for (int ky = 0; ky < k; ky++) {
                long[] r = rows[ky];
                int wb = wBase + ky * k;
                for (int kx = kx0; kx < kx1; kx++) {
                    sum += w[wb + kx] * r[col + kx];
                }
            }
        }
        return sum;
    }

    /** Value of the skip terms (witness mode). */
    private long skipValue(ConstraintSystem cs, int o, int x, int slot) {
        Lc t = cs.scratch(2);
        addSkip(t, o, x, slot, 1, true);
        return cs.eval(t);
    }

    /** @param projection add a projection skip's terms (false when they are described instead) */
    private void addSkip(Lc acc, int o, int x, int slot, long sign, boolean projection) {
        QSkip sk = conv.skip();
        if (sk instanceof QSkip.Identity id) {
            acc.add(Vars.of(slot, o * out.rowStride() + x), sign * id.alpha());
        } else if (sk instanceof QSkip.OptionA a) {
            int ci = o - a.padBefore();
            int sx = x * a.stride();
            if (ci >= 0 && ci < a.inC() && sx < skipShape.w()) {
                acc.add(Vars.of(slot, ci * skipShape.rowStride() + sx), sign * a.alpha());
            }
        } else if (projection && sk instanceof QSkip.Projection pr) {
            int k = pr.kernel();
            int sw = skipShape.w();
            int sStride = skipShape.rowStride();
            for (int i = 0; i < pr.inC(); i++) {
                int wBase = (o * pr.inC() + i) * k * k;
                for (int ky = 0; ky < k; ky++) {
                    for (int kx = 0; kx < k; kx++) {
                        int cx = x * pr.stride() + kx - pr.pad();
                        if (cx >= 0 && cx < sw) {
                            acc.add(Vars.of(slot + ky, i * sStride + cx), sign * pr.w()[wBase + ky * k + kx]);
                        }
                    }
                }
            }
        }
    }
}
