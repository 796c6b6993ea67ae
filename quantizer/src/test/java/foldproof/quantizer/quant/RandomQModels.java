package foldproof.quantizer.quant;

import foldproof.quantizer.model.Preprocess;
import foldproof.quantizer.model.QLayer;
import foldproof.quantizer.model.QModel;
import foldproof.quantizer.model.Shape;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Seeded random integer models with every layer and skip kind, for oracle tests. */
final class RandomQModels {
    private RandomQModels() { }

    /** Input 3x12x12; weights up to {@code 2^wBits}; shift {@code shift}. */
    static QModel every(long seed, int wBits, int shift) {
        Random r = new Random(seed);
        List<QLayer> ls = new ArrayList<>();
        ls.add(conv(r, "stem", 0, 3, 6, 3, 1, 1, wBits, shift, new QLayer.QSkip.None()));            // t1 6x12x12
        ls.add(new QLayer.MaxPool("pool", 1, 3, 2, 1));                                                 // t2 6x6x6
        ls.add(conv(r, "b1", 2, 6, 6, 3, 1, 1, wBits, shift, new QLayer.QSkip.Identity(2, 1L << shift))); // t3
        ls.add(conv(r, "b2", 3, 6, 8, 3, 2, 1, wBits, shift,
                new QLayer.QSkip.Projection(3, 6, 1, 2, 0, weights(r, 8 * 6, wBits))));                  // t4 8x3x3
        ls.add(conv(r, "b3", 4, 8, 10, 3, 2, 1, wBits, shift,
                new QLayer.QSkip.Projection(4, 8, 3, 2, 1, weights(r, 10 * 8 * 9, wBits))));             // t5 10x2x2
        ls.add(conv(r, "b4", 5, 10, 14, 3, 1, 1, wBits, shift, new QLayer.QSkip.OptionA(5, 10, 1, 2, 3L << (shift > 0 ? shift - 1 : 0)))); // t6 14x2x2
        ls.add(conv(r, "b5", 6, 14, 16, 3, 2, 1, wBits, shift, new QLayer.QSkip.OptionA(6, 14, 2, 1, 5))); // t7 16x1x1
        ls.add(new QLayer.Head("fc", 7, 16, 5, weights(r, 5 * 16, wBits), longs(r, 5, wBits + 8), 0.01));
        double[] scales = new double[ls.size() + 1];
        java.util.Arrays.fill(scales, 0.1);
        return new QModel("random-" + seed, "random test model", Preprocess.cifar(12), new Shape(3, 12, 12), 0.1, scales, ls,
                new String[] {"a", "b", "c", "d", "e"});
    }

    /**
     * Input 3x12x12 through grouped convs: a dense stem 3->6, a depthwise 3x3 (groups 6) with the stem as
     * identity skip, a 3x3 stride-2 conv 6->12 in 2 groups, a 1x1 depthwise multiplier conv 12->24 (groups 12),
     * a 3x3 stride-2 conv 24->8 in 4 groups, the head.
     */
    static QModel grouped(long seed, int wBits, int shift) {
        Random r = new Random(seed);
        List<QLayer> ls = new ArrayList<>();
        ls.add(conv(r, "stem", 0, 3, 6, 3, 1, 1, wBits, shift, new QLayer.QSkip.None()));                      // t1 6x12x12
        ls.add(grouped(r, "dw", 1, 6, 6, 3, 1, 1, 6, wBits, shift, new QLayer.QSkip.Identity(1, 1L << shift))); // t2 6x12x12
        ls.add(grouped(r, "g2", 2, 6, 12, 3, 2, 1, 2, wBits, shift, new QLayer.QSkip.None()));                 // t3 12x6x6
        ls.add(grouped(r, "mult", 3, 12, 24, 1, 1, 0, 12, wBits, shift, new QLayer.QSkip.None()));             // t4 24x6x6
        ls.add(grouped(r, "g4", 4, 24, 8, 3, 2, 1, 4, wBits, shift, new QLayer.QSkip.None()));                 // t5 8x3x3
        ls.add(new QLayer.Head("fc", 5, 8, 4, weights(r, 4 * 8, wBits), longs(r, 4, wBits + 8), 0.01));
        double[] scales = new double[ls.size() + 1];
        java.util.Arrays.fill(scales, 0.1);
        return new QModel("grouped-" + seed, "random grouped test model", Preprocess.cifar(12), new Shape(3, 12, 12), 0.1, scales, ls, null);
    }

    private static QLayer.Conv grouped(Random r, String name, int in, int inC, int outC, int k, int s, int p, int groups, int wBits,
                                       int shift, QLayer.QSkip skip) {
        return new QLayer.Conv(name, in, inC, outC, k, s, p, weights(r, outC * (inC / groups) * k * k, wBits), longs(r, outC, wBits + 8),
                shift, skip, groups);
    }

    static int[] input(long seed, int n) {
        Random r = new Random(seed);
        int[] x = new int[n];
        for (int j = 0; j < n; j++) {
            x[j] = r.nextInt(256) - 128;
        }
        return x;
    }

    private static QLayer.Conv conv(Random r, String name, int in, int inC, int outC, int k, int s, int p, int wBits, int shift, QLayer.QSkip skip) {
        return new QLayer.Conv(name, in, inC, outC, k, s, p, weights(r, outC * inC * k * k, wBits), longs(r, outC, wBits + 8), shift, skip);
    }

    private static int[] weights(Random r, int n, int bits) {
        int[] w = new int[n];
        for (int j = 0; j < n; j++) {
            w[j] = r.nextInt(2 << bits) - (1 << bits);
        }
        return w;
    }

    private static long[] longs(Random r, int n, int bits) {
        long[] b = new long[n];
        for (int j = 0; j < n; j++) {
            b[j] = (r.nextLong() >> (63 - bits));
        }
        return b;
    }
}
