package foldproof.quantizer.quant;

import foldproof.quantizer.QuantizerException;
import foldproof.quantizer.model.QLayer;
import foldproof.quantizer.model.QModel;
import foldproof.quantizer.model.Shape;

import java.util.List;
import java.util.stream.IntStream;

/**
 * The integer network, bit-exact to the formulas in {@link QLayer}'s Javadoc (DESIGN section 2). It is the
 * single source of truth: circuits and proofs must reproduce every tensor it returns.
 *
 * <p>Convolutions run one output channel per task over the common fork-join pool; each channel's map is
 * accumulated in a private {@code long[]}, so results do not depend on scheduling.
 */
public final class IntInference {
    private IntInference() { }

    /**
     * Runs {@code m} on a quantized input (CHW, values in [-128, 127], length {@code m.input().size()}).
     *
     * @throws QuantizerException if the input has the wrong length or an out-of-range value, or the model's
     *                            layers do not fit its shapes
     */
    public static IntTrace run(QModel m, int[] inputQ) {
        Shape in = m.input();
        if (inputQ.length != in.size()) {
            throw new QuantizerException("input has " + inputQ.length + " values, model " + m.name() + " expects " + in + " = " + in.size());
        }
        for (int j = 0; j < inputQ.length; j++) {
            if (inputQ[j] < -128 || inputQ[j] > 127) {
                throw new QuantizerException("input value " + inputQ[j] + " at index " + j + " is outside int8 [-128, 127]");
            }
        }
        return runUnchecked(m, inputQ);
    }

    /**
     * The same network on any int input, without the int8 check: for soundness tests that forge an
     * out-of-range image and show the verifier rejects its proof. Proving uses {@link #run}.
     */
    public static IntTrace runUnchecked(QModel m, int[] inputQ) {
        if (inputQ.length != m.input().size()) {
            throw new QuantizerException("input has " + inputQ.length + " values, model " + m.name() + " expects " + m.input());
        }
        int[][] t = new int[m.layers().size() + 1][];
        t[0] = inputQ;
        return resume(m, t, 0);
    }

    /**
     * Recomputes layers {@code fromLayer..} of {@code m} from given tensors, unchecked: tensors
     * {@code 0..fromLayer} are taken as they are (no range check), later entries are overwritten. For soundness
     * tests only, which forge one activation (a wrong output, a negative ReLU output) and let the rest of the
     * network follow it honestly; never used to prove honestly.
     *
     * @param tensors one entry per tensor id ({@code layers + 1}); not modified
     */
    public static IntTrace resume(QModel m, int[][] tensors, int fromLayer) {
        ModelChecks.validate(m);
        List<Shape> shapes = m.shapes();
        int n = m.layers().size();
        if (tensors.length != n + 1 || fromLayer < 0 || fromLayer >= n) {
            throw new QuantizerException("resume from layer " + fromLayer + " with " + tensors.length + " tensors; model "
                    + m.name() + " has " + n + " layers");
        }
        int[][] t = tensors.clone();
        long[] logits = null;
        for (int li = fromLayer; li < n; li++) {
            long[] l = step(m, t, li);
            logits = l != null ? l : logits;
        }
        if (logits == null) {
            throw new QuantizerException("model " + m.name() + " has no head layer");
        }
        return new IntTrace(t, logits);
    }

