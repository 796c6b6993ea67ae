package foldproof.api;

import foldproof.folding.proof.ModelContext;
import foldproof.quantizer.QuantizerException;
import foldproof.quantizer.model.QModel;
import foldproof.quantizer.quant.ModelFile;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A quantized model: what {@link Foldproof#prove} proves and {@link Foldproof#verify} checks against. Its
 * digest (SHA-256 of its canonical encoding) is bound into every proof, so prover and verifier must hold the
 * same model. Immutable; the circuits are built on first use and kept, so one {@code Model} proves and
 * verifies many times without rebuilding them. Thread-safe.
 */
public final class Model {
    private final QModel model;
    private final byte[] digest;
    private volatile ModelContext context;

    private Model(QModel model) {
        this.model = model;
        this.digest = ModelFile.digest(model);
    }

    /**
     * Reads a quantized model file ({@code .fpq}, from {@link Foldproof#quantize} and {@link #toBytes}, or
     * {@code foldproof quantize}); the file is checked in full (checksum, structure, the soundness bounds).
     *
     * @throws FoldproofException if the file is missing, not a model file, or refused
     */
    public static Model load(Path file) {
        try {
            return new Model(ModelFile.read(file));
        } catch (QuantizerException | IllegalArgumentException e) {
            throw new FoldproofException(e.getMessage(), e);
        }
    }

    /** The model encoded as a {@code .fpq} file ({@link #toBytes}). @throws FoldproofException if refused */
    public static Model fromBytes(byte[] fpq) {
        try {
            return new Model(ModelFile.fromBytes(fpq));
        } catch (QuantizerException | IllegalArgumentException e) {
            throw new FoldproofException(e.getMessage(), e);
        }
    }

    /** Wraps a quantized model of the quantizer module (built-in demo models, models made in code). */
    public static Model of(QModel model) {
        return new Model(Objects.requireNonNull(model, "model"));
    }

    /** The model's name, e.g. {@code cifar10-resnet18}. */
    public String name() {
        return model.name();
    }

    /** One line on where the model came from (e.g. how it was calibrated). */
    public String description() {
        return model.description();
    }

    /** The SHA-256 digest that proofs bind (a copy). */
    public byte[] digest() {
        return digest.clone();
    }

    /** {@link #digest()} in lower-case hex. */
    public String digestHex() {
        return ModelFile.hex(digest);
    }

    /** Number of classes (logits). */
    public int numClasses() {
        return model.numClasses();
    }

    /** The class name of {@code label}, or null if the model has no names. */
    public String labelName(int label) {
        String[] l = model.labels();
        return l != null && label >= 0 && label < l.length ? l[label] : null;
    }

    /** The {@code .fpq} encoding ({@link #fromBytes} reads it back; same digest). */
    public byte[] toBytes() {
        return ModelFile.toBytes(model);
    }

    /** Number of proof layers (model layers, plus the input range check when it needs a layer of its own). */
    public int numProofLayers() {
        return context().circuits().size();
    }

    /** Number of tiles (output rows) over every proof layer: the folding steps of a proof. */
    public long numTiles() {
        long n = 0;
        for (var c : context().circuits()) {
            n += c.numTiles();
        }
        return n;
    }

    /** Total R1CS constraints of a proof: tiles times constraints per tile, over every layer. */
    public long numConstraints() {
        ModelContext c = context();
        long n = 0;
        for (int l = 0; l < c.circuits().size(); l++) {
            n += (long) c.circuits().get(l).numTiles() * c.skeletons().get(l).numConstraints();
        }
        return n;
    }

    /** The underlying quantized model (the quantizer module's type, for code that goes below this API). */
    public QModel quantized() {
        return model;
    }

    /** The circuits and proof layout, built once (public for engines, e.g. {@code prover-spark}). */
    public ModelContext context() {
        ModelContext c = context;
        if (c == null) {
            synchronized (this) {
                c = context;
                if (c == null) {
                    c = ModelContext.of(model);
                    context = c;
                }
            }
        }
        return c;
    }

    @Override
    public String toString() {
        return "Model[" + model.name() + ", digest " + digestHex() + "]";
    }
}
