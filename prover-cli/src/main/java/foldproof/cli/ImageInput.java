package foldproof.cli;

import foldproof.quantizer.image.ImageLoader;
import foldproof.quantizer.model.Preprocess;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;

/** One image file read for a model ({@code prove}, {@code check}, {@code infer}, {@code verify --image}), with a warning when it is blown up. */
final class ImageInput {
    /**
     * Past this enlargement the model sees mostly interpolation, not the photo (a 1x1 image becomes one
     * colour): warn. 4x still covers, e.g., a 64x64 thumbnail for a 256-pixel ImageNet resize.
     */
    static final double WARN_UPSCALE = 4.0;

    private ImageInput() { }

    /** Reads and preprocesses {@code file} for {@code pre}; one {@code warning:} line on {@code err} if upscaled more than 4x. */
    static float[] load(Path file, Preprocess pre, PrintWriter err) {
        ImageLoader.Pixels px = ImageLoader.read(file);
        double f = ImageLoader.upscale(px.h(), px.w(), pre);
        if (f > WARN_UPSCALE) {
            err.println(String.format(Locale.ROOT, "warning: image %s is %dx%d pixels: upscaled %.1fx for the model's %dx%d input,"
                    + " so the model sees mostly interpolation", file, px.w(), px.h(), f, pre.crop(), pre.crop()));
            err.flush();
        }
        return ImageLoader.preprocess(px, pre);
    }
}
