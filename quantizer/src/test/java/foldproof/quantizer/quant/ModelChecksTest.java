package foldproof.quantizer.quant;

import foldproof.quantizer.QuantizerException;
import foldproof.quantizer.model.Preprocess;
import foldproof.quantizer.model.QLayer;
import foldproof.quantizer.model.QLayer.QSkip;
import foldproof.quantizer.model.QModel;
import foldproof.quantizer.model.Shape;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Models that load today and would fail later (or wrap) are refused by {@link ModelChecks} with one line
 * naming the layer or the field; {@link ModelBounds} is exact against BigInteger.
 */
class ModelChecksTest {
    private static QModel model(Preprocess pre, Shape in, List<QLayer> layers) {
        double[] scales = new double[layers.size() + 1];
        Arrays.fill(scales, 0.1);
        return new QModel("crafted", "", pre, in, 0.1, scales, layers, null);
    }

    private static List<QLayer> headOnly(int c) {
        return List.of(new QLayer.Head("fc", 0, c, 2, new int[2 * c], new long[2], 0.01));
    }

    private static void refused(QModel m, String expected) {
        QuantizerException e = assertThrows(QuantizerException.class, () -> ModelChecks.validate(m));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        // the file path refuses it too, with the same message
        QuantizerException f = assertThrows(QuantizerException.class, () -> ModelFile.toBytes(m));
        assertEquals(e.getMessage(), f.getMessage());
    }

    @Test
    void preprocessingThatDoesNotProduceTheInputIsRefused() {
        refused(model(Preprocess.cifar(100_000), new Shape(3, 8, 8), headOnly(3)), "outside [1, 4096]");
        refused(model(Preprocess.cifar(8), new Shape(3, 8, 9), headOnly(3)), "input shape 3x8x9 does not match the preprocessing (3x8x8)");
        refused(model(Preprocess.cifar(8), new Shape(1, 8, 8), headOnly(1)), "does not match the preprocessing");
        refused(model(new Preprocess(Preprocess.Resize.SHORT_EDGE_CROP, 6, 8, Preprocess.HALF, Preprocess.HALF),
                new Shape(3, 8, 8), headOnly(3)), "preprocess resize 6 is smaller than the crop 8");
        ModelChecks.validate(model(Preprocess.imagenet(32), new Shape(3, 32, 32), headOnly(3)));
    }

    @Test
    void sizesPastTheCircuitsIndexSpaceAreRefused() {
        // a tensor of 60000 x 63 x 63 channels: its element count overflows nothing yet exceeds 2^26
        QLayer.Conv wide = new QLayer.Conv("wide", 0, 3, 60_000, 2, 1, 0, new int[60_000 * 3 * 4], new long[60_000], 0, new QSkip.None());
        refused(model(Preprocess.cifar(64), new Shape(3, 64, 64), List.of(wide,
                new QLayer.Head("fc", 1, 60_000, 1, new int[60_000], new long[1], 0.01))), "more than the supported 67108864");
        QLayer.Conv big = new QLayer.Conv("big", 0, 3, 1, 33, 1, 16, new int[3 * 33 * 33], new long[1], 0, new QSkip.None());
        refused(model(Preprocess.cifar(40), new Shape(3, 40, 40), List.of(big,
                new QLayer.Head("fc", 1, 1, 1, new int[1], new long[1], 0.01))), "layer 0 (big): kernel 33 larger than the supported 32");
        refused(model(Preprocess.cifar(128), new Shape(3, 128, 128), headOnly(3)), "heights above 120 are not supported");
    }

    /**
     * A model that loads (its tiles inside {@link ModelChecks#MAX_TILE_NONZEROS}) but has a tile above
     * {@link ModelChecks#MAX_PROVABLE_TILE_NONZEROS}: a 7x7 conv 64 -> 128 on 256-wide rows, 128 * 256 * (64 * 49 + 1 + 110)
     * = 106.4 M estimated nonzeros (as fc6 of an ImageNet VGG at 224, 103.2 M); {@code check} / {@code prove} refuse it.
     */
    static QModel tooLargeToProve() {
        return model(Preprocess.cifar(512), new Shape(3, 512, 512), List.of(
                new QLayer.Conv("c1", 0, 3, 64, 3, 2, 1, new int[64 * 27], new long[64], 4, new QSkip.None()),
                new QLayer.Conv("c2", 1, 64, 128, 7, 1, 3, new int[128 * 64 * 49], new long[128], 4, new QSkip.None()),
                new QLayer.MaxPool("pool", 2, 3, 3, 0),
                new QLayer.Head("fc", 3, 128, 2, new int[256], new long[2], 0.01)));
    }

