package foldproof.folding.proof;

import foldproof.bn254.fr.Fr;
import foldproof.bn254.g1.G1Point;
import foldproof.circuits.layers.LayerCircuit;
import foldproof.circuits.layers.TileWitness;
import foldproof.circuits.r1cs.ConstraintSystem;
import foldproof.circuits.r1cs.Lc;
import foldproof.circuits.r1cs.MatVec;
import foldproof.circuits.r1cs.R1CSShape;
import foldproof.circuits.r1cs.SegmentLayout;
import foldproof.folding.commit.PedersenKey;
import foldproof.folding.nifs.Accumulator;
import foldproof.folding.nifs.FreshTile;
import foldproof.folding.nifs.Nifs;
import foldproof.folding.nifs.RandomInstance;
import foldproof.folding.nifs.RelaxedInstance;
import foldproof.folding.nifs.RelaxedWitness;
import foldproof.folding.nifs.Scalars;
import foldproof.folding.spartan.CheatingCompression;
import foldproof.folding.spartan.CompressedProof;
import foldproof.folding.spartan.FinalOpening;
import foldproof.folding.spartan.LayerCompressor;
import foldproof.folding.spartan.OpeningAccumulator;
import foldproof.folding.transcript.Transcript;
import foldproof.quantizer.quant.IntTrace;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * A malicious prover for the soundness suite: {@link Prover}'s steps, in its order and with its pieces (row
 * table, {@link Accumulator} pairwise NIFS folds, {@link RandomInstance} blinding, {@link LayerCompressor},
 * {@link OpeningAccumulator}), with a hook ({@link Cheat}) at every point where a cheating prover can deviate:
 * the trace it commits to, a tile's witness, the row table before or after the challenges that depend on it,
 * the vector behind an AUX commitment, the relaxation of a fresh tile, the blinding instance, the model
 * digest. Everything after a deviation is computed honestly from what the cheat left, so the proof is
 * well-formed and the verifier has to find the deviation itself. With {@link Cheat#NONE} the proof is the
 * real prover's, byte for byte (FalseWitnessAttackTest checks it): a rejected attack is rejected for its cheat.
 * It never checks a witness; it reports every constraint a tile witness fails ({@link Result#failures}).
 */
final class MaliciousProver {
    /** Where to cheat; every default is the honest step. */
    interface Cheat {
        Cheat NONE = new Cheat() { };

        /** The model digest the transcript absorbs and the proof names. */
        default byte[] digest(byte[] honest) {
            return honest;
        }

        /** The witness of a tile (the trace's by default). */
        default TileWitness witness(int layer, int tile, Supplier<TileWitness> honest) {
            return honest.get();
        }

        /**
         * May replace rows of the table (commitment and blind, in place) before the table is absorbed
         * ({@code beforeLayer = -1}) or before layer {@code beforeLayer} is proven, i.e. after every challenge
         * (all of which depend on the absorbed table). The proof carries the table as it is at the end.
         */
        default void rows(int beforeLayer, G1Point[] rows, long[] rowBlinds, PedersenKey key) { }

        /**
         * The vector committed for an AUX slot of a tile (its witness, zero-padded to {@code padded}). A longer
         * vector has weight on generators past the slot's length; the prover then carries it through the
         * folds and opens it whole. Only tile 0 (the start of the layer's running instance) may do that.
         */
        default long[] auxCommitted(int layer, int tile, long[] padded) {
            return padded;
        }

        /**
         * Whether to fold this tile as a relaxed pair whose {@code E} is its error vector
         * {@code A z o B z - C z} (non-zero for a witness failing a constraint) rather than as a fresh tile
         * ({@code E = 0}); its instance is still the fresh one the verifier builds ({@code comm_E} identity).
         * Only for tiles folded into a pair (odd tiles).
         */
        default boolean relaxedFresh(int layer, int tile) {
            return false;
        }

        /**
         * Lookups: whether the tile's challenges {@code c, gamma} are drawn before its first-phase (AUX)
         * commitment is absorbed (the honest prover absorbs it first; the verifier always does).
         */
        default boolean challengesBeforeAux(int layer, int tile) {
            return false;
        }

        /**
         * Lookups: may change the tile's first-phase slots after its challenges are drawn (e.g. multiplicities
         * chosen knowing {@code c}); the AUX commitment stays the one made before. Returns the slots to fold.
         */
        default long[][] afterChallenges(int layer, int tile, long[] challenges, long[][] slots) {
            return slots;
        }

        /** Lookups: may change the second-phase helpers (Fr, 4 limbs each) before they are committed and folded. */
        default void helpers(int layer, int tile, long[] challenges, long[] helpers) { }

        /** The blinding instance folded in before compression (the sampled one by default). */
        default RandomInstance blinding(int layer, R1CSShape shape, RandomInstance sampled, PedersenKey key) {
            return sampled;
        }
    }

    /** A constraint a tile witness fails, with its label path (e.g. {@code conv/tile 1/requant[c=2, x=1]}). */
    record Failure(int layer, int tile, int constraint, String label, int indexInGadget) { }

    record Result(Proof proof, List<Failure> failures) {
        byte[] bytes(ModelContext ctx) {
            return ProofCodec.write(proof, ctx.table());
        }
    }

    private MaliciousProver() { }

    /** Proves {@code trace} for {@code ctx}'s model with every blind drawn from {@code new Random(seed)}. */
    static Result prove(ModelContext ctx, IntTrace trace, Cheat cheat, long seed) {
        Random rnd = new Random(seed);
        List<Failure> failures = new ArrayList<>();
        long[] logits = trace.logits().clone();
        int label = Protocol.argmax(logits);
        byte[] digest = cheat.digest(ctx.digest());

        PedersenKey key = PedersenKey.setup(Protocol.GENERATOR_DOMAIN, ctx.generators());
        RowTable table = ctx.table();
        G1Point[] rows = new G1Point[table.size()];
        long[] rowBlinds = new long[4 * table.size()];
        for (int t = 0; t < table.numTensors(); t++) {
            if (!table.contains(t)) {
                continue;
            }
            int[] chw = trace.tensor(t);
            for (int y = 0; y < table.height(t); y++) {
                int i = table.index(t, y);
                long[] row = RowTable.row(chw, ctx.shapes().get(t), y);
                Scalars.random(rnd, rowBlinds, 4 * i);
                rows[i] = key.commitSmall(row, 0, row.length, slice(rowBlinds, i));
            }
        }
        cheat.rows(-1, rows, rowBlinds, key);
        Transcript tr = Protocol.start(digest, logits, label, null);
        long[] batchSeed = Protocol.absorbRows(tr, rows);

        List<LayerProof> layers = new ArrayList<>();
        List<LayerCircuit> circuits = ctx.circuits();
        OpeningAccumulator openings = new OpeningAccumulator(Protocol.openingVars(ctx.generators()));
        int[] merges = Protocol.mergeSchedule(ctx, 1);
        for (int l = 0; l < circuits.size(); l++) {
            cheat.rows(l, rows, rowBlinds, key);
            LayerCircuit lc = circuits.get(l);
            R1CSShape shape = lc.shape();
            List<SegmentLayout.Slot> slots = shape.layout().slots();
            int nAux = Protocol.auxSlots(shape.layout());
            long[] x = lc.hasLookups() ? null : Protocol.publicX(shape, logits);
            foldproof.folding.nifs.LookupRows lookupRows = lc.hasLookups() ? foldproof.folding.nifs.LookupRows.of(shape) : null;
            Transcript it = FoldTree.imageTranscript(batchSeed, l, 0);   // format 7: the image's subtree transcript
            // drawn where the prover draws it: before the layer's tiles (its commitments are made while they fold)
            RandomInstance sampled = RandomInstance.sample(shape, key, rnd);
            G1Point[][] aux = new G1Point[lc.numTiles()][nAux];
            G1Point[] cross = new G1Point[lc.numTiles() - 1];
            Accumulator acc = null;
            Accumulator pair = null;
            boolean longSlots = false;
            // every tile's blinds first, in tile and slot order, as the prover draws them
            long[][] tileBlinds = new long[lc.numTiles()][];
            for (int t = 0; t < lc.numTiles(); t++) {
                tileBlinds[t] = Protocol.auxBlinds(lc, shape.layout(), t, table, rnd);
            }
            for (int tile = 0; tile < lc.numTiles(); tile++) {
                int tileIndex = tile;
                TileWitness tw = cheat.witness(l, tile, () -> lc.witness(trace, tileIndex));
                failures.addAll(failures(lc, l, tw));
                FreshTile ft = lookupRows == null ? FreshTile.of(shape, tw.slots(), tw.publicInputs())
                        : FreshTile.phaseOne(shape, lookupRows, tw.slots());
                int[] links = Protocol.slotRows(lc, shape.layout(), tile, table);
                G1Point[] comms = new G1Point[slots.size()];
                long[] blinds = new long[4 * slots.size()];
                long[][] extended = new long[slots.size()][];
                int a = 0;
                long[] tileX = x;
                for (int s = 0; s < comms.length; s++) {
                    if (s == ft.lookupSlot()) {
                        if (cheat.challengesBeforeAux(l, tile)) {
                            // draws c, gamma from the tile's lookup transcript without the AUX commitment
                            Transcript lt = Protocol.lookupTranscript(batchSeed, l, 0, tile);
                            tileX = new long[8];
                            lt.challengeScalar("lookup-c", tileX, 0);
                            lt.challengeScalar("lookup-gamma", tileX, 4);
                        } else {
                            tileX = Protocol.lookupChallenges(batchSeed, l, 0, tile, java.util.Arrays.copyOf(aux[tile], a));
                        }
                        long[][] later = cheat.afterChallenges(l, tile, tileX, tw.slots());
                        if (later != tw.slots()) {
                            ft = FreshTile.phaseOne(shape, lookupRows, later);
                        }
                        ft.phaseTwo(tileX);
                        cheat.helpers(l, tile, tileX, ft.helpers());
                        ft.helpersChanged();
                        System.arraycopy(tileBlinds[tile], 4 * s, blinds, 4 * s, 4);
                        comms[s] = key.commitGrouped(ft.helpers(), slots.get(s).length(), slice(blinds, s));
                        aux[tile][a++] = comms[s];
                    } else if (links[s] == Protocol.AUX_SLOT) {
                        System.arraycopy(tileBlinds[tile], 4 * s, blinds, 4 * s, 4);
                        long[] v = cheat.auxCommitted(l, tile, ft.slot(s));
                        if (v.length > ft.slot(s).length) {
                            if (tile != 0) {
                                throw new IllegalArgumentException("only tile 0 may commit past a slot's length");
                            }
                            extended[s] = v;
                            longSlots = true;
                        }
                        comms[s] = key.commitSmall(v, 0, v.length, slice(blinds, s));
                        aux[tile][a++] = comms[s];
                    } else if (links[s] < 0) {
                        comms[s] = G1Point.IDENTITY;
                    } else {
                        comms[s] = rows[links[s]];
                        System.arraycopy(rowBlinds, 4 * links[s], blinds, 4 * s, 4);
                    }
                }
                RelaxedInstance u2 = new RelaxedInstance(comms, Fr.ONE.clone(), tileX);
                boolean relaxed = cheat.relaxedFresh(l, tile);
                if (relaxed && (tile & 1) == 0) {
                    throw new IllegalArgumentException("relaxedFresh is for odd tiles (folded into a pair)");
                }
                it.absorbLong("tile", tile);
                switch (Protocol.step(tile, lc.numTiles())) {
                    case PAIR_START:
                        Nifs.absorbInstance(it, "U0", u2);
                        pair = start(ft, u2, blinds, extended);
                        break;
                    case PAIR_CLOSE:
                        int pc = Protocol.pairCross(tile);
                        cross[pc] = relaxed
                                ? pair.foldRelaxed(relaxedTile(shape, tw, u2, blinds), pc, it, key, rnd)
                                : pair.foldFresh(ft, u2, blinds, pc, it, key, rnd);
                        if (acc == null) {
                            acc = pair;
                        } else {
                            int rc = Protocol.runningCross(tile);
                            cross[rc] = acc.foldRelaxed(pair, rc, it, key, rnd);
                        }
                        pair = null;
                        break;
                    case ALONE:
                        Nifs.absorbInstance(it, "U0", u2);
                        acc = start(ft, u2, blinds, extended);
                        break;
                    default: // LAST_SINGLE
                        int lc2 = Protocol.runningCross(tile);
                        cross[lc2] = acc.foldFresh(ft, u2, blinds, lc2, it, key, rnd);
                        break;
                }
            }
            tr.absorbLong("layer", l);
            tr.absorbScalar("fold-root", FoldTree.digest(it), 0);
            RandomInstance blinding = cheat.blinding(l, shape, sampled, key);
            int count = cross.length + 1;
            G1Point blindT = acc.foldRelaxed(blinding, count - 1, tr, key, rnd);
            // format 5: the folded instance is not absorbed (the compression absorbs its u and x only)
            CompressedProof cp = longSlots
                    ? CheatingCompression.proveLongSlots(shape, acc.instance(), acc.witness(), acc.coefficientClaim(count), tr,
                            openings, merges[l] > 0)
                    : LayerCompressor.prove(shape, acc.instance(), acc.witness(), acc.coefficientClaim(count), tr, openings,
                            merges[l] > 0);
            layers.add(new LayerProof(aux, cross, blinding.instance(), blindT, cp));
            lc.dropShape();
        }
        FinalOpening opening = openings.finish(key, tr);
        return new Result(new Proof(digest, logits, label, null, rows, layers, opening), List.copyOf(failures));
    }

    /** {@link Accumulator#start}, then the slots committed past their length carried whole (coefficient 1 in every later fold). */
    private static Accumulator start(FreshTile ft, RelaxedInstance u, long[] blinds, long[][] extended) {
        Accumulator acc = Accumulator.start(ft, u, blinds);
        for (int s = 0; s < extended.length; s++) {
            if (extended[s] != null) {
                acc.witness().slots()[s] = toFr(extended[s], extended[s].length);
            }
        }
        return acc;
    }

    /**
     * The tile as a pair folded the way the blinding instance is (a direct fold whose message carries its own
     * {@code e_r = sum eq(tau, i) f_i(z)}, nonzero exactly when the witness fails), under the fresh instance
     * {@code U} the verifier builds: the prover's claim then keeps the tile's error, which the verifier's
     * coefficients (for a strict tile: no such entry) leave out.
     */
    private static RandomInstance relaxedTile(R1CSShape shape, TileWitness tw, RelaxedInstance u, long[] blinds) {
        SegmentLayout lay = shape.layout();
        int m = shape.numConstraints();
        int mPad = Accumulator.eLength(shape);
        long[] z = tw.z(lay);
        long[] az = new long[m];
        long[] bz = new long[m];
        long[] cz = new long[m];
        MatVec.mulLong(shape.a(), z, az, null);
        MatVec.mulLong(shape.b(), z, bz, null);
        MatVec.mulLong(shape.c(), z, cz, null);
        long[][] w = new long[lay.slots().size()][];
        for (int s = 0; s < w.length; s++) {
            long[] padded = new long[lay.slots().get(s).padded()];
            System.arraycopy(tw.slots()[s], 0, padded, 0, tw.slots()[s].length);
            w[s] = toFr(padded, padded.length);
        }
        RelaxedWitness wit = new RelaxedWitness(w, blinds.clone(), new long[4]);
        return new RandomInstance(u, wit, pad(toFr(az, m), mPad), pad(toFr(bz, m), mPad), pad(toFr(cz, m), mPad));
    }

    /**
     * The blinding instance with its product {@code C z} one off at constraint {@code row}: the prover's fold message
     * (its cross term and {@code e_r}) is then computed from products its committed W does not have, so the folded
     * claim is false.
     */
    static RandomInstance unsatisfying(RandomInstance ri, int row, PedersenKey key) {
        long[] cz = ri.cz().clone();
        Fr.add(cz, 4 * row, Fr.ONE, 0, cz, 4 * row);
        return new RandomInstance(ri.instance(), ri.witness(), ri.az(), ri.bz(), cz);
    }

    /**
     * The pair scaled by {@code lambda}: {@code (lambda W, u = lambda, lambda x)}, with commitments, blinds and
     * products scaled alike: its {@code u} is not the protocol's fixed 1 (for {@code lambda != 1}).
     */
    static RandomInstance scaled(RandomInstance ri, long lambda) {
        long[] l = new long[4];
        Fr.fromLong(lambda, l, 0);
        RelaxedInstance u = ri.instance();
        RelaxedWitness w = ri.witness();
        G1Point[] comms = new G1Point[u.numSlots()];
        long[][] slots = new long[comms.length][];
        for (int s = 0; s < comms.length; s++) {
            comms[s] = u.slotComms()[s].mul(l);
            slots[s] = times(l, w.slots()[s]);
        }
        RelaxedInstance su = new RelaxedInstance(comms, times(l, u.u()), times(l, u.x()));
        RelaxedWitness sw = new RelaxedWitness(slots, times(l, w.slotBlinds()), new long[4]);
        return new RandomInstance(su, sw, times(l, ri.az()), times(l, ri.bz()), times(l, ri.cz()));
    }

    private static long[] times(long[] k, long[] v) {
        long[] out = new long[v.length];
        Fr.scale(k, 0, v, 0, out, 0, v.length / 4);
        return out;
    }

    /** Every constraint {@code tw} fails, with its label; empty for a satisfying tile. */
    static List<Failure> failures(LayerCircuit lc, int layer, TileWitness tw) {
        if (lc.hasLookups()) {
            // lookup rows hold second-phase helpers: the checker evaluates the rest and every lookup by
            // membership and count, and names the first failure (index -1: not a position in a gadget)
            return foldproof.circuits.check.Checker.check(lc, tw)
                    .map(f -> List.of(new Failure(layer, tw.tile(), f.constraint(), f.label() + ": " + f.detail(), -1)))
                    .orElse(List.of());
        }
        R1CSShape shape = lc.shape();
        long[] z = tw.z(shape.layout());
        int m = shape.numConstraints();
        long[] az = new long[m];
        long[] bz = new long[m];
        long[] cz = new long[m];
        MatVec.mulLong(shape.a(), z, az, null);
        MatVec.mulLong(shape.b(), z, bz, null);
        MatVec.mulLong(shape.c(), z, cz, null);
        List<Failure> out = new ArrayList<>();
        String[] labels = null;
        for (int i = 0; i < m; i++) {
            if (!MatVec.productEquals(az[i], bz[i], cz[i])) {
                labels = labels == null ? Labels.of(lc, tw.tile()) : labels;
                int first = i;
                while (first > 0 && labels[first - 1].equals(labels[i])) {
                    first--;
                }
                out.add(new Failure(layer, tw.tile(), i, labels[i], i - first));
            }
        }
        return out;
    }

    /** The label path of every constraint of a tile, in order (synthesized once, formatted eagerly). */
    static final class Labels extends ConstraintSystem {
        private final List<String> paths = new ArrayList<>();

        private Labels(int auxSlot) {
            super(auxSlot);
        }

        static String[] of(LayerCircuit lc, int tile) {
            Labels cs = new Labels(lc.shape().layout().slots().size() - 1);
            try (var ns = cs.push(lc.name()); var ts = cs.push("tile", tile)) {
                lc.synthesize(cs);
            }
            return cs.paths.toArray(new String[0]);
        }

        @Override
        protected void record(Lc a, Lc b, Lc c, int index) {
            paths.add(path());
        }
    }

    private static long[] toFr(long[] v, int n) {
        long[] out = new long[4 * n];
        for (int i = 0; i < n; i++) {
            Fr.fromLong(v[i], out, 4 * i);
        }
        return out;
    }

    private static long[] pad(long[] fr, int n) {
        return fr.length >= 4 * n ? fr : java.util.Arrays.copyOf(fr, 4 * n);
    }

    private static long[] slice(long[] v, int i) {
        long[] o = new long[4];
        System.arraycopy(v, 4 * i, o, 0, 4);
        return o;
    }
}
