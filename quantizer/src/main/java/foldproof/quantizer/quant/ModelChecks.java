package foldproof.quantizer.quant;

import foldproof.quantizer.QuantizerException;
import foldproof.quantizer.model.Preprocess;
import foldproof.quantizer.model.QLayer;
import foldproof.quantizer.model.QModel;
import foldproof.quantizer.model.Shape;

import java.util.List;

/**
 * The one validator of a {@link QModel}, whether parsed from a file, imported or built in code: tensor
 * references point backwards, channel counts and array lengths match the shapes, skip tensors line up with
 * the output, exactly one head and it is last, the preprocessing produces the input shape, every size
 * fits the circuits' index space, and every static bound is exact and inside {@link ModelBounds#LIMIT}.
 * Run by the model file parser and writer, the quantizer and {@link IntInference}, so that a model a later
 * stage cannot handle soundly is refused with one line naming the layer, never proven.
 * The list of checks and their reasons is in docs/security.md ("Load-time checks").
 */
public final class ModelChecks {
    /** Largest accepted requantization shift (keeps {@code 2^(shift-1)} and the shifts well inside a long). */
    public static final int MAX_SHIFT = 40;
    /** Largest tensor (elements): every index and row length of the circuits is an {@code int}. */
    public static final long MAX_TENSOR = 1L << 26;
    /** Largest crop / resize edge of the preprocessing (the resized image is one {@code int[]}). */
    public static final int MAX_IMAGE_EDGE = 4096;
    /** Largest kernel edge (one IN slot per kernel row; a layout has at most 125 slots). */
    public static final int MAX_KERNEL = 32;
    /** Largest height of the tensor the head reads (one IN slot per row; a layout has at most 125 slots). */
    public static final int MAX_HEAD_HEIGHT = 120;
    /** Largest number of variables of one tile slot (positions are 24-bit in the circuits' variable ids). */
    public static final long MAX_SLOT_VARS = (1L << 24) - 1;
    /** Largest estimated number of constraint nonzeros of one tile (the matrices are {@code int}-indexed). */
    public static final long MAX_TILE_NONZEROS = 1L << 30;
    /**
     * Largest estimated number of constraint nonzeros of one tile that {@code check} and {@code prove} accept
     * ({@link #requireProvable}): 2^26, 768 MiB of the tile's CSR at 12 bytes a nonzero (an {@code int} column and a
     * {@code long} coefficient), a quarter of the launcher's default 3 GiB heap. The largest built-in tile below it is
     * ResNet-50's {@code layer4.0.conv3} at 448x448 (about 47 M); the ImageNet VGGs at 224 are above it
     * (fc6: 4096 outputs of 25088 taps, 103.2 M). {@code inspect} shows such models whatever their size.
     */
    public static final long MAX_PROVABLE_TILE_NONZEROS = 1L << 26;

    private ModelChecks() { }

