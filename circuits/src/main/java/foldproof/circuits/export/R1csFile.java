package foldproof.circuits.export;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes an {@link ExportedCircuit} in the iden3 binary R1CS format ({@code .r1cs}, version 1, as read by
 * snarkjs and circom tooling; spec: iden3/r1csfile {@code doc/r1cs_bin_format.md}). Three sections:
 * <ol>
 *   <li>header: field size 32, the prime r (BN254 scalar field, snarkjs's bn128), nWires, nPubOut, nPubIn
 *       (0), nPrvIn, nLabels (= nWires, one label per wire), mConstraints;</li>
 *   <li>constraints: for each, the linear combinations A, B, C as a u32 term count and (u32 wire, 32-byte
 *       coefficient) terms sorted by wire; coefficients canonical in {@code [0, r)}, little-endian;</li>
 *   <li>wire-to-label map: one u64 per wire (the identity).</li>
 * </ol>
 * Streaming: the constraint section's size is counted in a first pass over the constraints, then the
 * constraints are generated again and written, so a whole layer never sits in memory as bytes.
 */
public final class R1csFile {
    private R1csFile() { }

    private static final int TERM_BYTES = 4 + LeOutput.N8;

    /** Writes {@code c} to {@code out} (buffered internally; {@code out} is flushed, not closed). */
    public static void write(ExportedCircuit c, OutputStream out) throws IOException {
        long m = c.numConstraints();
        if (m > 0xffffffffL) {
            throw new IllegalArgumentException(c.name() + ": " + m + " constraints do not fit the format's 32-bit count");
        }
        long[] terms = {0};
        c.forEachConstraint((a, b, cc) -> terms[0] += a.size() + b.size() + cc.size());
        long constraintBytes = m * 3 * 4 + terms[0] * TERM_BYTES;
        LeOutput le = new LeOutput(out);
        le.fileHeader("r1cs", 1, 3);
        le.section(1, 4 + LeOutput.N8 + 4 * 4 + 8 + 4);
        le.u32(LeOutput.N8);
        le.prime();
        le.u32(c.numWires());
        le.u32(c.numPublicOutputs());
        le.u32(0);
        le.u32(c.numPrivateInputs());
        le.u64(c.numWires());
        le.u32(m);
        le.section(2, constraintBytes);
        long start = le.position();
        IOException[] failure = {null};
        c.forEachConstraint((a, b, cc) -> {
            if (failure[0] == null) {
                try {
                    lc(le, a);
                    lc(le, b);
                    lc(le, cc);
                } catch (IOException e) {
                    failure[0] = e;
                }
            }
        });
        if (failure[0] != null) {
            throw failure[0];
        }
        if (le.position() - start != constraintBytes) {
            throw new IllegalStateException("constraint section: counted " + constraintBytes + " bytes, wrote " + (le.position() - start));
        }
        le.section(3, 8L * c.numWires());
        for (int w = 0; w < c.numWires(); w++) {
            le.u64(w);
        }
        le.flush();
    }

    private static void lc(LeOutput le, ExportedCircuit.Terms t) throws IOException {
        le.u32(t.size());
        for (int i = 0; i < t.size(); i++) {
            le.u32(t.wire(i));
            le.field(t.coeff(i));
        }
    }
}
