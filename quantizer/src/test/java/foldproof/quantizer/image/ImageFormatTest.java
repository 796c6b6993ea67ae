package foldproof.quantizer.image;

import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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
