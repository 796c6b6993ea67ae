package foldproof.cli;

import foldproof.api.Foldproof;
import foldproof.api.Model;
import foldproof.api.Verification;
import foldproof.quantizer.model.QModel;
import foldproof.quantizer.QuantizerException;
import foldproof.quantizer.quant.InputQuantizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code foldproof verify}: checks a proof ({@link Foldproof#verify}); exit 0 valid, 1 rejected, 2 bad usage or unreadable input, 3 internal error. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Verify a proof made with the same --model. Prints VALID with the label and logits, or INVALID with"
                + " the reason (a proof of another model is INVALID: its model digest differs)."})
final class VerifyCommand implements Callable<Integer> {
    /** Larger files are refused before reading (the largest real proofs are a few MiB). */
    static final long MAX_PROOF_BYTES = 1L << 30;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The proof file.")
    Path file;

    @Mixin
    ModelOptions model;

    @Option(names = "--image", paramLabel = "I",
            description = "For a proof made with --public-input: also check that its opened input is this image.")
    Path image;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        return common.inPool(this::run);
    }

    private Integer run() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        byte[] bytes;
        QModel m;
        try {
            if (!Files.isRegularFile(file)) {
                return unreadable(out, err, "proof file not found: " + file);
            }
            if (Files.size(file) > MAX_PROOF_BYTES) {
                return unreadable(out, err, "proof file is larger than " + MAX_PROOF_BYTES + " bytes: " + file);
            }
            bytes = Files.readAllBytes(file);
            if (image != null) {
                Inputs.requireFile(image, "image");
            }
            m = model.load();
        } catch (IOException | QuantizerException | IllegalArgumentException e) {
            return unreadable(out, err, e.getMessage());
        }
        Model api = Model.of(m);
        Verification v = Foldproof.verify(api, bytes);
        String reason = v.valid() ? checkImage(m, v) : v.reason();
        if (reason == null && v.batchSize() > 1) {
            if (common.json) {
                StringBuilder sb = new StringBuilder("[");
                for (int n = 0; n < v.batchSize(); n++) {
                    String r = Json.result(true, null, v.label(n), Labels.name(m, v.label(n)), v.logits(n), m.name(), v.seconds());
                    sb.append(n == 0 ? "" : ",").append("{\"index\":").append(n).append(',').append(r.substring(1));
                }
                out.println(sb.append(']'));
            } else {
                boolean opened = v.openedInput().isPresent();
                out.println("VALID: " + m.name() + " classifies each of the " + v.batchSize() + " " + (opened ? "opened " : "hidden ")
                        + "inputs of the batch as follows");
                for (int n = 0; n < v.batchSize(); n++) {
                    out.println(String.format(Locale.ROOT, "image %3d: %s  logits %s", n, Labels.describe(m, v.label(n)),
                            Json.longs(v.logits(n))));
                }
                out.println("digest: " + api.digestHex() + " (model " + model.model + ")");
                out.printf(Locale.ROOT, "verified in %.2f s%n", v.seconds());
            }
            out.flush();
            return 0;
        }
        if (reason == null) {
            if (common.json) {
                out.println(Json.result(true, null, v.label(), Labels.name(m, v.label()), v.logits(), m.name(), v.seconds()));
            } else {
                boolean opened = v.openedInput().isPresent();
                out.println("VALID: " + m.name() + " classifies the " + (opened ? "opened " : "hidden ") + "input as " + Labels.describe(m, v.label()));
                out.println("top-5:  " + Labels.top5(m, v.logits()));
                out.println("digest: " + api.digestHex() + " (model " + model.model + ")");
                out.printf(Locale.ROOT, "verified in %.2f s%s%n", v.seconds(), !opened ? ""
                        : image != null ? " (the proof opens its input: it is " + image + ")"
                        : " (the proof opens its input; pass --image to compare it with an image)");
            }
            out.flush();
            return 0;
        }
        if (common.json) {
            out.println(Json.result(false, reason, -1, null, null, m.name(), v.seconds()));
        } else {
            out.println("INVALID: " + reason);
        }
        out.flush();
        return 1;
    }

    /**
     * With {@code --image}: the proof's opened input must be the quantized image. Null if it is (or no
     * {@code --image} was given), else the reason to reject.
     */
    private String checkImage(QModel m, Verification v) {
        if (image == null) {
            return null;
        }
        if (v.batchSize() > 1) {
            return "--image compares one opened input, but the proof covers a batch of " + v.batchSize() + " images";
        }
        if (v.openedInput().isEmpty()) {
            return "--image given but the proof hides its input (prove with --public-input)";
        }
        int[] q;
        try {
            q = InputQuantizer.quantize(m, ImageInput.load(image, m.preprocess(), spec.commandLine().getErr()));
        } catch (RuntimeException e) {
            return "cannot read --image " + image + ": " + e.getMessage();
        }
        return Arrays.equals(q, v.openedInput().get()) ? null : "the proof's opened input is not the image " + image;
    }

    private int unreadable(PrintWriter out, PrintWriter err, String msg) {
        if (common.json) {
            out.println(Json.result(false, "unreadable input: " + msg, -1, null, null, null, 0));
            out.flush();
        }
        err.println("error: " + msg);
        err.flush();
        return 2;
    }
}