    /** @throws QuantizerException naming the first offending layer */
    public static void validate(QModel m) {
        List<Shape> shapes;
        int n = m.layers().size();
        if (n == 0) {
            throw new QuantizerException("model " + m.name() + " has no layers");
        }
        for (int i = 0; i < n; i++) {
            int in = m.layers().get(i).input();
            if (in < 0 || in > i) {
                throw new QuantizerException("layer " + i + " (" + m.layers().get(i).name() + ") reads tensor " + in + ", which is not an earlier tensor");
            }
        }
        for (int i = 0; i < n; i++) {
            // window parameters before any extent is computed (a stride of 0 would divide by zero)
            QLayer l = m.layers().get(i);
            String where = "layer " + i + " (" + l.name() + "): ";
            if (l instanceof QLayer.Conv c) {
                need(c.kernel() > 0 && c.stride() > 0 && c.pad() >= 0 && c.pad() < c.kernel(), where + "bad kernel/stride/pad");
                need(c.groups() >= 1 && c.inC() > 0 && c.outC() > 0 && c.inC() % c.groups() == 0 && c.outC() % c.groups() == 0,
                        where + "groups " + c.groups() + " must be at least 1 and divide inC " + c.inC() + " and outC " + c.outC());
                if (c.skip() instanceof QLayer.QSkip.Projection pr) {
                    need(pr.kernel() > 0 && pr.stride() > 0 && pr.pad() >= 0 && pr.pad() < pr.kernel(), where + "bad projection kernel/stride/pad");
                } else if (c.skip() instanceof QLayer.QSkip.OptionA oa) {
                    need(oa.stride() > 0, where + "bad option-A stride");
                }
            } else if (l instanceof QLayer.MaxPool p) {
                need(p.kernel() > 0 && p.stride() > 0 && p.pad() >= 0 && p.pad() < p.kernel(), where + "bad maxpool kernel/stride/pad");
            }
        }
        try {
            shapes = m.shapes();
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new QuantizerException("model " + m.name() + ": " + e.getMessage(), e);
        }
        if (m.scales() == null || m.scales().length != n + 1) {
            throw new QuantizerException("model " + m.name() + ": expected " + (n + 1) + " tensor scales");
        }
        checkInput(m);
        for (int t = 0; t < shapes.size(); t++) {
            Shape s = shapes.get(t);
            long size = (long) s.c() * s.h() * s.w();
            if (size > MAX_TENSOR) {
                throw new QuantizerException("model " + m.name() + ": tensor " + t + (t == 0 ? " (the input)" : " (output of layer "
                        + (t - 1) + ", " + m.layers().get(t - 1).name() + ")") + " is " + s + " = " + size
                        + " values, more than the supported " + MAX_TENSOR);
            }
        }
        if ((long) shapes.get(0).c() * shapes.get(0).w() * 7 > MAX_SLOT_VARS) {
            throw new QuantizerException("model " + m.name() + ": input rows of " + shapes.get(0).rowLength() + " values are too long to range-check in one tile");
        }
        for (int i = 0; i < n; i++) {
            QLayer l = m.layers().get(i);
            Shape src = shapes.get(l.input());
            Shape dst = shapes.get(i + 1);
            String where = "layer " + i + " (" + l.name() + "): ";
            if (l instanceof QLayer.Head h) {
                if (i != n - 1) {
                    throw new QuantizerException(where + "the head must be the last layer");
                }
                need(h.inC() == src.c(), where + "head inC " + h.inC() + " but input has " + src.c() + " channels");
                need(h.w().length == (long) h.classes() * h.inC() && h.b().length == h.classes(), where + "head weight/bias length mismatch");
                need(src.h() <= MAX_HEAD_HEIGHT, where + "the head reads a " + src + " tensor; heights above " + MAX_HEAD_HEIGHT + " are not supported (one circuit slot per row)");
                need(tileNonzeros(h, src, dst) <= MAX_TILE_NONZEROS, where + "head too large for one tile");
                if (m.labels() != null && m.labels().length != h.classes()) {
                    throw new QuantizerException(where + m.labels().length + " labels for " + h.classes() + " classes");
                }
                continue;
            }
            need(i != n - 1, "model " + m.name() + ": the last layer must be the head");
            if (l instanceof QLayer.Conv c) {
                need(c.inC() == src.c(), where + "inC " + c.inC() + " but input tensor " + c.input() + " is " + src);
                need(c.w().length == (long) c.outC() * c.groupInC() * c.kernel() * c.kernel(), where + "weight length does not match "
                        + c.outC() + "x" + c.groupInC() + "x" + c.kernel() + "x" + c.kernel() + (c.groups() > 1 ? " (groups " + c.groups() + ")" : ""));
                need(c.b().length == c.outC(), where + "bias length " + c.b().length + " != outC " + c.outC());
                need(c.shift() >= 0 && c.shift() <= MAX_SHIFT, where + "shift " + c.shift() + " outside [0, " + MAX_SHIFT + "]");
                need(c.kernel() <= MAX_KERNEL, where + "kernel " + c.kernel() + " larger than the supported " + MAX_KERNEL);
                checkSkip(c.skip(), i, shapes, dst, where);
                int skipK = c.skip() instanceof QLayer.QSkip.Projection pr ? pr.kernel() : c.skip() instanceof QLayer.QSkip.None ? 0 : 1;
                need(c.kernel() + skipK + 2 <= 125, where + "kernel " + c.kernel() + " plus skip kernel " + skipK + " needs more than 125 circuit slots");
                long outRow = (long) c.outC() * dst.w();
                // AUX per tile: at most 51 per output (requant bits + ovf), plus the stem's input range bits
                long aux = outRow * 51 + (i == 0 ? 7L * c.stride() * src.c() * src.w() : 0);
                need(aux <= MAX_SLOT_VARS, where + "output rows of " + outRow + " values are too long for one tile");
                need(tileNonzeros(c, src, dst) <= MAX_TILE_NONZEROS, where + "too large for one tile (" + tileTerms(c, dst) + ")");
            } else {
                QLayer.MaxPool p = (QLayer.MaxPool) l;
                need(p.kernel() <= MAX_KERNEL, where + "max pool kernel " + p.kernel() + " larger than the supported " + MAX_KERNEL);
                need((long) src.c() * (src.w() + dst.w()) * p.kernel() * 9 <= MAX_SLOT_VARS, where + "max pool rows too long for one tile");
            }
        }
        ModelBounds bounds = ModelBounds.of(m);
        for (int i = 0; i < n; i++) {
            if (m.layers().get(i) instanceof QLayer.MaxPool p && p.pad() > 0 && bounds.signed(p.input())) {
                // padding must read the value neutral for the max, the tensor's minimum (-128 for the signed
                // input); the circuits commit a border row as a zero row, which is not neutral there
                throw new QuantizerException("layer " + i + " (" + p.name() + "): a max pool with padding over the signed input "
                        + "tensor is not supported (padding would have to read -128); use pad 0 or pool after the first conv");
            }
        }
    }

