package foldproof.folding.proof;

import foldproof.folding.VerificationException;
import foldproof.quantizer.quant.IntInference;
import foldproof.quantizer.quant.IntTrace;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Prove and verify the tiny demo model end to end (every layer kind), hidden and public input. */
class ProofEndToEndTest {

    @Test
    void tinyModelProvesAndVerifies() throws VerificationException {
        ModelContext ctx = TinyProofs.ctx();
        IntTrace trace = IntInference.run(ctx.model(), TinyProofs.input());
        byte[] bytes = TinyProofs.bytes();
        long t0 = System.nanoTime();
        Verifier.Verified v = Verifier.verify(ctx, bytes);
        System.out.printf("tiny: %d layers, %d rows, proof %d bytes, verify %.3f s%n", ctx.circuits().size(),
                ctx.table().size(), bytes.length, (System.nanoTime() - t0) / 1e9);
        assertArrayEquals(trace.logits(), v.logits());
        assertEquals(trace.argmax(), v.label());
        assertNull(v.publicInput());
    }

    @Test
    void decodeThenEncodeIsIdentity() {
        byte[] bytes = TinyProofs.bytes();
        Proof p = ProofCodec.read(bytes, TinyProofs.ctx());
        assertArrayEquals(bytes, ProofCodec.write(p, TinyProofs.ctx().table()));
    }

    @Test
    void publicInputProofCarriesAndBindsTheInput() throws VerificationException {
        ModelContext ctx = TinyProofs.ctx();
        int[] in = TinyProofs.input(2);
        Prover.Result r = TinyProofs.prove(in, true, 5);
        byte[] bytes = ProofCodec.write(r.proof(), ctx.table());
        Verifier.Verified v = Verifier.verify(ctx, bytes);
        assertArrayEquals(in, v.publicInput());
        // another input in the opened section must not verify
        Proof p = ProofCodec.read(bytes, ctx);
        int[] other = in.clone();
        other[other.length / 2] = other[other.length / 2] == 0 ? 1 : 0;
        Proof forged = new Proof(p.modelDigest(), p.logits(), p.label(), other, p.rows(), p.layers(), p.opening());
        assertThrows(VerificationException.class, () -> Verifier.verify(ctx, ProofCodec.write(forged, ctx.table())));
    }
}
