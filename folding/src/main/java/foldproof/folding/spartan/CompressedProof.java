package foldproof.folding.spartan;

import foldproof.circuits.r1cs.R1CSShape;
import foldproof.folding.ipa.IpaProof;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Spartan proof for one layer's folded relaxed R1CS instance ({@link LayerCompressor}). Every length is
 * fixed by the shape ({@link Dims}) and the proof's opening-accumulator size {@code K}; the encoding has
 * no length fields:
 * <pre>
 *   sum-check 1   s rounds x 3 scalars (p(0), p(2), p(3))
 *   claims        Az(r_x), Bz(r_x), Cz(r_x), e (the folded instance's claim, the sum-check's claimed sum)
 *   sum-check 2   m rounds x 2 scalars (p(0), p(2))
 *   slot values   one scalar per layout slot: slot_i(its part of r_y)
 *   openings      only at a layer that closes a batch of the merge schedule ({@link OpeningAccumulator#schedule}):
 *                 the merge of the batch's claims (the pending ones of earlier layers, then the layer's own:
 *                 one per slot-size group, then the fold messages') into the proof's opening accumulator: K rounds x 2 scalars,
 *                 then acc(r) and one value per claim ({@link OpeningAccumulator})
 * </pre>
 * Slots are claimed in groups of equal padded size {@code 2^k}; the accumulator's random pad coordinates
 * prove that a slot commitment has no component past its padded length (such a component would leak into
 * the next slots of z and break the row links between layers).
 * Scalars are 32-byte canonical big-endian (rejected when {@code >= r}).
 */
public final class CompressedProof {
    final long[] sc1;
    final long[] claims;
    final long[] sc2;
    final long[] slotEvals;
    final long[] openings;

    CompressedProof(long[] sc1, long[] claims, long[] sc2, long[] slotEvals, long[] openings) {
        this.sc1 = sc1;
        this.claims = claims;
        this.sc2 = sc2;
        this.slotEvals = slotEvals;
        this.openings = openings;
    }

    /** Opening claims a layer of {@code shape} queues: one per slot-size group, then the fold messages'. */
    public static int claims(R1CSShape shape) {
        return Dims.of(shape).numGroups() + 1;
    }

    /**
     * Encoded size in bytes of a proof for {@code shape} in a proof whose accumulator has {@code vars}
     * variables, at a layer that merges {@code merged} claims (0: none, its claims stay pending).
     */
    public static int encodedSize(R1CSShape shape, int vars, int merged) {
        Dims d = Dims.of(shape);
        return 32 * (3 * d.s() + 4 + 2 * d.m() + d.numSlots() + mergeScalars(vars, merged));
    }

    private static int mergeScalars(int vars, int merged) {
        return merged == 0 ? 0 : OpeningAccumulator.scalarsPerBatch(vars, merged);
    }

    public void write(DataOutput out) throws IOException {
        writeScalars(out, sc1);
        writeScalars(out, claims);
        writeScalars(out, sc2);
        writeScalars(out, slotEvals);
        writeScalars(out, openings);
    }

    /**
     * Strict read of a proof for {@code shape} with an accumulator of {@code vars} variables at a layer that
     * merges {@code merged} claims (the merge schedule's count, never the file's): reads exactly
     * {@link #encodedSize} bytes; throws {@link foldproof.folding.ProofException} on an out-of-range scalar
     * and {@link java.io.EOFException} on truncation. Trailing data is the caller's to reject.
     */
    public static CompressedProof read(DataInput in, R1CSShape shape, int vars, int merged) throws IOException {
        Dims d = Dims.of(shape);
        long[] sc1 = readScalars(in, 3 * d.s(), "sum-check 1");
        long[] claims = readScalars(in, 4, "sum-check 1 claims");
        long[] sc2 = readScalars(in, 2 * d.m(), "sum-check 2");
        long[] slotEvals = readScalars(in, d.numSlots(), "slot evaluations");
        long[] openings = readScalars(in, mergeScalars(vars, merged), "opening accumulation");
        return new CompressedProof(sc1, claims, sc2, slotEvals, openings);
    }

    private static void writeScalars(DataOutput out, long[] v) throws IOException {
        byte[] b = new byte[32];
        for (int i = 0; i < v.length / 4; i++) {
            foldproof.bn254.fr.Fr.toBytes(v, 4 * i, b, 0);
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
