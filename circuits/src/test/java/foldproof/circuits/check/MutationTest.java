package foldproof.circuits.check;

import foldproof.circuits.layers.Circuits;
import foldproof.circuits.layers.LayerCircuit;
import foldproof.circuits.layers.MaxPoolCircuit;
import foldproof.circuits.layers.TileWitness;
import foldproof.circuits.r1cs.R1CSShape;
import foldproof.circuits.r1cs.SegmentLayout;
import foldproof.circuits.r1cs.SparseMatrix;
import foldproof.fixtures.DemoImages;
import foldproof.fixtures.DemoMobileNet;
import foldproof.fixtures.DemoModels;
import foldproof.quantizer.model.QModel;
import foldproof.quantizer.quant.InputQuantizer;
import foldproof.quantizer.quant.IntInference;
import foldproof.quantizer.quant.IntTrace;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * +1 on a random element of each segment of a tile of every layer is caught and named by layer and gadget: the tiny
 * model (every layer kind of the ResNets) and the demo MobileNetV2 (depthwise convs, whose output channel reads one
 * input channel, ReLU6 and linear bottlenecks).
 */
class MutationTest {
    private static final long SEED = 4242L;

    @Test
    void plusOneInEverySegmentIsCaughtAndNamed() {
        int[] n = mutate(DemoModels.tiny(), 3);
        assertTrue(n[0] > 30, "checked " + n[0]);
        assertTrue(n[1] <= 3, "tolerated " + n[1]);
    }

    @Test
    void plusOneInEverySegmentOfMobileNetV2IsCaughtAndNamed() {
        int[] n = mutate(DemoMobileNet.quantized(32), 1);
        assertTrue(n[0] > 150, "checked " + n[0]);
        assertEquals(0, n[1], "tolerated (MobileNetV2 has no max pool)");
    }

    /** {checked, tolerated} over {@code rounds} random tiles of every layer of {@code m}. */
    private static int[] mutate(QModel m, int rounds) {
        System.out.println("seed " + SEED + ", " + m.name());
        Random rnd = new Random(SEED);
        float[] x = DemoImages.tensor(5, m.input().h(), m.input().w(), m.preprocess());
        IntTrace t = IntInference.run(m, InputQuantizer.quantize(m, x));
        int checked = 0;
        int tolerated = 0;
        for (LayerCircuit c : Circuits.forModel(m)) {
            R1CSShape shape = c.shape();
            boolean[] used = usedColumns(shape);
            for (int round = 0; round < rounds; round++) {
                int tile = rnd.nextInt(c.numTiles());
                TileWitness w = c.witness(t, tile);
                for (int si = 0; si < w.slots().length; si++) {
                    SegmentLayout.Slot slot = shape.layout().slots().get(si);
                    if (slot.kind() == SegmentLayout.Kind.LOOKUP) {
                        // second-phase helpers: the prover computes them from the tile's challenges; a wrong one
                        // breaks a lookup row of the folded instance (folding's FreshTileLookupTest), not a
                        // constraint the circuit-level checker evaluates
                        continue;
                    }
                    List<Integer> cand = new ArrayList<>();
                    for (int e = 0; e < slot.length(); e++) {
                        if (used[slot.offset() + e]) {
                            cand.add(e);
                        }
                    }
                    if (cand.isEmpty()) {
                        continue;
                    }
                    int e = cand.get(rnd.nextInt(cand.size()));
                    TileWitness bad = w.copy();
                    bad.slots()[si][e] += 1;
                    Optional<Failure> f = Checker.check(c, bad);
                    String what = c.name() + " tile " + tile + " " + slot.kind() + slot.index() + "[" + e + "]";
                    if (f.isEmpty() && c instanceof MaxPoolCircuit mp && slot.kind() == SegmentLayout.Kind.IN
                            && sameMaxima(mp, bad)) {
                        // +1 on a non-maximal input leaves every window max unchanged: the mutated tile is a
                        // correct computation, and its AUX can stay valid (the range check's implicit bit 0
                        // absorbs the change of parity). Not a soundness issue.
                        tolerated++;
                        continue;
                    }
                    assertTrue(f.isPresent(), "not caught: " + what);
                    String label = f.get().label();
                    assertTrue(label.startsWith(c.name() + "/tile " + tile + "/"), what + " -> " + label);
                    assertTrue(expectedGadgets(c, slot.kind()).stream().anyMatch(g -> label.contains("/" + g)),
                            what + " -> " + label);
                    checked++;
                }
            }
            c.dropShape();
        }
        return new int[] {checked, tolerated};
    }

    @Test
    void wrongPublicLogitFails() {
        QModel m = DemoModels.tiny();
        float[] x = DemoImages.tensor(6, m.input().h(), m.input().w(), m.preprocess());
        IntTrace t = IntInference.run(m, InputQuantizer.quantize(m, x));
        List<LayerCircuit> cs = Circuits.forModel(m);
        LayerCircuit head = cs.get(cs.size() - 1);
        TileWitness w = head.witness(t, 0);
        assertTrue(Checker.check(head, w).isEmpty());
        TileWitness bad = w.copy();
        bad.publicInputs()[3] -= 1;
        Failure f = Checker.check(head, bad).orElseThrow();
        assertEquals(head.name() + "/tile 0/logit[j=3]", f.label());
    }

    /** Recomputes the tile's maxpool outputs from its (mutated) IN rows and compares with OUT. */
    private static boolean sameMaxima(MaxPoolCircuit c, TileWitness w) {
        var pool = c.pool();
        int k = pool.kernel();
        long[] out = w.slots()[k];
        int inW = c.inShape().w();
        int outW = c.outShape().w();
        for (int ch = 0; ch < c.inShape().c(); ch++) {
            for (int x = 0; x < outW; x++) {
                long m = 0;
                for (int ky = 0; ky < k; ky++) {
                    for (int kx = 0; kx < k; kx++) {
                        int cx = x * pool.stride() + kx - pool.pad();
                        if (cx >= 0 && cx < inW) {
                            m = Math.max(m, w.slots()[ky][ch * inW + cx]);
                        }
                    }
                }
                if (m != out[ch * outW + x]) {
                    return false;
                }
            }
        }
        return true;
    }

    private static List<String> expectedGadgets(LayerCircuit c, SegmentLayout.Kind kind) {
        String n = c.getClass().getSimpleName();
        if (n.equals("ConvCircuit")) {
            return List.of("requant", "input-range", "lookup-table");
        }
        if (n.equals("InputCircuit")) {
            return List.of("int8", "lookup-table");
        }
        if (n.equals("MaxPoolCircuit")) {
            return kind == SegmentLayout.Kind.OUT ? List.of("maxpool") : List.of("colmax", "maxpool", "lookup-table");
        }
        return List.of("gap", "logit");
    }

    private static boolean[] usedColumns(R1CSShape s) {
        boolean[] u = new boolean[s.layout().zLength()];
        for (SparseMatrix m : new SparseMatrix[] {s.a(), s.b(), s.c()}) {
            for (int col : m.col()) {
                u[col] = true;
            }
        }
        return u;
    }
}
