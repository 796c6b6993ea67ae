package foldproof.folding.spartan;

import foldproof.circuits.r1cs.R1CSShape;
import foldproof.folding.nifs.CoefficientClaim;
import foldproof.folding.nifs.RelaxedInstance;
import foldproof.folding.nifs.RelaxedWitness;
import foldproof.folding.transcript.Transcript;

/**
 * Test access to the compression's one cheating mode, for the malicious prover of the proof package: slot
 * witnesses longer than their padded length, opened as a whole ({@link LayerCompressor}'s package-private
 * {@code longSlots} mode). Not reachable from main code.
 */
public final class CheatingCompression {
    private CheatingCompression() { }

    /** Compresses a layer whose witness slots may run past their padded length. */
    public static CompressedProof proveLongSlots(R1CSShape shape, RelaxedInstance inst, RelaxedWitness w,
                                                 CoefficientClaim coeffs, Transcript tr, OpeningAccumulator openings,
                                                 boolean merge) {
        return LayerCompressor.prove(shape, inst, w, coeffs, null, tr, openings, merge, true);
    }
}
