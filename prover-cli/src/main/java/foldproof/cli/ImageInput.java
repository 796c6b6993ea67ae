package foldproof.cli;

import foldproof.api.Foldproof;
import foldproof.quantizer.model.Preprocess;

import java.io.PrintWriter;
import java.nio.file.Path;

/** One image file read for a model ({@code prove}, {@code check}, {@code infer}, {@code verify --image}), with a warning when it is blown up. */
final class ImageInput {
    private ImageInput() { }

    /**
     * Reads and preprocesses {@code file} for {@code pre} ({@link Foldproof#preprocess}); one {@code warning:}
     * line on {@code err} if upscaled more than {@link Foldproof#WARN_UPSCALE} times.
     */
    static float[] load(Path file, Preprocess pre, PrintWriter err) {
        return Foldproof.preprocess(file, pre, w -> {
            err.println("warning: " + w);
            err.flush();
        });
    }
}
