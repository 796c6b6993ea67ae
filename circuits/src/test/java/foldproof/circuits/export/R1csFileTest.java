package foldproof.circuits.export;

import foldproof.circuits.CircuitException;
import foldproof.circuits.layers.Circuits;
import foldproof.circuits.layers.LayerCircuit;
import foldproof.circuits.layers.TileWitness;
import foldproof.fixtures.DemoImages;
import foldproof.fixtures.DemoModels;
import foldproof.quantizer.model.QModel;
import foldproof.quantizer.quant.InputQuantizer;
import foldproof.quantizer.quant.IntInference;
import foldproof.quantizer.quant.IntTrace;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code .r1cs} and {@code .wtns} writers, without snarkjs: the bytes are parsed back by an independent
 * strict reader ({@link IdenFiles}) and every constraint is checked with the witness over BigInteger mod r.
 */
class R1csFileTest {
    private static final long SEED = 5L;

    static IntTrace trace(QModel m, long seed) {
        float[] x = DemoImages.tensor(seed, m.input().h(), m.input().w(), m.preprocess());
        return IntInference.run(m, InputQuantizer.quantize(m, x));
    }

    static byte[] r1cs(ExportedCircuit c) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        R1csFile.write(c, b);
        return b.toByteArray();
    }

    static byte[] wtns(ExportedCircuit c) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        WtnsFile.write(c.witness(), b);
        return b.toByteArray();
    }

    @Test
    void everyTileOfEveryTinyLayerRoundTripsAndSatisfies() throws IOException {
        System.out.println("seed " + SEED);
        QModel m = DemoModels.tiny();
        IntTrace t = trace(m, SEED);
        for (LayerCircuit lc : Circuits.forModel(m, false)) {
            for (int tile = 0; tile < lc.numTiles(); tile++) {
                ExportedCircuit c = ExportedCircuit.of(lc, List.of(lc.witness(t, tile)));
                IdenFiles.R1cs r = IdenFiles.readR1cs(r1cs(c));
                BigInteger[] w = IdenFiles.readWtns(wtns(c));
                assertEquals(IdenFiles.R, r.prime());
                assertEquals(lc.shape().numConstraints(), r.constraints().size(), lc.name());
                assertEquals(r.nWires(), w.length);
                assertEquals(BigInteger.ONE, w[0]);
                assertEquals(lc.shape().layout().numPublic(), r.nPubOut());
                assertEquals(0, r.nPubIn());
                assertEquals(r.nWires(), r.nLabels());
                int bad = IdenFiles.firstUnsatisfied(r, w);
                assertEquals(-1, bad, () -> lc.name() + " tile: constraint " + bad + " fails");
            }
        }
    }

    @Test
    void headWiresOneThenLogitsThenPrivate() throws IOException {
        QModel m = DemoModels.tiny();
        IntTrace t = trace(m, SEED);
        List<LayerCircuit> cs = Circuits.forModel(m, false);
        LayerCircuit head = cs.get(cs.size() - 1);
        ExportedCircuit c = ExportedCircuit.of(head, List.of(head.witness(t, 0)));
        BigInteger[] w = IdenFiles.readWtns(wtns(c));
        IdenFiles.R1cs r = IdenFiles.readR1cs(r1cs(c));
        long[] logits = t.logits();
        assertEquals(logits.length, r.nPubOut());
        for (int j = 0; j < logits.length; j++) {
            assertEquals(BigInteger.valueOf(logits[j]).mod(IdenFiles.R), w[1 + j], "logit " + j);
        }
        // every input row of the head is a private input, read once
        assertEquals(head.inRows(0).length * head.shape().layout().slots().get(0).length(), r.nPrvIn());
    }

    @Test
    void everyCorruptedWireOfAConvTileIsCaught() throws IOException {
        QModel m = DemoModels.tiny();
        IntTrace t = trace(m, SEED);
        LayerCircuit conv = Circuits.forModel(m, false).get(0);
        ExportedCircuit c = ExportedCircuit.of(conv, List.of(conv.witness(t, 1)));
        IdenFiles.R1cs r = IdenFiles.readR1cs(r1cs(c));
        BigInteger[] good = IdenFiles.readWtns(wtns(c));
        assertEquals(-1, IdenFiles.firstUnsatisfied(r, good));
        // wire 0 must be 1; then a one-unit change of every other wire breaks some constraint
        // (every private wire of a conv tile is constrained: inputs are range-checked, outputs and bits too)
        // (only the constraints that mention a wire can change, so only those are evaluated again)
        List<List<Integer>> uses = new ArrayList<>();
        for (int i = 0; i < good.length; i++) {
            uses.add(new ArrayList<>());
        }
        for (int i = 0; i < r.constraints().size(); i++) {
            IdenFiles.Constraint k = r.constraints().get(i);
            for (List<IdenFiles.Term> lc : List.of(k.a(), k.b(), k.c())) {
                for (IdenFiles.Term term : lc) {
                    List<Integer> u = uses.get(term.wire());
                    if (u.isEmpty() || u.get(u.size() - 1) != i) {
                        u.add(i);
                    }
                }
            }
        }
        for (int wire = 0; wire < good.length; wire++) {
            BigInteger[] bad = good.clone();
            bad[wire] = bad[wire].add(BigInteger.ONE).mod(IdenFiles.R);
            boolean caught = false;
            for (int i : uses.get(wire)) {
                caught |= !IdenFiles.holds(r.constraints().get(i), bad);
            }
            int wi = wire;
            assertTrue(caught, () -> "wire " + wi + " changed by one and every constraint still holds");
        }
    }

    @Test
    void corruptedWtnsBytesFailTheCheck() throws IOException {
        QModel m = DemoModels.tiny();
        IntTrace t = trace(m, SEED);
        LayerCircuit conv = Circuits.forModel(m, false).get(1);
        ExportedCircuit c = ExportedCircuit.of(conv, List.of(conv.witness(t, 0)));
        IdenFiles.R1cs r = IdenFiles.readR1cs(r1cs(c));
        byte[] bytes = wtns(c);
        int valuesStart = 12 + 12 + (4 + 32 + 4) + 12;
        // flip the low byte of the last witness value (an AUX value)
        int last = bytes.length - 32;
        assertTrue(last > valuesStart);
        bytes[last] ^= 1;
        assertNotEquals(-1, IdenFiles.firstUnsatisfied(r, IdenFiles.readWtns(bytes)));
    }

    @Test
    void wholeLayerSharesRowsBetweenTiles() throws IOException {
        QModel m = DemoModels.tiny();
        IntTrace t = trace(m, SEED);
        LayerCircuit conv = Circuits.forModel(m, false).get(1);
        List<TileWitness> all = new ArrayList<>();
        for (int tile = 0; tile < conv.numTiles(); tile++) {
            all.add(conv.witness(t, tile));
        }
        ExportedCircuit c = ExportedCircuit.of(conv, all);
        IdenFiles.R1cs r = IdenFiles.readR1cs(r1cs(c));
        BigInteger[] w = IdenFiles.readWtns(wtns(c));
        assertEquals((long) conv.numTiles() * conv.shape().numConstraints(), r.constraints().size());
        assertEquals(-1, IdenFiles.firstUnsatisfied(r, w));
        // each input row of the layer appears once: the private inputs are exactly the input tensor
        int inRows = (int) Arrays.stream(all.stream().flatMapToInt(x -> Arrays.stream(conv.inRows(x.tile()))).toArray())
                .filter(y -> y >= 0).distinct().count();
        int skipRows = (int) all.stream().flatMapToInt(x -> Arrays.stream(conv.skipRows(x.tile()))).filter(y -> y >= 0).distinct().count();
        int inLen = conv.shape().layout().slots().get(0).length();
        assertTrue(r.nPrvIn() >= inRows * inLen, "private inputs " + r.nPrvIn());
        if (skipRows == 0) {
            assertEquals(inRows * inLen, r.nPrvIn());
        }
    }

    @Test
    void negativeValuesAndCoefficientsAreCanonical() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        long[] vals = {1, -1, -128, 127, Long.MIN_VALUE, Long.MAX_VALUE, 0};
        WtnsFile.write(vals, b);
        BigInteger[] w = IdenFiles.readWtns(b.toByteArray());
        for (int i = 0; i < vals.length; i++) {
            assertEquals(BigInteger.valueOf(vals[i]).mod(IdenFiles.R), w[i], "value " + vals[i]);
        }
        assertThrows(IllegalArgumentException.class, () -> WtnsFile.write(new long[] {2, 3}, new ByteArrayOutputStream()));
    }

    @Test
    void mismatchedWitnessesAreRefused() {
        QModel m = DemoModels.tiny();
        IntTrace t1 = trace(m, SEED);
        IntTrace t2 = trace(m, SEED + 1);
        LayerCircuit conv = Circuits.forModel(m, false).get(1);
        // tiles 0 and 1 of different images share input rows with different values
        assertThrows(CircuitException.class, () -> ExportedCircuit.of(conv, List.of(conv.witness(t1, 0), conv.witness(t2, 1))));
        assertThrows(CircuitException.class, () -> ExportedCircuit.of(conv, List.of(conv.witness(t1, 0), conv.witness(t1, 0))));
        assertThrows(CircuitException.class, () -> ExportedCircuit.of(conv, List.of()));
    }
}
