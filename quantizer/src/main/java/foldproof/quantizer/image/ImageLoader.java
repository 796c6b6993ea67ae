package foldproof.quantizer.image;

import foldproof.quantizer.QuantizerException;
import foldproof.quantizer.model.Preprocess;

import javax.imageio.ImageIO;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Image -> float input tensor (CHW) following a model's {@link Preprocess}.
 *
 * <p>Decoding: JPEG and PNG through {@code javax.imageio}. Colour images use
 * {@code BufferedImage.getRGB} (the same call that produced {@code pixels-dev.rgb}). Greyscale images
 * (with or without alpha) take the grey sample as is and repeat it on R, G and B (no colour-space
 * conversion). Alpha is ignored, as Pillow's {@code convert("RGB")} does: the colour under a transparent
 * pixel is used unchanged. CMYK or other 4-colour images, truncated or corrupt JPEG/PNG files
 * ({@link ImageFormat}) and files ImageIO cannot decode are refused with a {@link QuantizerException}.
 *
 * <p>Recipes: {@link Preprocess.Resize#SHORT_EDGE_CROP} resizes (bicubic, see {@link Bicubic}) so the
 * shortest edge is {@code resize} (the long edge is {@code floor(resize * long / short)}, as torchvision
 * does), then center-crops {@code crop x crop} at offset {@code round_half_even((size - crop) / 2)}.
 * {@link Preprocess.Resize#EXACT} resizes the whole image to {@code crop x crop}; an image already of that
 * size is not resampled at all (the identity on pixels). Then per channel
 * {@code (p / 255f - mean[c]) / std[c]} in float (torchvision's ToTensor + Normalize).
 */
public final class ImageLoader {
    private ImageLoader() { }

    /** Reads {@code file} and preprocesses it. */
    public static float[] load(Path file, Preprocess pre) {
        return preprocess(read(file), pre);
    }

    /** Decoded pixels, packed {@code 0xRRGGBB}, row-major. */
    public record Pixels(int h, int w, int[] rgb) { }

    /**
     * Decodes an image file into RGB pixels (see the class comment for greyscale, alpha and CMYK). A JPEG
     * or PNG file that is cut short or damaged is refused as "truncated" or "corrupt" ({@link ImageFormat}),
     * even where {@code javax.imageio} would decode what is there.
     */
    public static Pixels read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new QuantizerException("image file not found: " + file);
        } catch (IOException e) {
            throw new QuantizerException("cannot read image " + file + ": " + e.getMessage(), e);
        }
        if (bytes.length == 0) {
            throw new QuantizerException("image " + file + " is an empty file");
        }
        ImageFormat format = ImageFormat.of(bytes);
        if (format.problem() != null) {
            throw new QuantizerException("cannot decode image " + file + ": " + format.problem());
        }
        BufferedImage img;
        try {
            img = ImageIO.read(new ByteArrayInputStream(bytes));
        } catch (IOException | RuntimeException e) {
            String why = format.components() == 4
                    ? " (a CMYK/YCCK JPEG, which is not supported: convert the image to RGB)"
                    : format.kind() != null ? " (corrupt " + format.kind() + " data)" : "";
            throw new QuantizerException("cannot decode image " + file + ": " + e.getMessage() + why, e);
        }
        if (img == null) {
            throw new QuantizerException(file + " is not a readable image (JPEG or PNG expected)");
        }
        return pixels(img, file.toString());
    }

    /**
     * How much {@link #preprocess} enlarges an image of {@code h x w} pixels for {@code pre} (1 or less: no
     * upscaling): the short edge's factor for {@link Preprocess.Resize#SHORT_EDGE_CROP}, the larger of the
     * two edges' factors for {@link Preprocess.Resize#EXACT}. Callers warn past a few times (a 1x1 image
     * blown up to 224x224 is one colour).
     */
    public static double upscale(int h, int w, Preprocess pre) {
        if (pre.mode() == Preprocess.Resize.EXACT) {
            return Math.max((double) pre.crop() / h, (double) pre.crop() / w);
        }
        return (double) pre.resize() / Math.min(h, w);
    }

    /** RGB pixels of a decoded image; {@code what} names it in errors. */
    public static Pixels pixels(BufferedImage img, String what) {
        int h = img.getHeight();
        int w = img.getWidth();
        ColorSpace cs = img.getColorModel().getColorSpace();
        int[] rgb = new int[h * w];
        if (cs.getType() == ColorSpace.TYPE_GRAY) {
            Raster r = img.getRaster();
            int bits = img.getColorModel().getComponentSize(0);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int g = r.getSample(x, y, 0);
                    g = bits > 8 ? g >> (bits - 8) : bits < 8 ? g * 255 / ((1 << bits) - 1) : g;
                    rgb[y * w + x] = g << 16 | g << 8 | g;
                }
            }
            return new Pixels(h, w, rgb);
        }
        if (cs.getType() != ColorSpace.TYPE_RGB || img.getColorModel().getNumColorComponents() != 3) {
            throw new QuantizerException(what + ": unsupported colour space (" + img.getColorModel().getNumColorComponents()
                    + " colour components, e.g. CMYK); convert the image to RGB");
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                rgb[y * w + x] = img.getRGB(x, y) & 0xffffff;
            }
        }
        return new Pixels(h, w, rgb);
    }

    /** Resize / crop per {@code pre}, then normalise into a CHW tensor of shape {@code 3 x crop x crop}. */
    public static float[] preprocess(Pixels px, Preprocess pre) {
        int crop = pre.crop();
        int[] rgb;
        if (pre.mode() == Preprocess.Resize.EXACT) {
            rgb = Bicubic.resize(px.rgb(), px.h(), px.w(), crop, crop);
        } else {
            int h = px.h();
            int w = px.w();
            int nh;
            int nw;
            if (w <= h) {
                nw = pre.resize();
                nh = (int) ((long) pre.resize() * h / w);
            } else {
                nh = pre.resize();
                nw = (int) ((long) pre.resize() * w / h);
            }
            if (nh < crop || nw < crop) {
                throw new QuantizerException("preprocess: resize " + pre.resize() + " is smaller than crop " + crop);
            }
            int[] resized = Bicubic.resize(px.rgb(), h, w, nh, nw);
            int top = (int) Math.rint((nh - crop) / 2.0);
            int left = (int) Math.rint((nw - crop) / 2.0);
            rgb = new int[crop * crop];
            for (int y = 0; y < crop; y++) {
                System.arraycopy(resized, (top + y) * nw + left, rgb, y * crop, crop);
            }
        }
        return normalise(rgb, crop, crop, pre);
    }

    /** {@code (p / 255f - mean[c]) / std[c]} into CHW. */
    public static float[] normalise(int[] rgb, int h, int w, Preprocess pre) {
        float[] t = new float[3 * h * w];
        int n = h * w;
        for (int c = 0; c < 3; c++) {
            int shift = 16 - 8 * c;
            float mean = pre.mean()[c];
            float std = pre.std()[c];
            for (int i = 0; i < n; i++) {
                t[c * n + i] = (((rgb[i] >> shift) & 0xff) / 255f - mean) / std;
            }
        }
        return t;
    }

    /**
     * Reads a raw pixel file such as {@code cifar10-resnet18/pixels-dev.rgb}: consecutive {@code h x w x 3}
     * uint8 images (row-major HWC RGB), each normalised with {@code pre}'s mean/std into a CHW tensor
     * (no resizing).
     */
    public static List<float[]> loadRawRgb(Path file, int h, int w, Preprocess pre) {
        byte[] b;
        try {
            b = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new QuantizerException("cannot read raw pixel file " + file + ": " + e.getMessage());
        }
        int per = 3 * h * w;
        if (b.length == 0 || b.length % per != 0) {
            throw new QuantizerException(file + ": " + b.length + " bytes is not a whole number of " + h + "x" + w + "x3 images");
        }
        List<float[]> out = new ArrayList<>(b.length / per);
        int[] rgb = new int[h * w];
        for (int off = 0; off < b.length; off += per) {
            for (int i = 0; i < h * w; i++) {
                rgb[i] = (b[off + 3 * i] & 0xff) << 16 | (b[off + 3 * i + 1] & 0xff) << 8 | (b[off + 3 * i + 2] & 0xff);
            }
            out.add(normalise(rgb, h, w, pre));
        }
        return out;
    }
}
