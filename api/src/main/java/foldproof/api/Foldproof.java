package foldproof.api;

import foldproof.circuits.CircuitException;
import foldproof.folding.ProofException;
import foldproof.folding.VerificationException;
import foldproof.folding.proof.ModelContext;
import foldproof.folding.proof.ProofCodec;
import foldproof.folding.proof.Prover;
import foldproof.folding.proof.Verifier;
import foldproof.quantizer.QuantizerException;
import foldproof.quantizer.image.ImageLoader;
import foldproof.quantizer.importers.Importers;
import foldproof.quantizer.model.FloatNet;
import foldproof.quantizer.model.Preprocess;
import foldproof.quantizer.model.QModel;
import foldproof.quantizer.quant.Calibration;
import foldproof.quantizer.quant.DataFreeCalibration;
import foldproof.quantizer.quant.InputQuantizer;
import foldproof.quantizer.quant.Quantizer;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The foldproof library: quantize a float ResNet, prove in zero knowledge how it classifies an image, and
 * verify such a proof. The {@code foldproof} command's {@code prove} and {@code verify} are built on these
 * calls. Example (docs/api.md):
 *
 * <pre>{@code
 * Model model = Foldproof.quantize(Path.of("model.onnx"), QuantizeOptions.calibration(photos));
 * Proof proof = Foldproof.prove(model, Path.of("cat.jpg"), ProveOptions.defaults());
 * Verification v = Foldproof.verify(model, proof.bytes());   // v.valid(), v.label(), v.logits()
 * }</pre>
 *
 * Errors: bad input (unreadable or refused files, a float model where a quantized one is needed) throws
 * {@link FoldproofException} with a one-line message; a proof that does not verify is a
 * {@link Verification} with {@code valid() == false} and the reason, never an exception.
 */
public final class Foldproof {
    /**
     * Past this enlargement the model sees mostly interpolation, not the photo (a 1x1 image becomes one
     * colour): {@link #preprocess} warns. 4x still covers, e.g., a 64x64 thumbnail for a 256-pixel resize.
     */
    public static final double WARN_UPSCALE = 4.0;

    private Foldproof() { }

    /**
     * Quantizes a float model file (ONNX; HuggingFace, torchvision or akamaster safetensors: the formats of
     * docs/quantizer.md) into a {@link Model} that can be proven.
     *
     * @throws FoldproofException if the file cannot be read or imported, an image cannot be read, or
     *                            data-free calibration is asked of a model without BatchNorm statistics
     */
    public static Model quantize(Path floatModel, QuantizeOptions options) {
        Objects.requireNonNull(options, "options");
        try {
            if (!Files.isRegularFile(floatModel)) {
                throw new FoldproofException("model file not found: " + floatModel);
            }
            FloatNet net = Importers.load(floatModel, options.config());
            QModel q;
            if (options.images() == null) {
                q = Quantizer.quantizeDataFree(net, Calibration.DEFAULT, DataFreeCalibration.DEFAULT_SPREAD);
            } else {
                List<float[]> inputs = new ArrayList<>();
                for (Path p : options.images()) {
                    inputs.add(ImageLoader.load(p, net.preprocess()));
                }
                q = Quantizer.quantize(net, inputs);
            }
            return Model.of(q);
        } catch (QuantizerException | CircuitException | IllegalArgumentException | UncheckedIOException e) {
            throw new FoldproofException(e.getMessage(), e);
        }
    }

    /** Reads a quantized model file: {@link Model#load}. */
    public static Model load(Path fpq) {
        return Model.load(fpq);
    }

    /**
     * Proves that {@code model} classifies the image file (JPEG, PNG, ...) with the logits the proof carries.
     * The image is preprocessed as the model says (resize, crop, normalise) and quantized to int8.
     *
     * @throws FoldproofException if the image cannot be read
     */
    public static Proof prove(Model model, Path image, ProveOptions options) {
        return prove(model, preprocess(image, model.quantized().preprocess(), options.warnings()), options);
    }

    /** Proves, in one proof, that {@code model} classifies each image file of {@code images} (in batch order). */
    public static Proof proveImages(Model model, List<Path> images, ProveOptions options) {
        List<float[]> inputs = new ArrayList<>();
        for (Path image : images) {
            inputs.add(preprocess(image, model.quantized().preprocess(), options.warnings()));
        }
        return proveBatch(model, inputs, options);
    }

    /**
     * Proves that {@code model} classifies an already preprocessed input: a float CHW tensor of the model's
     * input shape, as {@link #preprocess} makes it (then quantized to int8 as in {@link #prove(Model, Path,
     * ProveOptions)}).
     *
     * @throws FoldproofException if the tensor has the wrong size
     */
    public static Proof prove(Model model, float[] input, ProveOptions options) {
        return proveBatch(model, List.of(input), options);
    }

