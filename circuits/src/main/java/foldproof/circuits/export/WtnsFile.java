package foldproof.circuits.export;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes a witness in the iden3 binary witness format ({@code .wtns}, version 2, as written by circom's
 * witness calculators and read by snarkjs): section 1 = field size 32, the prime r, the number of values;
 * section 2 = the values, 32 bytes each, canonical in {@code [0, r)}, little-endian (a negative integer
 * {@code v} as {@code r - |v|}). Value {@code i} is wire {@code i} of the matching {@code .r1cs}; value 0
 * is the constant 1.
 */
public final class WtnsFile {
    private WtnsFile() { }

    /** Writes {@code values} (wire order, {@code values[0] == 1}) to {@code out} (flushed, not closed). */
    public static void write(long[] values, OutputStream out) throws IOException {
        if (values.length == 0 || values[0] != 1) {
            throw new IllegalArgumentException("a witness starts with the constant 1");
        }
        LeOutput le = new LeOutput(out);
        le.fileHeader("wtns", 2, 2);
        le.section(1, 4 + LeOutput.N8 + 4);
        le.u32(LeOutput.N8);
        le.prime();
        le.u32(values.length);
        le.section(2, (long) LeOutput.N8 * values.length);
        for (long v : values) {
            le.field(v);
        }
        le.flush();
    }
}
