package foldproof.folding.proof;

import foldproof.fixtures.DemoImages;
import foldproof.fixtures.DemoModels;
import foldproof.quantizer.model.QModel;
import foldproof.quantizer.model.Shape;
import foldproof.quantizer.quant.InputQuantizer;

import java.util.Random;

/** The tiny demo model, one generated input and one seeded proof of it, built once per test JVM. */
final class TinyProofs {
    static final long SEED = 20261121L;

    private static ModelContext ctx;
    private static int[] input;
    private static Prover.Result result;
    private static byte[] bytes;

    private TinyProofs() { }

    static synchronized ModelContext ctx() {
        if (ctx == null) {
            ctx = ModelContext.of(DemoModels.tiny());
        }
        return ctx;
    }

    static synchronized int[] input() {
        if (input == null) {
            input = input(1);
        }
        return input;
    }

    static int[] input(long imageSeed) {
        QModel m = ctx().model();
        Shape s = m.input();
        return InputQuantizer.quantize(m, DemoImages.tensor(imageSeed, s.h(), s.w(), m.preprocess()));
    }

    static synchronized Prover.Result result() {
        if (result == null) {
            System.out.println("tiny proof seed " + SEED);
            result = prove(input(), false, SEED);
        }
        return result;
    }

    static synchronized byte[] bytes() {
        if (bytes == null) {
            bytes = ProofCodec.write(result().proof(), ctx().table());
        }
        return bytes.clone();
    }

    static Prover.Result prove(int[] in, boolean publicInput, long seed) {
        return Prover.prove(ctx(), in, new Prover.Options(publicInput, new Random(seed), true), null);
    }
}