    /**
     * One layer of the network: writes tensor {@code li + 1} into {@code t[li + 1]}, reading only the tensors
     * of {@link #reads}. Returns the logits when layer {@code li} is the head (then {@code t[li + 1]} holds
     * them clamped to int), else null. Unchecked, like {@link #resume}: proving runs a validated model on an
     * input {@link #run} has checked (the prover's layer-by-layer recomputation, which keeps only the tensors
     * still to be read).
     */
    public static long[] step(QModel m, int[][] t, int li) {
        List<Shape> shapes = m.shapes();
        QLayer layer = m.layers().get(li);
        Shape src = shapes.get(layer.input());
        Shape dst = shapes.get(li + 1);
        if (layer instanceof QLayer.Conv c) {
            t[li + 1] = conv(c, t, shapes, src, dst);
        } else if (layer instanceof QLayer.MaxPool p) {
            int[] out = new int[dst.size()];
            IntKernels.maxPool(t[p.input()], src.c(), src.h(), src.w(), p.kernel(), p.stride(), p.pad(), out, dst.h(), dst.w());
            t[li + 1] = out;
        } else {
            QLayer.Head hd = (QLayer.Head) layer;
            long[] logits = head(hd, t[hd.input()], src);
            int[] clamped = new int[logits.length];
            for (int j = 0; j < logits.length; j++) {
                clamped[j] = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, logits[j]));
            }
            t[li + 1] = clamped;
            return logits;
        }
        return null;
    }

    /** The tensor ids layer {@code li} reads: its input and, for a conv with a skip, the skip's tensor. */
    public static int[] reads(QModel m, int li) {
        QLayer layer = m.layers().get(li);
        if (layer instanceof QLayer.Conv c) {
            QLayer.QSkip sk = c.skip();
            if (sk instanceof QLayer.QSkip.Identity id) {
                return new int[] {c.input(), id.tensor()};
            } else if (sk instanceof QLayer.QSkip.Projection pr) {
                return new int[] {c.input(), pr.tensor()};
            } else if (sk instanceof QLayer.QSkip.OptionA oa) {
                return new int[] {c.input(), oa.tensor()};
            }
        }
        return new int[] {layer.input()};
    }

    private static int[] conv(QLayer.Conv c, int[][] t, List<Shape> shapes, Shape src, Shape dst) {
        int oh = dst.h();
        int ow = dst.w();
        int plane = oh * ow;
        int[] out = new int[dst.size()];
        int taps = c.groupInC() * c.kernel() * c.kernel();
        QLayer.QSkip skip = c.skip();
        Operand main = Operand.of(t[c.input()], src, c.w(), c.kernel(), c.stride(), c.pad(), c.input() == 0 ? 128 : 255);
        Operand proj = null;
        if (skip instanceof QLayer.QSkip.Projection pr) {
            proj = Operand.of(t[pr.tensor()], shapes.get(pr.tensor()), pr.w(), pr.kernel(), pr.stride(), pr.pad(), pr.tensor() == 0 ? 128 : 255);
        }
        Operand projection = proj;
        IntStream.range(0, c.outC()).parallel().forEach(o -> {
            long[] acc = new long[plane];
            java.util.Arrays.fill(acc, c.b()[o]);
            int[] tmp = new int[Math.max(main.scratch(oh, ow), projection == null ? 0 : projection.scratch(oh, ow))];
            main.accumulate(o * taps, c.firstInput(o), c.groupInC(), tmp, acc, oh, ow);
            if (projection != null) {
                QLayer.QSkip.Projection pr = (QLayer.QSkip.Projection) skip;
                projection.accumulate(o * pr.inC() * pr.kernel() * pr.kernel(), 0, pr.inC(), tmp, acc, oh, ow);
            } else {
                addSkip(skip, o, t, shapes, acc, oh, ow);
            }
            IntKernels.requantize(acc, plane, c.shift(), out, o * plane);
        });
        return out;
    }

    /** One convolution operand (input map + weights), prepared once per layer for every output channel. */
    private record Operand(int[] data, Shape src, int[] w, int k, int s, int p, int safeTaps) {
        static Operand of(int[] in, Shape src, int[] w, int k, int s, int p, int maxIn) {
            int safe = IntKernels.safeTaps(w, maxIn);
            boolean fast = s == 1 && safe > 0;
            return new Operand(fast ? IntKernels.pad(in, src.c(), src.h(), src.w(), p) : in, src, w, k, s, p, fast ? safe : 0);
        }

        int scratch(int oh, int ow) {
            return safeTaps > 0 ? (oh - 1) * (src.w() + 2 * p) + ow : 0;
        }

        /** The taps of weights {@code wOff..} over input channels {@code c0 .. c0+inC-1}. */
        void accumulate(int wOff, int c0, int inC, int[] tmp, long[] acc, int oh, int ow) {
            if (safeTaps > 0) {
                IntKernels.convStride1(data, c0, inC, src.h() + 2 * p, src.w() + 2 * p, w, wOff, k, safeTaps, tmp, acc, oh, ow);
            } else {
                IntKernels.convAccumulate(data, c0, inC, src.h(), src.w(), w, wOff, k, s, p, acc, oh, ow);
            }
        }
    }

    private static void addSkip(QLayer.QSkip skip, int o, int[][] t, List<Shape> shapes, long[] acc, int oh, int ow) {
        int plane = oh * ow;
        if (skip instanceof QLayer.QSkip.Identity id) {
            int[] a = t[id.tensor()];
            long alpha = id.alpha();
            int off = o * plane;
            for (int j = 0; j < plane; j++) {
                acc[j] += alpha * a[off + j];
            }
        } else if (skip instanceof QLayer.QSkip.Projection pr) {
            Shape s = shapes.get(pr.tensor());
            int taps = pr.inC() * pr.kernel() * pr.kernel();
            IntKernels.convAccumulate(t[pr.tensor()], 0, pr.inC(), s.h(), s.w(), pr.w(), o * taps, pr.kernel(), pr.stride(), pr.pad(), acc, oh, ow);
        } else if (skip instanceof QLayer.QSkip.OptionA oa) {
            int ci = o - oa.padBefore();
            if (ci < 0 || ci >= oa.inC()) {
                return;
            }
            Shape s = shapes.get(oa.tensor());
            int[] a = t[oa.tensor()];
            int base = ci * s.h() * s.w();
            long alpha = oa.alpha();
            for (int y = 0; y < oh; y++) {
                int row = base + y * oa.stride() * s.w();
                for (int x = 0; x < ow; x++) {
                    acc[y * ow + x] += alpha * a[row + x * oa.stride()];
                }
            }
        }
    }

    private static long[] head(QLayer.Head hd, int[] a, Shape src) {
        int plane = src.h() * src.w();
        long[] sums = new long[hd.inC()];
        for (int c = 0; c < hd.inC(); c++) {
            long s = 0;
            for (int j = 0; j < plane; j++) {
                s += a[c * plane + j];
            }
            sums[c] = s;
        }
        long[] logits = new long[hd.classes()];
        for (int j = 0; j < hd.classes(); j++) {
            long v = hd.b()[j];
            for (int c = 0; c < hd.inC(); c++) {
                v += (long) hd.w()[j * hd.inC() + c] * sums[c];
            }
            logits[j] = v;
        }
        return logits;
    }
}
