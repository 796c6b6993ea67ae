package foldproof.folding.spartan;

import foldproof.bn254.fr.Fr;
import foldproof.folding.ipa.IpaProof;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The opening of the proof-wide accumulated evaluation claim ({@link OpeningAccumulator}): the revealed
 * blinding factor and one inner-product argument of {@code K} rounds. Encoding: {@code rho} (32-byte
 * canonical scalar), then the IPA ({@link IpaProof}); {@code K} comes from the model, never from the bytes.
 *
 * @param rho the accumulated blinding factor ({@code 4} longs)
 * @param ipa the inner-product argument
 */
public record FinalOpening(long[] rho, IpaProof ipa) {
    public FinalOpening {
        if (rho.length != 4) {
            throw new IllegalArgumentException("rho has " + rho.length + " longs");
        }
    }

    /** Encoded size in bytes for an accumulator over {@code 2^vars} elements. */
    public static int encodedSize(int vars) {
        return 32 + IpaProof.encodedSize(vars);
    }

    public void write(DataOutput out) throws IOException {
        byte[] b = new byte[32];
        Fr.toBytes(rho, 0, b, 0);
        out.write(b);
        ipa.write(out);
    }

    /** Strict read for {@code vars} rounds; throws {@link foldproof.folding.ProofException} on bad values. */
    public static FinalOpening read(DataInput in, int vars) throws IOException {
        long[] rho = new long[4];
        IpaProof.readScalar(in, rho, 0, "final opening blinding factor");
        return new FinalOpening(rho, IpaProof.read(in, vars, "final opening IPA"));
    }
}
