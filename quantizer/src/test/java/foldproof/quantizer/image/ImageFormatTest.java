package foldproof.quantizer.image;

import foldproof.quantizer.QuantizerException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link ImageFormat}: whole files pass; every prefix of a JPEG or PNG is "truncated"; a damaged PNG chunk is "corrupt". */
class ImageFormatTest {
    private static byte[] encode(String format) throws IOException {
        BufferedImage img = new BufferedImage(24, 20, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 20; y++) {
            for (int x = 0; x < 24; x++) {
                img.setRGB(x, y, (x * 10) << 16 | (y * 12) << 8 | (x * y) & 0xff);
            }
        }
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        ImageIO.write(img, format, b);
        return b.toByteArray();
    }

    @Test
    void wholeFilesAreWellFormed() throws IOException {
        byte[] jpg = encode("jpg");
        ImageFormat j = ImageFormat.of(jpg);
        assertEquals("JPEG", j.kind());
        assertEquals(3, j.components());
        assertNull(j.problem());
        byte[] trailing = Arrays.copyOf(jpg, jpg.length + 5);   // bytes after EOI are tolerated, as decoders do
        assertNull(ImageFormat.of(trailing).problem());
        assertNull(ImageFormat.of(encode("png")).problem());
        assertNull(ImageFormat.of("not an image".getBytes()).kind());
    }

    @Test
    void everyPrefixIsTruncated() throws IOException {
        for (String f : new String[] {"jpg", "png"}) {
            byte[] b = encode(f);
            for (int n = f.equals("jpg") ? 3 : 8; n < b.length; n++) {
                String p = ImageFormat.of(Arrays.copyOf(b, n)).problem();
                assertTrue(p != null && p.startsWith("truncated"), f + " cut at " + n + " of " + b.length + ": " + p);
            }
        }
    }

    /** The CMYK/YCCK hint is for 4-component frames only; a damaged 3-component JPEG is called corrupt. */
    @Test
    void cmykHintOnlyForFourComponents(@TempDir Path dir) throws IOException {
        byte[] jpg = encode("jpg");
        int sof = -1;
        for (int i = 2; i + 1 < jpg.length; i++) {
            if ((jpg[i] & 0xff) == 0xff && (jpg[i + 1] & 0xff) == 0xc0) {
                sof = i;
                break;
            }
        }
        assertTrue(sof > 0, "baseline SOF0 expected");
        byte[] four = jpg.clone();
        four[sof + 9] = 4;                       // Nf = 4, as in a CMYK or YCCK file
        Path f = dir.resolve("four.jpg");
        Files.write(f, four);
        QuantizerException e = assertThrows(QuantizerException.class, () -> ImageLoader.read(f));
        assertTrue(e.getMessage().contains("CMYK/YCCK"), e.getMessage());
        byte[] bad = jpg.clone();
        for (int i = sof + 10; i < sof + 19; i++) {
            bad[i] = (byte) 0x7f;                // component ids and sampling factors no decoder accepts
        }
        Path g = dir.resolve("bad.jpg");
        Files.write(g, bad);
        QuantizerException c = assertThrows(QuantizerException.class, () -> ImageLoader.read(g));
        assertTrue(c.getMessage().contains("corrupt JPEG") && !c.getMessage().contains("CMYK"), c.getMessage());
    }

    @Test
    void aDamagedPngChunkIsCorrupt() throws IOException {
        byte[] b = encode("png");
        for (int at = 8; at < b.length; at += 7) {
            byte[] c = b.clone();
            c[at] ^= 0x20;
            String p = ImageFormat.of(c).problem();
            assertTrue(p != null && (p.startsWith("corrupt") || p.startsWith("truncated")), "byte " + at + ": " + p);
        }
    }
}
