package foldproof.folding.spartan.polys;

import foldproof.bn254.fr.Fr;
import foldproof.circuits.CircuitException;
import foldproof.circuits.layers.Circuits;
import foldproof.circuits.layers.LayerCircuit;
import foldproof.circuits.r1cs.ConvTerms;
import foldproof.circuits.r1cs.R1CSShape;
import foldproof.circuits.r1cs.ShapeBuilder;
import foldproof.circuits.r1cs.SparseMatrix;
import foldproof.fixtures.CraftedModels;
import foldproof.fixtures.DemoMobileNet;
import foldproof.fixtures.DemoModels;
import foldproof.quantizer.QuantizerException;
import foldproof.quantizer.model.QModel;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The verifier's shape (conv weight terms described, {@link ConvTerms}) and the closed-form evaluation
 * ({@link ConvMle}) against the prover's shape, which lists every term: at random points, for every conv
 * layer of the tiny model, the demo ResNet-18 at 40x40 (widths 20, 10, 5, 3: row gaps; stride-2 convs,
 * projection skips) and random crafted models (any kernel, stride, pad; identity, projection and option-A
 * skips; and with grouped convs), the demo MobileNetV2 at 32x32 (depthwise and 1x1 convs), {@code C(r_x, r_y)} of
 * the full CSR equals the skeleton's plus the closed form, and A, B and the
 * layout are the same. A changed weight changes the value (the comparison can fail).
 */
class ConvMleTest {
    private static final long SEED = 20261207L;

    @Test
    void closedFormEqualsTheListedTerms() {
        System.out.println("seed " + SEED);
        Random rnd = new Random(SEED);
        List<QModel> models = new ArrayList<>();
        models.add(DemoModels.tiny());
        models.add(DemoModels.resnet18Imagenet(40));
        models.add(DemoMobileNet.quantized(32));
        int crafted = 0;
        int grouped = 0;
        for (long s = 0; crafted < 80 && s < 4000; s++) {
            try {
                QModel m = CraftedModels.random(s, crafted >= 40);
                Circuits.forModel(m);
                models.add(m);
                crafted++;
                for (var l : m.layers()) {
                    grouped += l instanceof foldproof.quantizer.model.QLayer.Conv c && c.groups() > 1 ? 1 : 0;
                }
            } catch (QuantizerException | CircuitException | IllegalArgumentException e) {
                // refused at load: not a model the verifier meets
            }
        }
        assertTrue(grouped >= 20, grouped + " grouped convs among the crafted models");
        int layers = 0;
        int projections = 0;
        for (QModel m : models) {
            for (LayerCircuit lc : Circuits.forModel(m)) {
                R1CSShape full = lc.shape();
                R1CSShape ver = lc.verifierShape();
                assertEquals(full.numConstraints(), ver.numConstraints(), lc.name());
                assertEquals(full.layout(), ver.layout(), lc.name());
                R1CSShape skel = lc.skeleton();   // the counting pass: same layout and count
                assertEquals(full.layout(), skel.layout(), lc.name());
                assertEquals(full.numConstraints(), skel.numConstraints(), lc.name());
                assertSame(full.b(), ver.b(), lc.name() + " B");
                if (ver.cTerms().isEmpty()) {
                    assertSame(full.a(), ver.a(), lc.name() + " A");
                    assertSame(full.c(), ver.c(), lc.name() + " C");
                    continue;
                }
                // the described terms sit in A (lookup requantisation) or C (bit gadget); the other is listed whole
                boolean inA = ver.cTerms().get(0).inA();
                for (ConvTerms t : ver.cTerms()) {
                    assertEquals(inA, t.inA(), lc.name());
                }
                assertSame(inA ? full.c() : full.a(), inA ? ver.c() : ver.a(), lc.name() + (inA ? " C" : " A"));
                SparseMatrix fullD = inA ? full.a() : full.c();
                SparseMatrix verD = inA ? ver.a() : ver.c();
                layers++;
                projections += ver.cTerms().size() - 1;
                assertTrue(verD.nonZeros() < fullD.nonZeros(), lc.name() + ": the verifier's matrix lists fewer terms");
                for (int trial = 0; trial < 1; trial++) {
                    int s = vars(full.numConstraints());
                    int mv = Integer.numberOfTrailingZeros(full.layout().witnessLength()) + 1;
                    long[] rx = random(rnd, s);
                    long[] ry = random(rnd, mv);
                    long[] eqRx = EqPoly.table(rx, 0, s);
                    long[] eqRy = EqPoly.table(ry, 0, mv);
                    long[] expect = new long[4];
                    SparseMle.evaluate(fullD, eqRx, eqRy, expect, 0);
                    long[] got = new long[4];
                    SparseMle.evaluate(verD, eqRx, eqRy, got, 0);
                    for (ConvTerms t : ver.cTerms()) {
                        ConvMle.accumulate(t, ver.layout(), eqRx, ry, got, 0);
                    }
                    assertArrayEquals(expect, got, m.name() + " " + lc.name());
                    // one weight off by one: the closed form moves (so the equality above can fail)
                    ConvTerms t0 = ver.cTerms().get(0);
                    int[] w = t0.w().clone();
                    w[usedWeight(t0, rnd)] += 1;
                    ConvTerms bad = new ConvTerms(w, t0.outC(), t0.inC(), t0.k(), t0.stride(), t0.pad(), t0.inW(),
                            t0.inStride(), t0.outW(), t0.firstSlot(), t0.sign(), t0.rows(), t0.inA(), t0.groups());
                    long[] off = new long[4];
                    SparseMle.evaluate(verD, eqRx, eqRy, off, 0);
                    ConvMle.accumulate(bad, ver.layout(), eqRx, ry, off, 0);
                    for (int j = 1; j < ver.cTerms().size(); j++) {
                        ConvMle.accumulate(ver.cTerms().get(j), ver.layout(), eqRx, ry, off, 0);
                    }
                    assertFalse(Fr.equal(expect, 0, off, 0), "a changed weight went unnoticed in " + lc.name());
                }
            }
        }
        System.out.println(models.size() + " models, " + layers + " conv layers, " + projections + " projection skips");
        // shapes built one after another in reused buffers (as the verifier does) evaluate as fresh ones
        ShapeBuilder.Buffers buffers = new ShapeBuilder.Buffers();
        for (QModel m : models.subList(0, 2)) {
            for (LayerCircuit lc : Circuits.forModel(m)) {
                R1CSShape fresh = lc.verifierShape();
                R1CSShape reused = lc.verifierShape(buffers);
                int s = vars(fresh.numConstraints());
                int mv = Integer.numberOfTrailingZeros(fresh.layout().witnessLength()) + 1;
                long[] eqRx = EqPoly.table(random(rnd, s), 0, s);
                long[] eqRy = EqPoly.table(random(rnd, mv), 0, mv);
                for (int k = 0; k < 3; k++) {
                    SparseMatrix a = k == 0 ? fresh.a() : k == 1 ? fresh.b() : fresh.c();
                    SparseMatrix b = k == 0 ? reused.a() : k == 1 ? reused.b() : reused.c();
                    assertEquals(a.nonZeros(), b.nonZeros(), lc.name());
                    long[] va = new long[4];
                    long[] vb = new long[4];
                    SparseMle.evaluate(a, eqRx, eqRy, va, 0);
                    SparseMle.evaluate(b, eqRx, eqRy, vb, 0);
                    assertArrayEquals(va, vb, m.name() + " " + lc.name() + " matrix " + k);
                }
            }
        }
        assertTrue(layers > 40 && projections > 3, layers + " layers, " + projections + " projections");
    }