    @Test
    void aTileAboveTheProvableLimitLoadsButIsNotProvable() {
        QModel m = tooLargeToProve();
        ModelChecks.validate(m);
        List<Shape> shapes = m.shapes();
        assertEquals(128L * 256 * (64 * 49 + 1 + 110), ModelChecks.tileNonzeros(m.layers().get(1), shapes.get(1), shapes.get(2)));
        QuantizerException e = assertThrows(QuantizerException.class, () -> ModelChecks.requireProvable(m));
        assertTrue(e.getMessage().contains("c2 (106.4 M: 32768 outputs per row of 64x7x7 taps)") && e.getMessage().contains("67.1 M (2^26")
                && !e.getMessage().contains("c1") && !e.getMessage().contains("\n"), e.getMessage());
        ModelChecks.requireProvable(model(Preprocess.cifar(8), new Shape(3, 8, 8), headOnly(3)));
    }

    @Test
    void strideZeroIsRefusedNotDividedBy() {
        refused(model(Preprocess.cifar(8), new Shape(3, 8, 8), List.of(new QLayer.MaxPool("pool", 0, 2, 0, 0),
                new QLayer.Head("fc", 1, 3, 2, new int[6], new long[2], 0.01))), "layer 0 (pool): bad maxpool kernel/stride/pad");
        refused(model(Preprocess.cifar(8), new Shape(3, 8, 8), List.of(
                new QLayer.Conv("c", 0, 3, 2, 3, 0, 1, new int[54], new long[2], 2, new QSkip.None()),
                new QLayer.Head("fc", 1, 2, 2, new int[4], new long[2], 0.01))), "layer 0 (c): bad kernel/stride/pad");
    }

    @Test
    void groupsThatDoNotDivideTheChannelsAreRefused() {
        for (int[] gio : new int[][] {{4, 6, 6}, {2, 3, 4}, {3, 6, 4}, {0, 3, 3}, {-1, 3, 3}}) {
            int groups = gio[0];
            int inC = gio[1];
            int outC = gio[2];
            List<QLayer> ls = List.of(
                    new QLayer.Conv("stem", 0, 3, inC, 1, 1, 0, new int[3 * inC], new long[inC], 2, new QSkip.None()),
                    new QLayer.Conv("g", 1, inC, outC, 3, 1, 1, new int[outC * 9], new long[outC], 2, new QSkip.None(), groups),
                    new QLayer.Head("fc", 2, outC, 2, new int[2 * outC], new long[2], 0.01));
            refused(model(Preprocess.cifar(8), new Shape(3, 8, 8), ls),
                    "layer 1 (g): groups " + groups + " must be at least 1 and divide inC " + inC + " and outC " + outC);
        }
        // a weight array of the dense length for a grouped conv
        refused(model(Preprocess.cifar(8), new Shape(3, 8, 8), List.of(
                new QLayer.Conv("stem", 0, 3, 6, 1, 1, 0, new int[18], new long[6], 2, new QSkip.None()),
                new QLayer.Conv("dw", 1, 6, 6, 3, 1, 1, new int[6 * 6 * 9], new long[6], 2, new QSkip.None(), 6),
                new QLayer.Head("fc", 2, 6, 2, new int[12], new long[2], 0.01))), "layer 1 (dw): weight length does not match 6x1x3x3 (groups 6)");
        ModelChecks.validate(model(Preprocess.cifar(8), new Shape(3, 8, 8), List.of(
                new QLayer.Conv("stem", 0, 3, 6, 1, 1, 0, new int[18], new long[6], 2, new QSkip.None()),
                new QLayer.Conv("dw", 1, 6, 6, 3, 1, 1, new int[6 * 9], new long[6], 2, new QSkip.None(), 6),
                new QLayer.Head("fc", 2, 6, 2, new int[12], new long[2], 0.01))));
    }

