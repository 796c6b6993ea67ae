package foldproof.folding.proof;

import foldproof.bn254.fr.Fr;
import foldproof.bn254.g1.G1Point;
import foldproof.circuits.layers.LayerCircuit;
import foldproof.circuits.r1cs.R1CSShape;
import foldproof.circuits.r1cs.SegmentLayout;
import foldproof.folding.nifs.Accumulator;
import foldproof.folding.nifs.CoefficientClaim;
import foldproof.folding.nifs.FoldSteps;
import foldproof.folding.nifs.RelaxedInstance;
import foldproof.folding.spartan.OpeningAccumulator;
import foldproof.folding.transcript.Transcript;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * What prover and verifier must do identically: protocol constants, the transcript header (absorbed in
 * this order: protocol label, format version, model digest, public logits and label, the public-input
 * flag and input if any, the whole row table), and the construction of a tile's fresh instance from the
 * row table.
 */
public final class Protocol {
    /** Transcript domain label. */
    public static final String LABEL = "foldproof/nova-spartan";
    /** Proof format and protocol version. */
    public static final int VERSION = 9;
    /** Domain string of the Pedersen generators (hash-to-curve). */
    public static final String GENERATOR_DOMAIN = "foldproof/pedersen/bn254/v1";

    private Protocol() { }

    /**
     * Folding order within a layer. Tiles are folded in pairs: tile {@code 2k} starts a pair and tile
     * {@code 2k+1} folds into it; both are fresh, so that cross term is a vector of small integers and its
     * commitment is cheap. Each closed pair then folds into the layer's running instance (a full-width
     * cross term), except pair 0, which becomes the running instance. With an odd tile count the last tile
     * folds alone into the running instance. Every step is one Nova NIFS fold of two relaxed instances, so
     * a layer of {@code N} tiles has {@code N - 1} cross terms, stored by index:
     * {@link #pairCross} for the fold closing a pair, {@link #runningCross} for the fold of a tile or pair
     * into the running instance.
     */
    public enum Step {
        /** Tile {@code 2k}, {@code 2k+1 < N}: starts a pair (its instance is absorbed as {@code U0}). */
        PAIR_START,
        /** Tile {@code 2k+1}: folds into the pair, then the pair folds into the running instance ({@code k > 0}). */
        PAIR_CLOSE,
        /** The only tile of a one-tile layer: it is the running instance (absorbed as {@code U0}). */
        ALONE,
        /** The last tile of an odd tile count above one: folds into the running instance. */
        LAST_SINGLE
    }

    /** The folding step of {@code tile} in a layer of {@code tiles} tiles (see {@link Step}). */
    public static Step step(int tile, int tiles) {
        if ((tile & 1) == 1) {
            return Step.PAIR_CLOSE;
        }
        if (tile + 1 < tiles) {
            return Step.PAIR_START;
        }
        return tile == 0 ? Step.ALONE : Step.LAST_SINGLE;
    }

    /** Index of the cross term of the fold that closes the pair ending at (odd) {@code tile}. */
    public static int pairCross(int tile) {
        return tile - 1;
    }

    /**
     * Index of the cross term of the fold into the running instance made at {@code tile}: the pair closed
     * at odd {@code tile >= 3}, or the last single (even) tile.
     */
    public static int runningCross(int tile) {
        return (tile & 1) == 1 ? tile - 2 : tile - 1;
    }

    /**
     * Generators needed by a proof of {@code images} images: the longest committed vector over all layers, a
     * padded slot or a layer's fold-message vector (one message per fold of its {@code tiles * images} tiles
     * and one for the blinding fold, {@link FoldSteps#messageLength} entries each), padded to a power of two.
     */
    public static int generatorCount(List<R1CSShape> shapes, int[] tiles, int images) {
        int n = 1;
        for (int l = 0; l < shapes.size(); l++) {
            R1CSShape s = shapes.get(l);
            for (SegmentLayout.Slot sl : s.layout().slots()) {
                n = Math.max(n, sl.padded());
            }
            int len = FoldSteps.messageLength(Accumulator.pointVars(s));
            n = Math.max(n, 1 << CoefficientClaim.vars(FoldTree.crossTerms(tiles[l], images) + 1, len));
        }
        return n;
    }

    /** Generators of a proof of {@code images} images of the context's model ({@link #generatorCount}). */
    public static int generators(ModelContext ctx, int images) {
        if (images == 1) {
            return ctx.generators();
        }
        int[] tiles = ctx.circuits().stream().mapToInt(LayerCircuit::numTiles).toArray();
        return generatorCount(ctx.skeletons(), tiles, images);
    }