    private static void assertSame(SparseMatrix a, SparseMatrix b, String what) {
        assertEquals(a.rows(), b.rows(), what);
        assertEquals(a.cols(), b.cols(), what);
        assertArrayEquals(a.rowStart(), b.rowStart(), what);
        assertArrayEquals(a.col(), b.col(), what);
        assertArrayEquals(a.coeff(), b.coeff(), what);
    }

    /** A weight some output column reads (a kernel column that falls inside the input for some x). */
    private static int usedWeight(ConvTerms t, Random rnd) {
        List<Integer> kxs = new ArrayList<>();
        for (int kx = 0; kx < t.k(); kx++) {
            for (int x = 0; x < t.outW(); x++) {
                int cx = x * t.stride() + kx - t.pad();
                if (cx >= 0 && cx < t.inW()) {
                    kxs.add(kx);
                    break;
                }
            }
        }
        int kx = kxs.get(rnd.nextInt(kxs.size()));
        int o = rnd.nextInt(t.outC());
        int i = rnd.nextInt(t.groupInC());
        int ky = rnd.nextInt(t.k());
        return ((o * t.groupInC() + i) * t.k() + ky) * t.k() + kx;
    }

    private static int vars(int constraints) {
        int n = constraints <= 1 ? 1 : Integer.highestOneBit(constraints - 1) << 1;
        return Integer.numberOfTrailingZeros(n);
    }

    private static long[] random(Random rnd, int n) {
        long[] r = new long[4 * n];
        for (int i = 0; i < n; i++) {
            Fr.random(rnd, r, 4 * i);
        }
        return r;
    }
}
