package foldproof.api;

import foldproof.fixtures.DemoImages;
import foldproof.fixtures.DemoModels;
import foldproof.quantizer.model.QModel;
import foldproof.quantizer.quant.InputQuantizer;
import foldproof.quantizer.quant.IntInference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The API on the tiny model: prove and verify, what the proof claims, rejections with reasons, bad input. */
class FoldproofTest {
    private static final long SEED = 41L;

    @Test
    void proveThenVerifyAndTheClaimIsTheIntegerInference(@TempDir Path dir) throws Exception {
        System.out.println("seed " + SEED);
        QModel q = DemoModels.tiny();
        Path img = dir.resolve("img.png");
        Files.write(img, DemoImages.png(7, 16, 16));
        Model model = Model.of(q);
        List<String> layers = new ArrayList<>();
        Proof proof = Foldproof.prove(model, img, ProveOptions.defaults().withRandom(new Random(SEED))
                .withProgress((l, n, name, tiles, nanos) -> layers.add(name)));
        assertEquals(model.numProofLayers(), layers.size());
        long[] expected = IntInference.run(q, InputQuantizer.quantize(q, Foldproof.preprocess(img, q.preprocess(), w -> { })))
                .logits();
        assertArrayEquals(expected, proof.logits());
        int argmax = 0;
        for (int i = 1; i < expected.length; i++) {
            argmax = expected[i] > expected[argmax] ? i : argmax;
        }
        assertEquals(argmax, proof.label());
        assertFalse(proof.opensInput());
        assertTrue(proof.timings().totalNanos() >= proof.timings().foldNanos());

        // a verifier with its own copy of the model file
        Model theirs = Model.fromBytes(model.toBytes());
        assertArrayEquals(model.digest(), theirs.digest());
        Verification v = Foldproof.verify(theirs, proof.bytes());
        assertTrue(v.valid(), v::toString);
        assertNull(v.reason());
        assertEquals(proof.label(), v.label());
        assertArrayEquals(proof.logits(), v.logits());
        assertTrue(v.openedInput().isEmpty());

        // a flipped byte, a truncated file, nothing: rejected with a reason, no exception
        byte[] bad = proof.bytes();
        bad[bad.length / 2] ^= 0x10;
        Verification r = Foldproof.verify(theirs, bad);
        assertFalse(r.valid());
        assertTrue(r.reason() != null && !r.reason().isBlank() && !r.reason().contains("\n"), r.reason());
        assertEquals(-1, r.label());
        assertEquals(0, r.logits().length);
        assertFalse(Foldproof.verify(theirs, Arrays.copyOf(proof.bytes(), proof.size() - 1)).valid());
        assertFalse(Foldproof.verify(theirs, new byte[0]).valid());

        // the proof of this model is not a proof of another one
        QModel other = new QModel(q.name(), "another description", q.preprocess(), q.input(), q.inputScale(), q.scales(),
                q.layers(), q.labels());
        Verification o = Foldproof.verify(Model.of(other), proof.bytes());
        assertFalse(o.valid());
        assertTrue(o.reason().startsWith("proof is for another model"), o.reason());
    }

    @Test
    void aPublicInputProofOpensTheQuantizedInput() {
        QModel q = DemoModels.tiny();
        float[] x = DemoImages.tensor(3, 16, 16, q.preprocess());
        Model model = Model.of(q);
        Proof p = Foldproof.prove(model, x, ProveOptions.defaults().withPublicInput(true).withRandom(new Random(SEED)));
        assertTrue(p.opensInput());
        Verification v = Foldproof.verify(model, p.bytes());
        assertTrue(v.valid(), v::toString);
        assertArrayEquals(InputQuantizer.quantize(q, x), v.openedInput().orElseThrow());
    }

    @Test
    void badInputIsAFoldproofExceptionWithOneLine(@TempDir Path dir) throws Exception {
        Model model = Model.of(DemoModels.tiny());
        FoldproofException e = assertThrows(FoldproofException.class,
                () -> Foldproof.prove(model, dir.resolve("missing.png"), ProveOptions.defaults()));
        assertEquals("image not found: " + dir.resolve("missing.png"), e.getMessage());
        e = assertThrows(FoldproofException.class, () -> Foldproof.prove(model, new float[5], ProveOptions.defaults()));
        assertTrue(e.getMessage().startsWith("input tensor has 5 values"), e.getMessage());
        Path junk = dir.resolve("junk.fpq");
        Files.write(junk, new byte[] {1, 2, 3});
        e = assertThrows(FoldproofException.class, () -> Model.load(junk));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        e = assertThrows(FoldproofException.class, () -> Foldproof.quantize(dir.resolve("none.onnx"), QuantizeOptions.dataFree()));
        assertEquals("model file not found: " + dir.resolve("none.onnx"), e.getMessage());
        assertThrows(FoldproofException.class, () -> QuantizeOptions.calibration(List.of()));
    }

    @Test
    void aSavedModelLoadsWithTheSameDigest(@TempDir Path dir) throws Exception {
        Model model = Model.of(DemoModels.tiny());
        Path f = dir.resolve("tiny.fpq");
        Files.write(f, model.toBytes());
        Model back = Foldproof.load(f);
        assertEquals(model.digestHex(), back.digestHex());
        assertEquals(model.numClasses(), back.numClasses());
        assertEquals(model.numConstraints(), back.numConstraints());
    }
}
