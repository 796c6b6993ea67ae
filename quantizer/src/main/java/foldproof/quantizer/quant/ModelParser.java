package foldproof.quantizer.quant;

import foldproof.quantizer.QuantizerException;
import foldproof.quantizer.model.Preprocess;
import foldproof.quantizer.model.QLayer;
import foldproof.quantizer.model.QModel;
import foldproof.quantizer.model.Shape;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Strict parser of the {@link ModelFile} format. A version-2 or version-3 file's trailing SHA-256 is checked first,
 * against every byte before it (a mismatch is {@link ModelFile#CORRUPTED}); the rest is parsed as if the
 * file ended before the checksum. Every field is range-checked, every length is either
 * derived from the shapes read so far or bounded and checked against the bytes that remain before
 * anything is allocated, strings must be valid UTF-8, enums known, scales finite and positive, and no
 * byte may follow the labels; a grouped conv (layer kind 4) only in a version-3 file, whose groups divide the channel
 * counts before its weight count is derived from them. Finally the model passes {@link ModelChecks}, has the version
 * {@link ModelFile#versionFor} gives it (or is a legacy version-1 file without a grouped conv) and re-encodes to exactly
 * the input bytes (so one model has one file and one digest). Every failure is a {@link QuantizerException}
 * naming the offset and the field.
 */
final class ModelParser {
    private static final int MAX_STRING = ModelFile.CHUNK;   // a string is read from one window
    private static final int MAX_LAYERS = 10_000;
    private static final int MAX_DIM = 1 << 16;
    private static final int MAX_KERNEL = 64;
    private final ModelBytes src;
    private int version;

    ModelParser(byte[] bytes) {
        this(ModelBytes.of(bytes));
    }

    /** A parser of {@code src} from its start (a file is read a window at a time, see {@link ModelBytes}). */
    ModelParser(ModelBytes src) {
        this.src = src;
    }

    /** The version field of the parsed file (after {@link #parse}). */
    int version() {
        return version;
    }

    QModel parse() {
        byte[] magic = new byte[4];
        need(4, "magic");
        src.take(4).get(magic);
        if (!Arrays.equals(magic, ModelFile.MAGIC)) {
            throw new QuantizerException("not a foldproof model file (bad magic; expected \"FPQM\")");
        }
        need(2, "version");
        version = src.take(2).getShort() & 0xFFFF;
        if (version != ModelFile.VERSION && version != ModelFile.LEGACY_VERSION && version != ModelFile.GROUPED_VERSION) {
            throw new QuantizerException("unsupported model file version " + version + " (this build reads versions "
                    + ModelFile.LEGACY_VERSION + " to " + ModelFile.GROUPED_VERSION + ")");
        }
        if (version != ModelFile.LEGACY_VERSION) {
            long end = src.size() - ModelFile.CHECKSUM_BYTES;
            if (end < src.position()) {
                throw new QuantizerException("truncated model file: no room for the " + ModelFile.CHECKSUM_BYTES
                        + "-byte checksum of version " + version + " (" + src.size() + " bytes)");
            }
            byte[] trailer = new byte[ModelFile.CHECKSUM_BYTES];
            if (!Arrays.equals(src.sha256(end, trailer), trailer)) {
                throw new QuantizerException(ModelFile.CORRUPTED);
            }
            src.end(end);
        }
        String name = string("name");
        String description = string("description");
        int mode = u8("preprocess mode");
        if (mode >= Preprocess.Resize.values().length) {
            throw bad("unknown preprocess mode " + mode);
        }
        int resize = dim("preprocess resize");
        int crop = dim("preprocess crop");
        float[] mean = new float[3];
        float[] std = new float[3];
        for (int c = 0; c < 3; c++) {
            mean[c] = f32("preprocess mean");
        }
        for (int c = 0; c < 3; c++) {
            std[c] = f32("preprocess std");
            if (!(std[c] > 0) || Float.isInfinite(std[c])) {
                throw bad("preprocess std must be positive and finite");
            }
        }
        Preprocess pre = new Preprocess(Preprocess.Resize.values()[mode], resize, crop, mean, std);
        Shape input = new Shape(dim("input channels"), dim("input height"), dim("input width"));
        double inputScale = scale("input scale");
        int n = u32("layer count");
        if (n < 1 || n > MAX_LAYERS) {
            throw bad("layer count " + n + " outside [1, " + MAX_LAYERS + "]");
        }
        need(8L * (n + 1), "tensor scales");
        double[] scales = new double[n + 1];
        for (int t = 0; t <= n; t++) {
            scales[t] = scale("scale of tensor " + t);
        }
        List<QLayer> layers = new ArrayList<>(n);
        List<Shape> shapes = new ArrayList<>();
        shapes.add(input);
        for (int i = 0; i < n; i++) {
            QLayer l = layer(i, shapes);
            layers.add(l);
            QModel partial = new QModel(name, description, pre, input, inputScale, Arrays.copyOf(scales, i + 2), layers, null);
            try {
                shapes = partial.shapes();
            } catch (IllegalArgumentException e) {
                throw bad("layer " + i + ": " + e.getMessage());
            }
        }
        String[] labels = null;
        int hasLabels = u8("labels flag");
        if (hasLabels > 1) {
            throw bad("labels flag must be 0 or 1, got " + hasLabels);
        }
        if (hasLabels == 1) {
            if (!(layers.get(n - 1) instanceof QLayer.Head h)) {
                throw new QuantizerException("the last layer must be the head");
            }
            labels = new String[h.classes()];
            for (int j = 0; j < labels.length; j++) {
                labels[j] = string("label " + j);
            }
        }
        if (src.remaining() > 0) {
            throw new QuantizerException(src.remaining() + " unexpected trailing bytes after the labels at offset " + src.position());
        }
        QModel m = new QModel(name, description, pre, input, inputScale, scales, layers, labels);
        ModelChecks.validate(m);
        if (version != ModelFile.LEGACY_VERSION && version != ModelFile.versionFor(m)) {
            throw new QuantizerException("model file is not in canonical form (version " + version + " for a model "
                    + (version == ModelFile.GROUPED_VERSION ? "without" : "with") + " a grouped conv; expected " + ModelFile.versionFor(m) + ")");
        }
        if (!ModelFile.encodesTo(m, version, src.again())) {
            throw new QuantizerException("model file is not in canonical form (re-encoding differs)");
        }
        return m;
    }

    private QLayer layer(int i, List<Shape> shapes) {
        String where = "layer " + i;
        int kind = u8(where + " kind");
        String name = string(where + " name");
        int input = u32(where + " input tensor");
        if (input < 0 || input > i) {
            throw bad(where + " (" + name + ") reads tensor " + input + ", not an earlier tensor");
        }
        Shape src = shapes.get(input);
        switch (kind) {
            case ModelFile.CONV:
            case ModelFile.CONV_GROUPED: {
                if (kind == ModelFile.CONV_GROUPED && version != ModelFile.GROUPED_VERSION) {
                    throw bad(where + " (" + name + "): a grouped conv needs format version " + ModelFile.GROUPED_VERSION + ", the file is version " + version);
                }
                int inC = dim(where + " inC");
                int outC = dim(where + " outC");
                int k = kernel(where + " kernel");
                int stride = kernel(where + " stride");
                int pad = u32(where + " pad");
                int shift = u32(where + " shift");
                int groups = kind == ModelFile.CONV_GROUPED ? u32(where + " groups") : 1;
                if (groups < 2 && kind == ModelFile.CONV_GROUPED || groups > 1 && (inC % groups != 0 || outC % groups != 0)) {
                    throw bad(where + " (" + name + "): groups " + groups + " must be at least 2 and divide inC " + inC + " and outC " + outC);
                }
                if (inC != src.c()) {
                    throw bad(where + " (" + name + "): inC " + inC + " but input tensor " + input + " is " + src);
                }
                if (pad < 0 || pad >= k || shift < 0 || shift > ModelChecks.MAX_SHIFT) {
                    throw bad(where + " (" + name + "): pad " + pad + " or shift " + shift + " out of range");
                }
                int[] w = intArray((long) outC * (inC / groups) * k * k, where + " weights");
                long[] b = longArray(outC, where + " biases");
                QLayer.QSkip skip = skip(where, shapes, outC);
                return new QLayer.Conv(name, input, inC, outC, k, stride, pad, w, b, shift, skip, groups);
            }
            case ModelFile.MAXPOOL: {
                int k = kernel(where + " kernel");
                int stride = kernel(where + " stride");
                int pad = u32(where + " pad");
                if (pad < 0 || pad >= k) {
                    throw bad(where + " (" + name + "): pad " + pad + " out of range");
                }
                return new QLayer.MaxPool(name, input, k, stride, pad);
            }
            case ModelFile.HEAD: {
                int inC = dim(where + " inC");
                int classes = dim(where + " classes");
                if (inC != src.c()) {
                    throw bad(where + " (" + name + "): head inC " + inC + " but input tensor " + input + " is " + src);
                }
                double logitScale = scale(where + " logit scale");
                int[] w = intArray((long) classes * inC, where + " weights");
                long[] b = longArray(classes, where + " biases");
                return new QLayer.Head(name, input, inC, classes, w, b, logitScale);
            }
            default:
                throw bad(where + ": unknown layer kind " + kind);
        }
    }

    private QLayer.QSkip skip(String where, List<Shape> shapes, int outC) {
        int kind = u8(where + " skip kind");
        switch (kind) {
            case ModelFile.SKIP_NONE:
                return new QLayer.QSkip.None();
            case ModelFile.SKIP_IDENTITY:
                return new QLayer.QSkip.Identity(tensor(where, shapes), i64(where + " skip alpha"));
            case ModelFile.SKIP_PROJECTION: {
                int t = tensor(where, shapes);
                int inC = dim(where + " projection inC");
                int k = kernel(where + " projection kernel");
                int stride = kernel(where + " projection stride");
                int pad = u32(where + " projection pad");
                if (inC != shapes.get(t).c() || pad < 0 || pad >= k) {
                    throw bad(where + ": projection inC/pad do not fit tensor " + t + " (" + shapes.get(t) + ")");
                }
                int[] w = intArray((long) outC * inC * k * k, where + " projection weights");
                return new QLayer.QSkip.Projection(t, inC, k, stride, pad, w);
            }
            case ModelFile.SKIP_OPTION_A: {
                int t = tensor(where, shapes);
                int inC = dim(where + " option-A inC");
                int stride = kernel(where + " option-A stride");
                int padBefore = u32(where + " option-A padBefore");
                if (padBefore < 0 || padBefore > MAX_DIM) {
                    throw bad(where + ": option-A padBefore " + padBefore + " out of range");
                }
                return new QLayer.QSkip.OptionA(t, inC, stride, padBefore, i64(where + " skip alpha"));
            }
            default:
                throw bad(where + ": unknown skip kind " + kind);
        }
    }

    private int tensor(String where, List<Shape> shapes) {
        int t = u32(where + " skip tensor");
        if (t < 0 || t >= shapes.size()) {
            throw bad(where + ": skip reads tensor " + t + ", not an earlier tensor");
        }
        return t;
    }

    private int[] intArray(long count, String what) {
        need(count * 4, what);
        int[] a = new int[(int) count];
        for (int i = 0; i < a.length; ) {
            int n = (int) Math.min(a.length - i, src.window() / 4);
            ByteBuffer b = src.take(4 * n);
            b.asIntBuffer().get(a, i, n);
            b.position(b.position() + 4 * n);
            i += n;
        }
        return a;
    }

    private long[] longArray(long count, String what) {
        need(count * 8, what);
        long[] a = new long[(int) count];
        for (int i = 0; i < a.length; ) {
            int n = (int) Math.min(a.length - i, src.window() / 8);
            ByteBuffer b = src.take(8 * n);
            b.asLongBuffer().get(a, i, n);
            b.position(b.position() + 8 * n);
            i += n;
        }
        return a;
    }

    private String string(String what) {
        int len = u32(what + " length");
        if (len < 0 || len > MAX_STRING) {
            throw bad(what + " length " + len + " outside [0, " + MAX_STRING + "]");
        }
        need(len, what);
        ByteBuffer b = src.take(len);   // len <= MAX_STRING <= the window
        ByteBuffer slice = b.slice();
        slice.limit(len);
        b.position(b.position() + len);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(slice).toString();
        } catch (CharacterCodingException e) {
            throw bad(what + " is not valid UTF-8");
        }
    }

    private int dim(String what) {
        int v = u32(what);
        if (v < 1 || v > MAX_DIM) {
            throw bad(what + " " + v + " outside [1, " + MAX_DIM + "]");
        }
        return v;
    }

    private int kernel(String what) {
        int v = u32(what);
        if (v < 1 || v > MAX_KERNEL) {
            throw bad(what + " " + v + " outside [1, " + MAX_KERNEL + "]");
        }
        return v;
    }

    private double scale(String what) {
        need(8, what);
        double v = src.take(8).getDouble();
        if (!(v > 0) || Double.isInfinite(v)) {
            throw bad(what + " must be positive and finite, got " + v);
        }
        return v;
    }

    private float f32(String what) {
        need(4, what);
        float v = src.take(4).getFloat();
        if (!Float.isFinite(v)) {
            throw bad(what + " is not finite");
        }
        return v;
    }

    private int u8(String what) {
        need(1, what);
        return src.take(1).get() & 0xFF;
    }

    private int u32(String what) {
        need(4, what);
        return src.take(4).getInt();
    }

    private long i64(String what) {
        need(8, what);
        return src.take(8).getLong();
    }

    private void need(long n, String what) {
        if (n > src.remaining()) {
            throw new QuantizerException("truncated model file: " + what + " needs " + n + " bytes at offset " + src.position()
                    + ", only " + src.remaining() + " remain");
        }
    }

    private QuantizerException bad(String message) {
        return new QuantizerException("corrupt model file at offset " + src.position() + ": " + message);
    }
}
