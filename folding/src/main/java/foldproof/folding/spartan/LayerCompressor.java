package foldproof.folding.spartan;

import foldproof.bn254.fr.Fr;
import foldproof.circuits.r1cs.R1CSShape;
import foldproof.circuits.r1cs.SegmentLayout;
import foldproof.folding.ProofException;
import foldproof.folding.VerificationException;
import foldproof.folding.nifs.CoefficientClaim;
import foldproof.folding.nifs.LinearInstance;
import foldproof.folding.nifs.RelaxedInstance;
import foldproof.folding.nifs.RelaxedWitness;
import foldproof.folding.spartan.polys.EqPoly;
import foldproof.folding.spartan.polys.Mle;
import foldproof.folding.spartan.polys.SparseMle;
import foldproof.folding.transcript.Transcript;

/**
 * Compression of one layer's folded relaxed R1CS instance: Spartan (Setty 2020, with Nova's relaxed
 * variant) plus inner-product-argument openings. Steps, in transcript order (see docs/protocol.md):
 * <ol>
 *   <li>absorb the instance's {@code u, x} and its claim's value {@code e} (its point {@code tau} comes from
 *       the folds);</li>
 *   <li>sum-check 1: {@code e = sum_x eq(tau,x) (Az(x) Bz(x) - u Cz(x))} gives {@code r_x} and the
 *       claims {@code v_A, v_B, v_C} (absorbed);</li>
 *   <li>draw {@code r_A, r_B, r_C}; sum-check 2: {@code r_A v_A + r_B v_B + r_C v_C =
 *       sum_y M(y) z(y)}, {@code M(y) = sum_i eq(r_x,i)(r_A A + r_B B + r_C C)[i,y]}, gives {@code r_y};</li>
 *   <li>the prover sends each slot's value at its part of {@code r_y} (absorbed); the verifier computes
 *       {@code z(r_y)} from them ({@link SegmentedZ}) and {@code M(r_y)} from the shape's matrices;</li>
 *   <li>draw {@code c}; per slot-size group {@code g} the claim "{@code sum_{i in g} c^i slot_i} has value
 *       {@code sum c^i slot_i(r_y)} at the last {@code k_g} coordinates of {@code r_y}", then the claim
 *       "the fold messages' vector {@code a} has {@code <lambda, a> = e}", each queued in the proof's {@link OpeningAccumulator}
 *       (one inner-product argument at the end of the proof opens them all); at a layer where the merge
 *       schedule closes a batch ({@link OpeningAccumulator#schedule}), the queued claims of this layer and of
 *       the layers before it since the last merge are merged into the running claim.</li>
 * </ol>
 * Not zero-knowledge by itself (the final opening reveals a blinding factor): the layer's witness was
 * folded with a random satisfying instance before compression.
 */
public final class LayerCompressor {
    /** {@code -Dfoldproof.spartan.timing=true} prints per-phase prover times to stderr (benchmarks). */
    private static final boolean TIMING = Boolean.getBoolean("foldproof.spartan.timing");

    private LayerCompressor() { }

    /** Transcript label of the challenge that combines a layer's fold messages. */
    static final String MESSAGES = "spartan-messages";

    private static long cpuMark;