    /**
     * {@code K}: the proof's opening accumulator works over vectors of {@code 2^K} elements, the generator
     * count (a power of two: every committed vector is padded to one).
     */
    public static int openingVars(int generators) {
        if (generators <= 0 || Integer.bitCount(generators) != 1) {
            throw new IllegalStateException("generator count " + generators + " is not a power of two");
        }
        return Integer.numberOfTrailingZeros(generators);
    }

    /**
     * The merge schedule of the model's proofs ({@link OpeningAccumulator#schedule}, from the layers' shapes):
     * per layer, the number of opening claims its compression merges, 0 when they stay pending.
     */
    public static int[] mergeSchedule(ModelContext ctx, int images) {
        return OpeningAccumulator.schedule(openingVars(generators(ctx, images)), ctx.skeletons());
    }

    /** Starts the one transcript of a single-image proof and absorbs the header (the batch of one). */
    public static Transcript start(byte[] modelDigest, long[] logits, int label, int[] publicInput) {
        return start(modelDigest, List.of(logits), new int[] {label}, publicInput == null ? null : List.of(publicInput));
    }

    /**
     * Starts the one transcript of a batch proof and absorbs the statement: the batch size, then per image
     * its index, logits and label, then the public-input flag and, when set, every image's input.
     *
     * @param publicInputs null, or one input per image
     */
    public static Transcript start(byte[] modelDigest, List<long[]> logits, int[] labels, List<int[]> publicInputs) {
        Transcript tr = new Transcript(LABEL);
        tr.absorbLong("version", VERSION);
        tr.absorb("model", modelDigest);
        tr.absorbLong("batch", logits.size());
        for (int n = 0; n < logits.size(); n++) {
            tr.absorbLong("image", n);
            ByteBuffer lb = ByteBuffer.allocate(8 * logits.get(n).length);
            for (long v : logits.get(n)) {
                lb.putLong(v);
            }
            tr.absorb("logits", lb.array());
            tr.absorbLong("label", labels[n]);
        }
        tr.absorbLong("public-input", publicInputs == null ? 0 : 1);
        if (publicInputs != null) {
            for (int[] publicInput : publicInputs) {
                byte[] b = new byte[publicInput.length];
                for (int i = 0; i < b.length; i++) {
                    b[i] = (byte) publicInput[i];
                }
                tr.absorb("input", b);
            }
        }
        return tr;
    }

    /** Absorbs a single image's row table (the batch of one); see {@link #absorbRows(Transcript, List)}. */
    public static long[] absorbRows(Transcript tr, G1Point[] rows) {
        return absorbRows(tr, List.<G1Point[]>of(rows));
    }

    /**
     * Absorbs every image's row table, image after image (every row, including recomputed public input
     * rows), then squeezes the batch seed that starts every transcript of the layers' fold trees
     * ({@link FoldTree}).
     */
    public static long[] absorbRows(Transcript tr, List<G1Point[]> tables) {
        long total = 0;
        for (G1Point[] rows : tables) {
            total += rows.length;
        }
        tr.absorbLong("rows", total);
        for (G1Point[] rows : tables) {
            for (G1Point p : rows) {
                tr.absorbPoint("row", p);
            }
        }
        return tr.challengeScalar("batch-seed");
    }

    /**
     * The fresh (strict) instance {@code (comm_W, 1, x)} of one tile: IN / SKIP slot commitments are the
     * table rows {@code inRows / skipRows} name (identity for a border row, -1), the OUT slot is row
     * {@code tile} of the output tensor, AUX slots come from the proof.
     */
    public static RelaxedInstance freshInstance(LayerCircuit lc, SegmentLayout layout, int tile, RowTable table,
                                                G1Point[] rows, G1Point[] aux, long[] x) {
        G1Point[] comms = new G1Point[layout.slots().size()];
        int[] links = slotRows(lc, layout, tile, table);
        int a = 0;
        for (int s = 0; s < comms.length; s++) {
            if (links[s] == AUX_SLOT) {
                comms[s] = aux[a++];
            } else {
                comms[s] = links[s] < 0 ? G1Point.IDENTITY : rows[links[s]];
            }
        }
        return new RelaxedInstance(comms, Fr.ONE.clone(), x);
    }

    /** Marker in {@link #slotRows} for an AUX slot. */
    public static final int AUX_SLOT = Integer.MIN_VALUE;

    /**
     * For each layout slot of a tile: its table index, -1 for a border (all-zero) row, or {@link #AUX_SLOT}.
     */
    public static int[] slotRows(LayerCircuit lc, SegmentLayout layout, int tile, RowTable table) {
        List<SegmentLayout.Slot> ls = layout.slots();
        int[] in = lc.inRows(tile);
        int[] skip = lc.skipRows(tile);
        int[] out = new int[ls.size()];
        for (int s = 0; s < out.length; s++) {
            SegmentLayout.Slot sl = ls.get(s);
            switch (sl.kind()) {
                case IN:
                    out[s] = in[sl.index()] < 0 ? -1 : table.index(lc.inTensor(), in[sl.index()]);
                    break;
                case SKIP:
                    out[s] = skip[sl.index()] < 0 ? -1 : table.index(lc.skipTensor(), skip[sl.index()]);
                    break;
                case OUT:
                    out[s] = table.index(lc.outTensor(), tile);
                    break;
                default:
                    out[s] = AUX_SLOT;
            }
        }
        return out;
    }