    @Test
    void paddedMaxPoolOverTheSignedInputIsRefusedButNotOverUint8() {
        refused(model(Preprocess.cifar(8), new Shape(3, 8, 8), List.of(new QLayer.MaxPool("pool", 0, 3, 2, 1),
                new QLayer.Head("fc", 1, 3, 2, new int[6], new long[2], 0.01))), "layer 0 (pool): a max pool with padding over the signed input");
        // a max pool of the signed input, padded, is refused too (the range propagates through pools)
        refused(model(Preprocess.cifar(8), new Shape(3, 8, 8), List.of(new QLayer.MaxPool("p0", 0, 2, 2, 0),
                new QLayer.MaxPool("p1", 1, 3, 1, 1), new QLayer.Head("fc", 2, 3, 2, new int[6], new long[2], 0.01))),
                "layer 1 (p1): a max pool with padding over the signed input");
        ModelChecks.validate(model(Preprocess.cifar(8), new Shape(3, 8, 8), List.of(
                new QLayer.Conv("c", 0, 3, 2, 3, 1, 1, new int[54], new long[2], 2, new QSkip.None()),
                new QLayer.MaxPool("pool", 1, 3, 2, 1), new QLayer.Head("fc", 2, 2, 2, new int[4], new long[2], 0.01))));
    }

    @Test
    void boundsAreExactAgainstBigInteger() {
        java.util.Random r = new java.util.Random(77);
        for (int trial = 0; trial < 50; trial++) {
            int[] w = new int[2 * 3 * 9];
            for (int j = 0; j < w.length; j++) {
                w[j] = r.nextInt() >> r.nextInt(31);
            }
            long b = r.nextLong() >> (17 + r.nextInt(40));
            long alpha = r.nextLong() >> (20 + r.nextInt(40));
            QModel m = model(Preprocess.cifar(4), new Shape(3, 4, 4), List.of(
                    new QLayer.Conv("stem", 0, 3, 2, 3, 1, 1, w, new long[] {b, -b}, 3, new QSkip.None()),
                    new QLayer.Conv("blk", 1, 2, 2, 1, 1, 0, new int[] {1, -1, 2, 3}, new long[] {0, 0}, 3, new QSkip.Identity(1, alpha)),
                    new QLayer.Head("fc", 2, 2, 1, new int[] {5, -7}, new long[] {1}, 0.01)));
            java.math.BigInteger lo = java.math.BigInteger.valueOf(b);
            java.math.BigInteger hi = lo;
            for (int j = 0; j < 27; j++) {
                java.math.BigInteger x = java.math.BigInteger.valueOf(w[j]);
                java.math.BigInteger p = x.multiply(java.math.BigInteger.valueOf(-128));
                java.math.BigInteger q = x.multiply(java.math.BigInteger.valueOf(127));
                lo = lo.add(p.min(q));
                hi = hi.add(p.max(q));
            }
            boolean fits = lo.bitLength() < ModelBounds.LIMIT_BITS + 1 && lo.compareTo(java.math.BigInteger.valueOf(-ModelBounds.LIMIT)) > 0
                    && hi.compareTo(java.math.BigInteger.valueOf(ModelBounds.LIMIT)) < 0;
            java.math.BigInteger a = java.math.BigInteger.valueOf(alpha).multiply(java.math.BigInteger.valueOf(255));
            // channel 1 of blk: weights 2, 3 on uint8 inputs, then alpha times a uint8 skip
            java.math.BigInteger blkLo = a.min(java.math.BigInteger.ZERO);
            java.math.BigInteger blkHi = a.max(java.math.BigInteger.ZERO).add(java.math.BigInteger.valueOf(5 * 255));
            boolean blkFits = blkLo.compareTo(java.math.BigInteger.valueOf(-ModelBounds.LIMIT)) > 0
                    && blkHi.compareTo(java.math.BigInteger.valueOf(ModelBounds.LIMIT)) < 0;
            if (fits && blkFits) {
                ModelBounds mb = ModelBounds.of(m);
                ModelChecks.validate(m);
                assertEquals(lo.longValueExact(), mb.lo(0, 0), "trial " + trial);
                assertEquals(hi.longValueExact(), mb.hi(0, 0), "trial " + trial);
                assertEquals(blkLo.longValueExact(), mb.lo(1, 1), "trial " + trial);
                assertEquals(blkHi.longValueExact(), mb.hi(1, 1), "trial " + trial);
            } else {
                assertThrows(QuantizerException.class, () -> ModelChecks.validate(m), "trial " + trial);
            }
        }
    }
}