    /**
     * Proves, in one proof, that {@code model} classifies each of several already preprocessed inputs (as
     * {@link #prove(Model, float[], ProveOptions)}, in batch order): one blinding fold, one compression per
     * layer and one final opening for the whole batch (docs/protocol.md, "Batch proofs").
     *
     * @throws FoldproofException if the batch is empty or a tensor has the wrong size
     */
    public static Proof proveBatch(Model model, List<float[]> inputs, ProveOptions options) {
        Objects.requireNonNull(options, "options");
        long t0 = System.nanoTime();
        try {
            QModel m = model.quantized();
            if (inputs.isEmpty()) {
                throw new FoldproofException("a batch needs at least one image");
            }
            List<int[]> qs = new ArrayList<>();
            for (int n = 0; n < inputs.size(); n++) {
                float[] input = inputs.get(n);
                if (input.length != m.input().size()) {
                    throw new FoldproofException((inputs.size() > 1 ? "input " + n + ": " : "") + "input tensor has "
                            + input.length + " values, the model's input " + m.input() + " needs " + m.input().size());
                }
                qs.add(InputQuantizer.quantize(m, input));
            }
            ModelContext ctx = model.context();
            long t1 = System.nanoTime();
            ProveOptions.LayerListener l = options.progress();
            Prover.Result res = Prover.proveBatch(ctx, qs, new Prover.Options(options.publicInput(), options.randomOrSecure(), true),
                    l::layerDone);
            return finish(model, ctx, res.proof(), res.stats(), t0, t1);
        } catch (QuantizerException | CircuitException | ProofException e) {
            throw new FoldproofException(e.getMessage(), e);
        }
    }

    /**
     * Wraps a proof made elsewhere (e.g. the Spark engine of module {@code prover-spark}) with its encoding
     * and timings.
     */
    public static Proof wrap(Model model, foldproof.folding.proof.Proof proof, Prover.Stats stats, long startNanos) {
        return finish(model, model.context(), proof, stats, startNanos, startNanos);
    }

    private static Proof finish(Model model, ModelContext ctx, foldproof.folding.proof.Proof proof, Prover.Stats s,
                                long t0, long t1) {
        byte[] bytes = ProofCodec.write(proof, ctx.table());
        Proof.Timings t = new Proof.Timings(t1 - t0, s.inferenceNanos(), s.rowTableNanos(), s.foldNanos(), s.blindNanos(),
                s.compressNanos(), System.nanoTime() - t0);
        int[] labels = new int[proof.batchSize()];
        List<long[]> logits = new ArrayList<>();
        for (int n = 0; n < labels.length; n++) {
            labels[n] = proof.images().get(n).label();
            logits.add(proof.images().get(n).logits().clone());
        }
        return new Proof(model, bytes, labels, logits, proof.hasPublicInput(), t);
    }

    /**
     * Verifies {@code proofBytes} against {@code model}. Never throws for a bad proof: a malformed file, a
     * proof of another model (its digest differs) or a failing check is a rejected {@link Verification}
     * with the reason.
     */
    public static Verification verify(Model model, byte[] proofBytes) {
        Objects.requireNonNull(proofBytes, "proofBytes");
        long t0 = System.nanoTime();
        try {
            Verifier.Verified v = Verifier.verify(model.context(), proofBytes);
            int[] labels = new int[v.images().size()];
            List<long[]> logits = new ArrayList<>();
            List<int[]> inputs = new ArrayList<>();
            for (int n = 0; n < labels.length; n++) {
                labels[n] = v.images().get(n).label();
                logits.add(v.images().get(n).logits());
                inputs.add(v.images().get(n).publicInput());
            }
            return Verification.accepted(labels, logits, inputs, System.nanoTime() - t0);
        } catch (VerificationException e) {
            return Verification.rejected(reason(e), System.nanoTime() - t0);
        }
    }

    /** The verifier's reason; a proof of another model is not "malformed": say to verify with the right model. */
    static String reason(VerificationException e) {
        String r = e.reason();
        String other = "malformed proof: proof is for another model";
        return r.startsWith(other) ? "proof is for another model" + r.substring(other.length())
                + ": verify with the model it was made with" : r;
    }

    /**
     * Reads and preprocesses an image file for a model's {@link Preprocess}: the float CHW tensor that
     * {@link #prove(Model, float[], ProveOptions)} takes. One warning on {@code warnings} if the image is
     * upscaled more than {@link #WARN_UPSCALE} times.
     *
     * @throws FoldproofException if the file is missing or not an image
     */
    public static float[] preprocess(Path image, Preprocess pre, Consumer<String> warnings) {
        try {
            if (Files.isDirectory(image)) {
                throw new FoldproofException("image " + image + " is a directory, not a file");
            }
            if (!Files.isRegularFile(image)) {
                throw new FoldproofException("image not found: " + image);
            }
            ImageLoader.Pixels px = ImageLoader.read(image);
            double f = ImageLoader.upscale(px.h(), px.w(), pre);
            if (f > WARN_UPSCALE) {
                warnings.accept(String.format(Locale.ROOT, "image %s is %dx%d pixels: upscaled %.1fx for the model's %dx%d input,"
                        + " so the model sees mostly interpolation", image, px.w(), px.h(), f, pre.crop(), pre.crop()));
            }
            return ImageLoader.preprocess(px, pre);
        } catch (QuantizerException | IllegalArgumentException | UncheckedIOException e) {
            throw new FoldproofException(e.getMessage(), e);
        }
    }
}