    /**
     * Number of slots a tile commits in the proof: its AUX slot and, in a layer with lookups, its LOOKUP slot
     * (in that order: the layout's).
     */
    public static int auxSlots(SegmentLayout layout) {
        int n = 0;
        for (SegmentLayout.Slot sl : layout.slots()) {
            if (sl.kind() == SegmentLayout.Kind.AUX || sl.kind() == SegmentLayout.Kind.LOOKUP) {
                n++;
            }
        }
        return n;
    }

    /**
     * The challenges of a tile with lookups (docs/protocol.md, "Lookups"), since format 9 from a transcript of the
     * tile's own ({@code foldproof/lookup}): it absorbs the batch seed (which binds every row of every image), the
     * layer, image and tile, and the tile's first-phase commitments (every committed slot before the LOOKUP slot,
     * {@link #firstPhaseSlots}: the AUX slot in every layout), then draws {@code c} and {@code gamma}: the
     * tile's public inputs {@code x = (c, gamma)}, 8 longs. They depend on nothing the folds do, so a prover can
     * prepare tiles ahead of the folds. The LOOKUP commitment, made after, is absorbed with the whole instance
     * (on the image's transcript) before the challenge that folds it.
     */
    public static long[] lookupChallenges(long[] seed, int layer, int image, int tile, G1Point[] firstPhase) {
        Transcript tr = lookupTranscript(seed, layer, image, tile);
        for (G1Point c : firstPhase) {
            tr.absorbPoint("lookup-aux", c);
        }
        long[] x = new long[8];
        tr.challengeScalar("lookup-c", x, 0);
        tr.challengeScalar("lookup-gamma", x, 4);
        return x;
    }

    /** Number of a tile's committed slots (AUX, LOOKUP; {@link #auxSlots}) before its LOOKUP slot: its first phase. */
    public static int firstPhaseSlots(SegmentLayout layout) {
        int n = 0;
        for (SegmentLayout.Slot sl : layout.slots()) {
            if (sl.kind() == SegmentLayout.Kind.LOOKUP) {
                return n;
            }
            if (sl.kind() == SegmentLayout.Kind.AUX) {
                n++;
            }
        }
        return n;
    }

    /** Label of a tile's lookup transcript. */
    public static final String LOOKUP_LABEL = "foldproof/lookup";

    /** A tile's lookup transcript before its AUX commitment ({@link #lookupChallenges}). */
    public static Transcript lookupTranscript(long[] seed, int layer, int image, int tile) {
        Transcript tr = new Transcript(LOOKUP_LABEL);
        tr.absorbScalar("seed", seed, 0);
        tr.absorbLong("layer", layer);
        tr.absorbLong("image", image);
        tr.absorbLong("tile", tile);
        return tr;
    }

    /**
     * The blinds of a tile's committed slots (AUX, LOOKUP), drawn from {@code rnd} in slot order; zero at the
     * slots the row table commits (the prover copies those rows' blinds in).
     */
    public static long[] auxBlinds(LayerCircuit lc, SegmentLayout layout, int tile, RowTable table, java.util.Random rnd) {
        int[] links = slotRows(lc, layout, tile, table);
        long[] blinds = new long[4 * links.length];
        for (int s = 0; s < links.length; s++) {
            if (links[s] == AUX_SLOT) {
                foldproof.folding.nifs.Scalars.random(rnd, blinds, 4 * s);
            }
        }
        return blinds;
    }

    /** Public inputs of a tile as field elements: the logits for a layer with public inputs, else none. */
    public static long[] publicX(R1CSShape shape, long[] logits) {
        int np = shape.layout().numPublic();
        long[] x = new long[4 * np];
        if (np == 0) {
            return x;
        }
        if (np != logits.length) {
            throw new IllegalStateException(shape.name() + " has " + np + " public inputs but the model has "
                    + logits.length + " logits");
        }
        for (int i = 0; i < np; i++) {
            Fr.fromLong(logits[i], x, 4 * i);
        }
        return x;
    }

    /** Index of the largest logit (the first one on ties), as the integer inference defines the label. */
    public static int argmax(long[] logits) {
        int best = 0;
        for (int j = 1; j < logits.length; j++) {
            if (logits[j] > logits[best]) {
                best = j;
            }
        }
        return best;
    }
}