    private static long lap(String phase, long since) {
        long now = System.nanoTime();
        if (TIMING) {
            long cpu = ((com.sun.management.OperatingSystemMXBean)
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
            System.err.printf("  spartan %-22s %8.3f s wall %8.3f s cpu%n", phase, (now - since) / 1e9,
                    (cpu - cpuMark) / 1e9);
            cpuMark = cpu;
        }
        return now;
    }

    /**
     * Proves that {@code w} satisfies {@code inst} for {@code shape}; with {@code merge}, ends by merging every
     * queued claim (this layer's and the pending ones of earlier layers) into the running claim, and the proof
     * carries that merge. Without it the layer's claims stay pending: {@code w}'s E and slot vectors must not
     * change until the merge.
     */
    public static CompressedProof prove(R1CSShape shape, RelaxedInstance inst, RelaxedWitness w, CoefficientClaim coeffs,
                                        Transcript tr, OpeningAccumulator openings, boolean merge) {
        return prove(shape, inst, w, coeffs, null, tr, openings, merge, false);
    }

    /**
     * {@link #prove} with the instance's products {@code A z, B z, C z} ({@code 4 * 2^s} longs each) given, as the
     * prover's accumulator keeps them folded: they are consumed (the sum-check binds them in place) instead of
     * recomputed from the witness.
     */
    public static CompressedProof prove(R1CSShape shape, RelaxedInstance inst, RelaxedWitness w, CoefficientClaim coeffs,
                                        long[][] products, Transcript tr, OpeningAccumulator openings, boolean merge) {
        return prove(shape, inst, w, coeffs, products, tr, openings, merge, false);
    }

    /**
     * {@link #prove}, or with {@code longSlots} (soundness tests only, package-private): a slot's witness
     * vector may run past its padded length, and each size group's opening claim then carries the whole
     * combined vector, as a prover whose slot commitment has weight on a generator past the slot's length
     * would have to (docs/protocol.md, "Slot lengths"). The claimed values are those of the first
     * {@code 2^k} entries, as in {@link #prove}.
     */
    static CompressedProof prove(R1CSShape shape, RelaxedInstance inst, RelaxedWitness w, CoefficientClaim coeffs,
                                 long[][] products, Transcript tr, OpeningAccumulator openings, boolean merge,
                                 boolean longSlots) {
        Dims d = Dims.of(shape);
        SegmentLayout layout = shape.layout();
        if (w.numSlots() != d.numSlots() || inst.numSlots() != d.numSlots()) {
            throw new ProofException("layer " + shape.name() + ": layout has " + d.numSlots() + " slots, witness "
                    + w.numSlots() + ", instance " + inst.numSlots());
        }
        if (coeffs.k() > openings.vars() || d.groupVars()[0] > openings.vars()) {
            throw new ProofException("layer " + shape.name() + ": vectors of 2^" + Math.max(coeffs.k(), d.groupVars()[0])
                    + " elements exceed the opening accumulator's 2^" + openings.vars());
        }
        if (inst.strict() || inst.tau().length != 4 * d.s()) {
            throw new ProofException("layer " + shape.name() + ": the folded instance has no point of " + d.s() + " coordinates");
        }
        long clock = lap("start", System.nanoTime());
        absorbInstance(tr, inst.u(), inst.x(), inst.numPublic(), w.e());
        // every fold message is absorbed by now: beta binds each message to its own block (CoefficientClaim)
        CoefficientClaim combined = coeffs.combine(tr.challengeScalar(MESSAGES));
        int n = 1 << d.s();
        long[] z = SegmentedZ.build(layout, w.slots(), inst.u(), inst.x());
        long[] az;
        long[] bz;
        long[] cz;
        if (products != null && products[0].length == 4 * n) {
            az = products[0];
            bz = products[1];
            cz = products[2];
        } else {
            az = new long[4 * n];
            bz = new long[4 * n];
            cz = new long[4 * n];
            SparseMle.multiply(shape.a(), z, az);
            SparseMle.multiply(shape.b(), z, bz);
            SparseMle.multiply(shape.c(), z, cz);
        }
        long[] f = new long[4 * n];
        Fr.scale(inst.u(), 0, cz, 0, f, 0, n);
        clock = lap("Az, Bz, Cz", clock);
        long[] eq = EqPoly.table(inst.tau(), 0, d.s());

        long[] sc1 = new long[12 * d.s()];
        long[] rx = new long[4 * d.s()];
        SumCheck.proveCubic(d.s(), eq, az, bz, f, tr, sc1, rx);
        clock = lap("sum-check 1", clock);
        long[] claims = new long[16];
        Fr.copy(az, 0, claims, 0);
        Fr.copy(bz, 0, claims, 4);
        Mle.evaluate(cz, n, d.s(), rx, 0, claims, 8);
        Fr.copy(w.e(), 0, claims, 12);
        tr.absorbScalars("spartan-claims", claims, 3);
        long[] rabc = challenges(tr, "spartan-rabc", 3);

        int zn = 1 << d.m();
        long[] mVec = new long[4 * zn];
        long[] eqRx = EqPoly.table(rx, 0, d.s());
        long[] wRow = new long[4 * n];
        Fr.scale(rabc, 0, eqRx, 0, wRow, 0, n);
        SparseMle.accumulateRowCombination(shape.a(), wRow, mVec);
        Fr.scale(rabc, 4, eqRx, 0, wRow, 0, n);
        SparseMle.accumulateRowCombination(shape.b(), wRow, mVec);
        Fr.scale(rabc, 8, eqRx, 0, wRow, 0, n);
        SparseMle.accumulateRowCombination(shape.c(), wRow, mVec);
        wRow = null;
        clock = lap("claims, M vector", clock);
        long[] sc2 = new long[8 * d.m()];
        long[] ry = new long[4 * d.m()];
        SumCheck.proveQuadratic(d.m(), mVec, z, tr, sc2, ry);
        mVec = null;
        z = null;

        clock = lap("sum-check 2", clock);
        long[] slotEvals = new long[4 * d.numSlots()];
        for (int i = 0; i < d.numSlots(); i++) {
            SegmentLayout.Slot slot = layout.slots().get(i);
            long[] v = w.slots()[i];
            Mle.evaluate(v, Math.min(slot.padded(), v.length / 4), SegmentedZ.slotVars(slot), ry,
                    1 + SegmentedZ.slotPointStart(layout, slot), slotEvals, 4 * i);
        }
        tr.absorbScalars("spartan-slot-evals", slotEvals, d.numSlots());

        // Claims, merged into the proof's opening accumulator: per size group g, a_g = sum_{i in g} c^i slot_i
        // at the last k_g coordinates of r_y; then the fold messages' claim <lambda, a> = e
        long[] c = tr.challengeScalar("spartan-batch");
        long[] powers = powers(c, d.numSlots());
        long[] t = new long[4];
        for (int g = 0; g < d.numGroups(); g++) {
            int kg = d.groupVars()[g];
            int len = 1 << kg;
            for (int i = 0; longSlots && i < d.numSlots(); i++) {
                len = d.slotGroup()[i] == g ? Math.max(len, w.slots()[i].length / 4) : len;
            }
            long[] aW = new long[4 * len];
            long[] yW = new long[4];
            long[] rhoW = new long[4];
            for (int i = 0; i < d.numSlots(); i++) {
                if (d.slotGroup()[i] != g) {
                    continue;
                }
                long[] v = w.slots()[i];
                Fr.axpy(powers, 4 * i, v, 0, aW, 0, Math.min(len, v.length / 4));
                Fr.mul(powers, 4 * i, w.slotBlinds(), 4 * i, t, 0);
                Fr.add(rhoW, 0, t, 0, rhoW, 0);
                Fr.mul(powers, 4 * i, slotEvals, 4 * i, t, 0);
                Fr.add(yW, 0, t, 0, yW, 0);
            }
            if (len > 1 << kg) {
                openings.claimUnchecked(aW, len, kg, ry, d.m() - kg, yW, rhoW);
            } else {
                openings.claim(aW, len, kg, ry, d.m() - kg, yW, rhoW);
            }
        }
        openings.claimExplicit(combined.a(), 1 << combined.k(), combined.k(), combined.b(), w.e(), combined.blinds());
        long[] merged = new long[merge ? 4 * OpeningAccumulator.scalarsPerBatch(openings.vars(), openings.pendingClaims()) : 0];
        if (merge) {
            openings.merge(tr, merged, 0);
        }
        lap("merge claims", clock);
        return new CompressedProof(sc1, claims, sc2, slotEvals, merged);
    }

    /** {@code 1, c, c^2, ..} ({@code count} elements). */
    static long[] powers(long[] c, int count) {
        long[] out = new long[4 * count];
        if (count > 0) {
            Fr.copy(Fr.ONE, 0, out, 0);
        }
        for (int i = 1; i < count; i++) {
            Fr.mul(out, 4 * (i - 1), c, 0, out, 4 * i);
        }
        return out;
    }

    /**
     * Absorbs the folded instance's scalars and its claim's value. Its commitments and point are not absorbed:
     * they are functions, through challenge-derived coefficients, of what the transcript already holds
     * (docs/protocol.md), so they add nothing a challenge could depend on, and the verifier never computes the
     * commitments as points.
     */
    static void absorbInstance(Transcript tr, long[] u, long[] x, int numPublic, long[] e) {
        tr.absorbScalar("spartan-u", u, 0);
        tr.absorbScalars("spartan-x", x, numPublic);
        tr.absorbScalar("spartan-e", e, 0);
    }

    static long[] challenges(Transcript tr, String label, int count) {
        long[] out = new long[4 * count];
        for (int i = 0; i < count; i++) {
            tr.challengeScalar(label, out, 4 * i);
        }
        return out;
    }

    /**
     * Checks {@code proof} for {@code inst} under {@code shape}, re-deriving every challenge from
     * {@code tr}; with {@code merge} (the merge schedule's, never the proof's), checks the merge of every
     * queued claim the proof ends with. The reason names the layer and the failing step.
     */
    public static void verify(R1CSShape shape, LinearInstance inst, CompressedProof proof, Transcript tr,
                              OpeningChecker openings, boolean merge) throws VerificationException {
        LayerVerifier.verify(shape, inst, proof, tr, openings, merge, new Scratch());
    }

    /** As above, reusing {@code scratch}'s buffers (one per proof, layer after layer). */
    public static void verify(R1CSShape shape, LinearInstance inst, CompressedProof proof, Transcript tr,
                              OpeningChecker openings, boolean merge, Scratch scratch) throws VerificationException {
        LayerVerifier.verify(shape, inst, proof, tr, openings, merge, scratch);
    }


    /**
     * The two eq tables' buffers, reused from layer to layer of a proof (they are the verifier's largest
     * allocations; reusing them keeps its garbage, and with it its resident set, flat in depth).
     */
    public static final class Scratch {
        private long[] rows = new long[0];
        private long[] cols = new long[0];

        long[] rows(int n) {
            if (rows.length < 4 * n) {
                rows = new long[4 * n];
            }
            return rows;
        }

        long[] cols(int n) {
            if (cols.length < 4 * n) {
                cols = new long[4 * n];
            }
            return cols;
        }
    }
}