    /**
     * Estimated constraint nonzeros of one tile of layer {@code l} (input {@code src}, output {@code dst}): a conv's
     * output row times its taps (plus the skip's and about 110 for requantisation and range checks); the head's
     * sums and weights; 0 for a max pool (not estimated: a few dozen per output, 39 for a 2x2 pool, and its rows are
     * bounded by the slot check of {@link #validate}).
     */
    public static long tileNonzeros(QLayer l, Shape src, Shape dst) {
        if (l instanceof QLayer.Conv c) {
            int skipTaps = c.skip() instanceof QLayer.QSkip.Projection pr ? pr.inC() * pr.kernel() * pr.kernel() : 1;
            return (long) c.outC() * dst.w() * ((long) c.groupInC() * c.kernel() * c.kernel() + skipTaps + 110);
        }
        if (l instanceof QLayer.Head h) {
            return (long) src.h() * src.w() * src.c() + (long) h.classes() * h.inC();
        }
        return 0;
    }

    private static String tileTerms(QLayer.Conv c, Shape dst) {
        return (long) c.outC() * dst.w() + " outputs per row of " + c.groupInC() + "x" + c.kernel() + "x" + c.kernel() + " taps";
    }

    /**
     * What {@code check} and {@code prove} run after loading: every layer's tile within {@link #MAX_PROVABLE_TILE_NONZEROS}.
     *
     * @throws QuantizerException one line naming every layer above it, its estimate and the limit
     */
    public static void requireProvable(QModel m) {
        List<Shape> shapes = m.shapes();
        StringBuilder over = new StringBuilder();
        long worst = 0;
        for (int i = 0; i < m.layers().size(); i++) {
            QLayer l = m.layers().get(i);
            long nnz = tileNonzeros(l, shapes.get(l.input()), shapes.get(i + 1));
            if (nnz > MAX_PROVABLE_TILE_NONZEROS) {
                over.append(over.length() == 0 ? "" : ", ").append(l.name()).append(String.format(java.util.Locale.ROOT, " (%.1f M", nnz / 1e6))
                        .append(l instanceof QLayer.Conv c ? ": " + tileTerms(c, shapes.get(i + 1)) : "").append(')');
                worst = Math.max(worst, nnz);
            }
        }
        if (over.length() > 0) {
            throw new QuantizerException(String.format(java.util.Locale.ROOT, "model %s is too large to prove: a tile has more estimated"
                    + " constraint nonzeros than the prover's limit of %.1f M (2^26, %d MiB of CSR at 12 bytes each) in %s; the largest"
                    + " needs %.2f GiB; `foldproof inspect` shows the sizes", m.name(), MAX_PROVABLE_TILE_NONZEROS / 1e6,
                    MAX_PROVABLE_TILE_NONZEROS * 12 >> 20, over, worst * 12 / (double) (1L << 30)));
        }
    }

