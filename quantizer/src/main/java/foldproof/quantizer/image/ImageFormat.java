package foldproof.quantizer.image;

import java.util.zip.CRC32;

/**
 * What an image file's bytes are, checked before decoding: {@code javax.imageio} decodes a JPEG cut short
 * or a PNG without its end chunk without complaint (grey or missing rows), so the structure is checked here.
 *
 * <ul>
 *   <li>JPEG: segments from SOI to the first SOS with their lengths; then an EOI marker must follow
 *       (entropy-coded data cannot contain {@code FF D9}: 0xFF is byte-stuffed). The frame's component count
 *       is kept, so a decode failure hints at CMYK/YCCK only for a real 4-component file.</li>
 *   <li>PNG: the signature, then every chunk's length and CRC-32, up to {@code IEND}.</li>
 * </ul>
 * {@link #problem()} is null for a well-formed file, else "truncated ..." or "corrupt ...".
 */
record ImageFormat(String kind, int components, String problem) {
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    /** Inspects {@code b} (a whole file). {@code kind} is "JPEG", "PNG" or null for anything else. */
    static ImageFormat of(byte[] b) {
        if (b.length >= 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8 && (b[2] & 0xff) == 0xff) {
            return jpeg(b);
        }
        if (b.length >= 8 && java.util.Arrays.equals(b, 0, 8, PNG, 0, 8)) {
            return png(b);
        }
        return new ImageFormat(null, 0, null);
    }

    private static ImageFormat jpeg(byte[] b) {
        int components = 0;
        int i = 2;
        while (true) {
            if (i + 4 > b.length) {
                return new ImageFormat("JPEG", components, "truncated JPEG file (it ends inside its headers)");
            }
            if ((b[i] & 0xff) != 0xff) {
                return new ImageFormat("JPEG", components, "corrupt JPEG file (no segment marker at byte " + i + ")");
            }
            int marker = b[i + 1] & 0xff;
            if (marker == 0xff) {   // fill byte before a marker
                i++;
                continue;
            }
            if (marker == 0xd9) {
                return new ImageFormat("JPEG", components, "corrupt JPEG file (it ends before any image data)");
            }
            int len = (b[i + 2] & 0xff) << 8 | (b[i + 3] & 0xff);
            if (len < 2) {
                return new ImageFormat("JPEG", components, "corrupt JPEG file (bad segment length at byte " + i + ")");
            }
            if (i + 2 + len > b.length) {
                return new ImageFormat("JPEG", components, "truncated JPEG file (it ends inside its headers)");
            }
            boolean sof = marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc;
            if (sof && len >= 8) {
                components = b[i + 9] & 0xff;
            }
            i += 2 + len;
            if (marker == 0xda) {
                break;
            }
        }
        for (int j = i; j + 1 < b.length; j++) {
            if ((b[j] & 0xff) == 0xff && (b[j + 1] & 0xff) == 0xd9) {
                return new ImageFormat("JPEG", components, null);
            }
        }
        return new ImageFormat("JPEG", components, "truncated JPEG file (its image data ends without the end marker)");
    }

    private static ImageFormat png(byte[] b) {
        int i = 8;
        CRC32 crc = new CRC32();
        while (true) {
            if (i + 12 > b.length) {
                return new ImageFormat("PNG", 0, "truncated PNG file (it ends before the IEND chunk)");
            }
            long len = ((long) (b[i] & 0xff) << 24) | (b[i + 1] & 0xff) << 16 | (b[i + 2] & 0xff) << 8 | (b[i + 3] & 0xff);
            if (len > Integer.MAX_VALUE || i + 12 + len > b.length) {
                return new ImageFormat("PNG", 0, "truncated PNG file (a chunk runs past the end of the file)");
            }
            int n = (int) len;
            crc.reset();
            crc.update(b, i + 4, 4 + n);
            int at = i + 8 + n;
            long stored = ((long) (b[at] & 0xff) << 24) | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
            String type = new String(b, i + 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
            if (crc.getValue() != stored) {
                return new ImageFormat("PNG", 0, "corrupt PNG file (CRC mismatch in its " + type + " chunk)");
            }
            if (type.equals("IEND")) {
                return new ImageFormat("PNG", 0, null);
            }
            i = at + 4;
        }
    }
}
