package foldproof.folding.spartan;

import foldproof.circuits.r1cs.R1CSShape;
import foldproof.folding.ipa.IpaProof;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Spartan proof for one layer's folded relaxed R1CS instance ({@link LayerCompressor}). Every length is
 * fixed by the shape ({@link Dims}); the encoding has no length fields:
 * <pre>
 *   sum-check 1   s rounds x 4 scalars (p(0), p(1), p(2), p(3))
 *   claims        Az(r_x), Bz(r_x), Cz(r_x), E(r_x)
 *   sum-check 2   m rounds x 3 scalars
 *   slot values   one scalar per layout slot: slot_i(its part of r_y)
 *   rhoW          per slot-size group g: the revealed batched blinding factor of its W opening
 *   rhoE          the revealed blinding factor of E
 *   IPA of W      per group g: groupVars[g] rounds (L, R) + final scalar
 *   IPA of E      s rounds (L, R) + final scalar
 * </pre>
 * Slots are opened in groups of equal padded size, never zero-extended to a common length: an opening of
 * length {@code 2^k} over {@code G_0..G_{2^k-1}} is what proves that a slot commitment has no component
 * past its padded length (a zero-extended opening would let such a component leak into the next slots of
 * z and break the row links between layers).
 * Scalars are 32-byte canonical big-endian (rejected when {@code >= r}), points 32-byte compressed
 * (rejected unless canonical and on the curve).
 */
public final class CompressedProof {
    final long[] sc1;
    final long[] claims;
    final long[] sc2;
    final long[] slotEvals;
    final long[] rhoW;  // one per group
    final long[] rhoE;
    final IpaProof[] ipaW;
    final IpaProof ipaE;

    CompressedProof(long[] sc1, long[] claims, long[] sc2, long[] slotEvals, long[] rhoW, long[] rhoE,
                    IpaProof[] ipaW, IpaProof ipaE) {
        this.sc1 = sc1;
        this.claims = claims;
        this.sc2 = sc2;
        this.slotEvals = slotEvals;
        this.rhoW = rhoW;
        this.rhoE = rhoE;
        this.ipaW = ipaW;
        this.ipaE = ipaE;
    }

    /** Encoded size in bytes of a proof for {@code shape}. */
    public static int encodedSize(R1CSShape shape) {
        Dims d = Dims.of(shape);
        int size = 32 * (4 * d.s() + 4 + 3 * d.m() + d.numSlots() + d.numGroups() + 1)
                + IpaProof.encodedSize(d.s());
        for (int v : d.groupVars()) {
            size += IpaProof.encodedSize(v);
        }
        return size;
    }

    public void write(DataOutput out) throws IOException {
        writeScalars(out, sc1);
        writeScalars(out, claims);
        writeScalars(out, sc2);
        writeScalars(out, slotEvals);
        writeScalars(out, rhoW);
        writeScalars(out, rhoE);
        for (IpaProof p : ipaW) {
            p.write(out);
        }
        ipaE.write(out);
    }

    /**
     * Strict read of a proof for {@code shape}: reads exactly {@link #encodedSize} bytes; throws
     * {@link foldproof.folding.ProofException} on an out-of-range scalar or invalid point and
     * {@link java.io.EOFException} on truncation. Trailing data is the caller's to reject.
     */
    public static CompressedProof read(DataInput in, R1CSShape shape) throws IOException {
        Dims d = Dims.of(shape);
        long[] sc1 = readScalars(in, 4 * d.s(), "sum-check 1");
        long[] claims = readScalars(in, 4, "sum-check 1 claims");
        long[] sc2 = readScalars(in, 3 * d.m(), "sum-check 2");
        long[] slotEvals = readScalars(in, d.numSlots(), "slot evaluations");
        long[] rhoW = readScalars(in, d.numGroups(), "W blinding factors");
        long[] rhoE = readScalars(in, 1, "E blinding factor");
        IpaProof[] ipaW = new IpaProof[d.numGroups()];
        for (int g = 0; g < ipaW.length; g++) {
            ipaW[g] = IpaProof.read(in, d.groupVars()[g], "IPA of W group " + g);
        }
        IpaProof ipaE = IpaProof.read(in, d.s(), "IPA of E");
        return new CompressedProof(sc1, claims, sc2, slotEvals, rhoW, rhoE, ipaW, ipaE);
    }

    private static void writeScalars(DataOutput out, long[] v) throws IOException {
        byte[] b = new byte[32];
        for (int i = 0; i < v.length / 4; i++) {
            foldproof.circuits.field.Fr.toBytes(v, 4 * i, b, 0);
            out.write(b);
        }
    }

    private static long[] readScalars(DataInput in, int n, String what) throws IOException {
        long[] v = new long[4 * n];
        for (int i = 0; i < n; i++) {
            IpaProof.readScalar(in, v, 4 * i, what + " [" + i + "]");
        }
        return v;
    }
}