    /** The preprocessing must produce exactly the input tensor: 3 channels, crop x crop, resize >= crop. */
    private static void checkInput(QModel m) {
        Preprocess p = m.preprocess();
        Shape in = m.input();
        String where = "model " + m.name() + ": ";
        need(p != null, where + "no preprocessing");
        need(p.crop() > 0 && p.crop() <= MAX_IMAGE_EDGE && p.resize() > 0 && p.resize() <= MAX_IMAGE_EDGE,
                where + "preprocess crop " + p.crop() + " / resize " + p.resize() + " outside [1, " + MAX_IMAGE_EDGE + "]");
        need(p.resize() >= p.crop(), where + "preprocess resize " + p.resize() + " is smaller than the crop " + p.crop());
        need(in.c() == 3 && in.h() == p.crop() && in.w() == p.crop(),
                where + "input shape " + in + " does not match the preprocessing (3x" + p.crop() + "x" + p.crop() + ")");
        for (int c = 0; c < 3; c++) {
            need(Float.isFinite(p.mean()[c]) && Float.isFinite(p.std()[c]) && p.std()[c] > 0, where + "preprocess mean/std must be finite, std positive");
        }
        need(Double.isFinite(m.inputScale()) && m.inputScale() > 0, where + "input scale must be finite and positive");
        for (double s : m.scales()) {
            need(Double.isFinite(s) && s > 0, where + "tensor scales must be finite and positive");
        }
    }

    private static void checkSkip(QLayer.QSkip skip, int i, List<Shape> shapes, Shape dst, String where) {
        if (skip instanceof QLayer.QSkip.None) {
            return;
        }
        int tensor;
        if (skip instanceof QLayer.QSkip.Identity id) {
            tensor = id.tensor();
            need(tensor >= 0 && tensor <= i, where + "skip reads tensor " + tensor + ", not an earlier tensor");
            need(shapes.get(tensor).equals(dst), where + "identity skip tensor " + tensor + " is " + shapes.get(tensor) + ", output is " + dst);
        } else if (skip instanceof QLayer.QSkip.Projection pr) {
            tensor = pr.tensor();
            need(tensor >= 0 && tensor <= i, where + "skip reads tensor " + tensor + ", not an earlier tensor");
            Shape s = shapes.get(tensor);
            need(pr.inC() == s.c(), where + "projection inC " + pr.inC() + " but tensor " + tensor + " is " + s);
            need(pr.w().length == (long) dst.c() * pr.inC() * pr.kernel() * pr.kernel(), where + "projection weight length mismatch");
            try {
                need(Shape.outExtent(s.h(), pr.kernel(), pr.stride(), pr.pad()) == dst.h()
                        && Shape.outExtent(s.w(), pr.kernel(), pr.stride(), pr.pad()) == dst.w(), where + "projection output extent does not match " + dst);
            } catch (IllegalArgumentException e) {
                throw new QuantizerException(where + e.getMessage(), e);
            }
        } else {
            QLayer.QSkip.OptionA oa = (QLayer.QSkip.OptionA) skip;
            tensor = oa.tensor();
            need(tensor >= 0 && tensor <= i, where + "skip reads tensor " + tensor + ", not an earlier tensor");
            Shape s = shapes.get(tensor);
            need(oa.inC() == s.c() && oa.stride() > 0 && oa.padBefore() >= 0 && oa.padBefore() + oa.inC() <= dst.c(),
                    where + "option-A skip channels do not fit: inC " + oa.inC() + ", padBefore " + oa.padBefore() + ", tensor " + s + ", output " + dst);
            need((s.h() + oa.stride() - 1) / oa.stride() == dst.h() && (s.w() + oa.stride() - 1) / oa.stride() == dst.w(),
                    where + "option-A subsampled " + s + " by " + oa.stride() + " does not match output " + dst);
        }
    }

    private static void need(boolean ok, String message) {
        if (!ok) {
            throw new QuantizerException(message);
        }
    }
}
