package foldproof.quantizer.image;

import foldproof.quantizer.QuantizerException;
import foldproof.quantizer.TestData;
import foldproof.quantizer.model.Preprocess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ImageLoaderTest {
    private static final String[] CIFAR = {"airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"};

    @Test
    void cifarRecipeOnDevJpegsIsExactlyPixelsDevRgb() throws IOException {
        var dev = TestData.resolve("cifar10-test-dev");
        var raw = TestData.resolve("cifar10-resnet18/pixels-dev.rgb");
        assumeTrue(dev.isPresent() && raw.isPresent(), "shared/data not present");
        Preprocess pre = Preprocess.cifar(32);
        List<float[]> want = ImageLoader.loadRawRgb(raw.get(), 32, 32, pre);
        assertEquals(1000, want.size());
        List<Path> files = new ArrayList<>();
        for (String c : CIFAR) {
            try (Stream<Path> s = Files.list(dev.get().resolve(c))) {
                s.sorted().forEach(files::add);
            }
        }
        assertEquals(1000, files.size());
        for (int i = 0; i < files.size(); i++) {
            assertArrayEquals(want.get(i), ImageLoader.load(files.get(i), pre), files.get(i).toString());
        }
    }

    @Test
    void rawPixelsNormaliseLikeToTensorThenNormalize(@TempDir Path dir) throws IOException {
        byte[] b = new byte[2 * 2 * 3];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i * 20);
        }
        Path f = dir.resolve("x.rgb");
        Files.write(f, b);
        Preprocess pre = Preprocess.cifarImagenetNorm(2);
        float[] t = ImageLoader.loadRawRgb(f, 2, 2, pre).get(0);
        // HWC pixel (y=1, x=0) channel G is byte index (1*2+0)*3+1 = 7 -> 140; CHW index (1*2+1)*2+0 = 6.
        assertEquals((140 / 255f - 0.456f) / 0.224f, t[6]);
        Files.write(f, new byte[13]);
        assertThrows(QuantizerException.class, () -> ImageLoader.loadRawRgb(f, 2, 2, pre));
    }

    private static BufferedImage random(long seed, int h, int w, int type) {
        Random r = new Random(seed);
        BufferedImage img = new BufferedImage(w, h, type);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, r.nextInt());
            }
        }
        return img;
    }

    @Test
    void exactRecipeIsIdentityAtTargetSizeAndPngIsLossless(@TempDir Path dir) throws IOException {
        BufferedImage img = random(1, 32, 32, BufferedImage.TYPE_INT_RGB);
        Path f = dir.resolve("a.png");
        ImageIO.write(img, "png", f.toFile());
        Preprocess pre = Preprocess.cifar(32);
        float[] t = ImageLoader.load(f, pre);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                int p = img.getRGB(x, y);
                for (int c = 0; c < 3; c++) {
                    assertEquals((((p >> (16 - 8 * c)) & 0xff) / 255f - 0.5f) / 0.5f, t[(c * 32 + y) * 32 + x]);
                }
            }
        }
    }

    @Test
    void bicubicKeepsConstantsAndImagenetShapeIsRight(@TempDir Path dir) throws IOException {
        BufferedImage img = new BufferedImage(500, 335, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 335; y++) {
            for (int x = 0; x < 500; x++) {
                img.setRGB(x, y, 0x7f20c8);
            }
        }
        Path f = dir.resolve("c.jpg");
        ImageIO.write(img, "png", f.toFile());
        float[] t = ImageLoader.load(f, Preprocess.imagenet(224));
        assertEquals(3 * 224 * 224, t.length);
        for (int i = 0; i < 224 * 224; i++) {
            assertEquals((0x7f / 255f - 0.485f) / 0.229f, t[i]);
            assertEquals((0xc8 / 255f - 0.406f) / 0.225f, t[2 * 224 * 224 + i]);
        }
        // Upsampling a horizontal ramp 4x4 -> 32x32 (exact recipe): monotone along x, all rows equal.
        int[] px = new int[16];
        for (int i = 0; i < 16; i++) {
            int v = (i % 4) * 60;
            px[i] = v << 16 | v << 8 | v;
        }
        float[] up = ImageLoader.preprocess(new ImageLoader.Pixels(4, 4, px), new Preprocess(Preprocess.Resize.EXACT, 32, 32,
                new float[] {0, 0, 0}, new float[] {1, 1, 1}));
        for (int y = 0; y < 32; y++) {
            for (int x = 1; x < 32; x++) {
                assertTrue(up[y * 32 + x] >= up[y * 32 + x - 1] - 1e-6, "monotone along x");
            }
            for (int x = 0; x < 32; x++) {
                assertEquals(up[x], up[y * 32 + x], "all input rows are equal, so are all output rows");
            }
        }
        assertEquals(0f, up[0]);
        assertTrue(up[31] >= 180 / 255f - 1e-6); // bicubic may overshoot a little (clamped to [0, 255] only)
    }

    @Test
    void downscaleByTwoOfAStripedImageAverages() {
        // Columns alternate 0 / 200: a 2x downscale with antialiasing must land near 100 everywhere inside.
        int w = 64;
        int h = 8;
        int[] px = new int[h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int v = x % 2 == 0 ? 0 : 200;
                px[y * w + x] = v << 16 | v << 8 | v;
            }
        }
        int[] out = Bicubic.resize(px, h, w, h, w / 2);
        for (int x = 2; x < w / 2 - 2; x++) {
            assertEquals(100, out[x] & 0xff, 2, "x=" + x);
        }
    }

    @Test
    void greyscaleIsRepeatedAndAlphaIgnored(@TempDir Path dir) throws IOException {
        BufferedImage g = new BufferedImage(3, 2, BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster r = g.getRaster();
        for (int i = 0; i < 6; i++) {
            r.setSample(i % 3, i / 3, 0, 40 * i + 3);
        }
        Path f = dir.resolve("g.png");
        ImageIO.write(g, "png", f.toFile());
        ImageLoader.Pixels p = ImageLoader.read(f);
        for (int i = 0; i < 6; i++) {
            int v = 40 * i + 3;
            assertEquals(v << 16 | v << 8 | v, p.rgb()[i]);
        }
        BufferedImage a = new BufferedImage(2, 1, BufferedImage.TYPE_INT_ARGB);
        a.setRGB(0, 0, 0x00123456); // fully transparent: colour kept
        a.setRGB(1, 0, 0x80abcdef);
        Path fa = dir.resolve("a.png");
        ImageIO.write(a, "png", fa.toFile());
        assertArrayEquals(new int[] {0x123456, 0xabcdef}, ImageLoader.read(fa).rgb());
    }

    @Test
    void cmykNonImagesAndMissingFilesAreRefused(@TempDir Path dir) throws IOException {
        ColorSpace cmyk = new ColorSpace(ColorSpace.TYPE_CMYK, 4) {
            @Override public float[] toRGB(float[] v) { return new float[3]; }
            @Override public float[] fromRGB(float[] v) { return new float[4]; }
            @Override public float[] toCIEXYZ(float[] v) { return new float[3]; }
            @Override public float[] fromCIEXYZ(float[] v) { return new float[4]; }
        };
        ComponentColorModel cm = new ComponentColorModel(cmyk, false, false, java.awt.Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
        WritableRaster wr = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 2, 2, 4, null);
        BufferedImage img = new BufferedImage(cm, wr, false, null);
        QuantizerException e = assertThrows(QuantizerException.class, () -> ImageLoader.pixels(img, "cmyk.jpg"));
        assertTrue(e.getMessage().contains("CMYK"), e.getMessage());
        Path txt = dir.resolve("notes.jpg");
        Files.writeString(txt, "hello, not an image");
        e = assertThrows(QuantizerException.class, () -> ImageLoader.load(txt, Preprocess.cifar(32)));
        assertTrue(e.getMessage().contains("not a readable image"), e.getMessage());
        byte[] png = Files.readAllBytes(writePng(dir));
        Path cut = dir.resolve("cut.png");
        Files.write(cut, java.util.Arrays.copyOf(png, png.length / 2));
        assertThrows(QuantizerException.class, () -> ImageLoader.load(cut, Preprocess.cifar(32)));
        e = assertThrows(QuantizerException.class, () -> ImageLoader.load(dir.resolve("nope.png"), Preprocess.cifar(32)));
        assertTrue(e.getMessage().contains("not found"), e.getMessage());
    }

    private static Path writePng(Path dir) throws IOException {
        Path f = dir.resolve("full.png");
        ImageIO.write(random(3, 40, 40, BufferedImage.TYPE_INT_RGB), "png", f.toFile());
        return f;
    }

    @Test
    void realPhotoThroughImagenetRecipe() {
        var cat = TestData.resolve("cat.jpg");
        assumeTrue(cat.isPresent(), "shared/data not present");
        float[] t = ImageLoader.load(cat.get(), Preprocess.imagenet(224));
        assertEquals(3 * 224 * 224, t.length);
        double mean = 0;
        for (float v : t) {
            assertTrue(Float.isFinite(v) && v > -2.2f && v < 2.7f);
            mean += v;
        }
        assertTrue(Math.abs(mean / t.length) < 1.5);
    }
}
