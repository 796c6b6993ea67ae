package foldproof.quantizer.importers;

import foldproof.quantizer.QuantizerException;
import foldproof.quantizer.TestData;
import foldproof.quantizer.model.FloatLayer;
import foldproof.quantizer.model.FloatLayer.Skip;
import foldproof.quantizer.model.FloatNet;
import foldproof.quantizer.model.Preprocess;
import foldproof.quantizer.model.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static foldproof.quantizer.importers.NetAssert.randn;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class OnnxImporterTest {
    /** A small net with every ONNX-expressible layer kind: 7x7/2 stem, max pool, identity and projection skips, head. */
    static FloatNet smallNet(long seed) {
        Random r = new Random(seed);
        List<FloatLayer> l = new ArrayList<>();
        l.add(new FloatLayer.Conv("stem", 0, 3, 8, 7, 2, 3, randn(r, 8 * 3 * 49, 0.1), randn(r, 8, 0.1), new Skip.None()));
        l.add(new FloatLayer.MaxPool("pool", 1, 3, 2, 1));
        l.add(new FloatLayer.Conv("b1c1", 2, 8, 8, 3, 1, 1, randn(r, 8 * 8 * 9, 0.1), randn(r, 8, 0.1), new Skip.None()));
        l.add(new FloatLayer.Conv("b1c2", 3, 8, 8, 3, 1, 1, randn(r, 8 * 8 * 9, 0.1), randn(r, 8, 0.1), new Skip.Identity(2)));
        l.add(new FloatLayer.Conv("b2c1", 4, 8, 16, 3, 2, 1, randn(r, 16 * 8 * 9, 0.1), randn(r, 16, 0.1), new Skip.None()));
        l.add(new FloatLayer.Conv("b2c2", 5, 16, 16, 3, 1, 1, randn(r, 16 * 16 * 9, 0.1), randn(r, 16, 0.1),
                new Skip.Projection(4, 8, 1, 2, 0, randn(r, 16 * 8, 0.1), randn(r, 16, 0.1))));
        l.add(new FloatLayer.Conv("b3c1", 6, 16, 16, 3, 2, 1, randn(r, 16 * 16 * 9, 0.1), randn(r, 16, 0.1), new Skip.None()));
        l.add(new FloatLayer.Conv("b3c2", 7, 16, 16, 3, 1, 1, randn(r, 16 * 16 * 9, 0.1), randn(r, 16, 0.1),
                new Skip.Projection(6, 16, 3, 2, 1, randn(r, 16 * 16 * 9, 0.1), randn(r, 16, 0.1))));
        l.add(new FloatLayer.Head("fc", 8, 16, 5, randn(r, 5 * 16, 0.1), randn(r, 5, 0.1)));
        return new FloatNet("small", Preprocess.imagenet(96), new Shape(3, 96, 96), l, null);
    }

    @Test
    void writtenOnnxRoundTrips(@TempDir Path dir) throws IOException {
        long seed = 20261122L;
        System.out.println("seed " + seed);
        FloatNet net = smallNet(seed);
        Path f = dir.resolve("small.onnx");
        Files.write(f, OnnxWriter.write(net));
        Importers.Imported imp = Importers.importModel(f, null, Arch.AUTO);
        assertEquals(Arch.ONNX, imp.arch());
        assertTrue(imp.detected().contains("ONNX"), imp.detected());
        NetAssert.assertSameNet(net, imp.net(), 0, true);
        assertEquals(net.shapes(), imp.net().shapes());
    }

    @Test
    void batchNormIsFoldedIntoTheConv(@TempDir Path dir) throws IOException {
        Random r = new Random(7);
        int outC = 4;
        float[] w = randn(r, outC * 3 * 9, 0.3);
        float[] gamma = NetAssert.uniform(r, outC, 0.5, 1.5);
        float[] beta = randn(r, outC, 0.2);
        float[] mean = randn(r, outC, 0.2);
        float[] var = NetAssert.uniform(r, outC, 0.1, 2);
        float eps = 1e-3f;
        OnnxWriter ow = new OnnxWriter();
        String c = ow.conv("conv", "x", outC, 3, 3, 1, 1, w, null);
        String bn = ow.node("BatchNormalization", "bn", List.of(c, ow.init(gamma, outC), ow.init(beta, outC), ow.init(mean, outC),
                ow.init(var, outC)), "epsilon", eps);
        String y = ow.node("Relu", "relu", List.of(bn));
        String p = ow.node("GlobalAveragePool", "gap", List.of(y));
        String fl = ow.node("Flatten", "flat", List.of(p), "axis", 1L);
        String out = ow.node("Gemm", "fc", List.of(fl, ow.init(randn(r, 2 * outC, 1), outC, 2)), "transB", 0L, "alpha", 2f);
        Path f = dir.resolve("bn.onnx");
        Files.write(f, ow.model("x", new long[] {1, 3, 8, 8}, out, 2));
        FloatNet net = Importers.load(f, null);
        FloatLayer.Conv conv = (FloatLayer.Conv) net.layers().get(0);
        for (int o = 0; o < outC; o++) {
            double s = gamma[o] / Math.sqrt((double) var[o] + eps);
            assertEquals(beta[o] - mean[o] * s, conv.bias()[o], 1e-6);
            for (int i = 0; i < 27; i++) {
                assertEquals(w[o * 27 + i] * s, conv.weight()[o * 27 + i], 1e-6);
            }
        }
        assertArrayEquals(gamma, conv.bn().gamma(), "BN gamma kept for data-free calibration");
        assertArrayEquals(beta, conv.bn().beta(), "BN beta kept for data-free calibration");
        FloatLayer.Head h = (FloatLayer.Head) net.layers().get(1);
        assertEquals(2, h.classes());
        assertEquals(Preprocess.cifar(8), net.preprocess());
    }

    @Test
    void unsupportedOpNamesTheNode(@TempDir Path dir) throws IOException {
        OnnxWriter ow = new OnnxWriter();
        String c = ow.conv("conv", "x", 2, 3, 3, 1, 1, new float[54], new float[2]);
        String s = ow.node("Sigmoid", "my_sigmoid", List.of(c));
        Path f = dir.resolve("sig.onnx");
        Files.write(f, ow.model("x", new long[] {1, 3, 8, 8}, s, 2));
        QuantizerException e = assertThrows(QuantizerException.class, () -> Importers.load(f, null));
        assertTrue(e.getMessage().contains("my_sigmoid") && e.getMessage().contains("Sigmoid"), e.getMessage());
    }

    /**
     * A conv output read without a Relu is a linear conv (MobileNetV2's bottlenecks); a Relu of it after it was read
     * so would change what the first reader saw, and is refused naming the node.
     */
    @Test
    void convWithoutReluIsLinearAndALateReluIsRefused(@TempDir Path dir) throws IOException {
        OnnxWriter ow = new OnnxWriter();
        String c = ow.conv("conv_a", "x", 2, 3, 3, 1, 1, new float[54], new float[2]);
        String p = ow.node("GlobalAveragePool", "gap", List.of(c));
        String g = ow.node("Gemm", "fc", List.of(p, ow.init(new float[4], 2, 2), ow.init(new float[2], 2)), "transB", 1L);
        Path f = dir.resolve("linear.onnx");
        Files.write(f, ow.model("x", new long[] {1, 3, 8, 8}, g, 2));
        FloatNet net = Importers.load(f, null);
        assertEquals(FloatLayer.Activation.NONE, ((FloatLayer.Conv) net.layers().get(0)).act());

        OnnxWriter late = new OnnxWriter();
        String c2 = late.conv("conv_a", "x", 2, 3, 3, 1, 1, new float[54], new float[2]);
        String c3 = late.conv("conv_b", c2, 2, 2, 1, 1, 0, new float[4], new float[2]);
        String r = late.node("Relu", "late_relu", List.of(c2));
        String add = late.node("Add", "sum", List.of(c3, r));
        Path f2 = dir.resolve("late.onnx");
        Files.write(f2, late.model("x", new long[] {1, 3, 8, 8}, add, 2));
        QuantizerException e = assertThrows(QuantizerException.class, () -> Importers.load(f2, null));
        assertTrue(e.getMessage().contains("late_relu") && e.getMessage().contains("already read without it"), e.getMessage());
    }

    @Test
    void truncatedOrCorruptFilesGiveQuantizerException(@TempDir Path dir) throws IOException {
        byte[] good = OnnxWriter.write(smallNet(3));
        Random r = new Random(11);
        Path f = dir.resolve("bad.onnx");
        for (int cut : new int[] {0, 1, 5, 17, good.length / 3, good.length / 2, good.length - 1}) {
            Files.write(f, java.util.Arrays.copyOf(good, cut));
            assertThrows(QuantizerException.class, () -> Importers.load(f, null), "cut at " + cut);
        }
        for (int trial = 0; trial < 200; trial++) {
            byte[] b = good.clone();
            for (int k = 0; k < 3; k++) {
                b[r.nextInt(Math.min(b.length, 4000))] ^= (byte) (1 + r.nextInt(255));
            }
            Files.write(f, b);
            try {
                Importers.load(f, null); // a flip inside weight bytes can still be a valid model
            } catch (QuantizerException expected) {
                assertTrue(expected.getMessage() != null && !expected.getMessage().isBlank());
            }
        }
        Files.writeString(f, "this is not a model at all");
        assertThrows(QuantizerException.class, () -> Importers.load(f, null));
        assertThrows(QuantizerException.class, () -> Importers.load(dir.resolve("missing.onnx"), null));
    }

    @Test
    void realCifarResNet18Structure() {
        var p = TestData.resolve("cifar10-resnet18/model.onnx");
        assumeTrue(p.isPresent(), "shared/data not present");
        Importers.Imported imp = Importers.importModel(p.get(), null, Arch.AUTO);
        FloatNet net = imp.net();
        System.out.println(imp.detected());
        assertEquals(new Shape(3, 32, 32), net.input());
        assertEquals(Preprocess.cifar(32), net.preprocess());
        assertEquals(18, net.layers().size()); // 17 convs + head (no max pool)
        FloatLayer.Conv stem = (FloatLayer.Conv) net.layers().get(0);
        assertEquals(3 + "/" + 16 + "/" + 3 + "/" + 1, stem.inC() + "/" + stem.outC() + "/" + stem.kernel() + "/" + stem.stride());
        int projections = 0;
        int identities = 0;
        for (FloatLayer l : net.layers()) {
            if (l instanceof FloatLayer.Conv c && c.skip() instanceof Skip.Projection pr) {
                projections++;
                assertEquals(3, pr.kernel());
                assertEquals(2, pr.stride());
                assertEquals(1, pr.pad());
                assertEquals(c.outC(), pr.inC() * 2);
            } else if (l instanceof FloatLayer.Conv c && c.skip() instanceof Skip.Identity) {
                identities++;
            }
        }
        assertEquals(3, projections);
        assertEquals(5, identities);
        FloatLayer.Head h = (FloatLayer.Head) net.layers().get(17);
        assertEquals(128, h.inC());
        assertEquals(10, h.classes());
        assertArrayEquals(ModelConfig.CIFAR10, net.labels());
        List<Shape> shapes = net.shapes();
        assertEquals(new Shape(128, 4, 4), shapes.get(17));
        long params = 0;
        for (FloatLayer l : net.layers()) {
            if (l instanceof FloatLayer.Conv c) {
                params += c.weight().length + c.bias().length;
                if (c.skip() instanceof Skip.Projection pr) {
                    params += pr.weight().length + pr.bias().length;
                }
            } else if (l instanceof FloatLayer.Head hh) {
                params += hh.weight().length + hh.bias().length;
            }
        }
        assertEquals(786_284 - 2, params); // the README's count includes the 2-element Reshape shape
        assertInstanceOf(Skip.None.class, stem.skip());
    }
}
