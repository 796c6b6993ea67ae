package foldproof.folding.proof;

import foldproof.bn254.fr.Fr;
import foldproof.bn254.g1.G1Point;
import foldproof.circuits.layers.LayerCircuit;
import foldproof.circuits.layers.TileWitness;
import foldproof.circuits.r1cs.R1CSShape;
import foldproof.circuits.r1cs.SegmentLayout;
import foldproof.folding.ProofException;
import foldproof.folding.commit.PedersenKey;
import foldproof.folding.nifs.Accumulator;
import foldproof.folding.nifs.FreshTile;
import foldproof.folding.nifs.LookupRows;
import foldproof.folding.nifs.Nifs;
import foldproof.folding.nifs.RandomInstance;
import foldproof.folding.nifs.RelaxedInstance;
import foldproof.folding.nifs.Scalars;
import foldproof.folding.spartan.CompressedProof;
import foldproof.folding.spartan.FinalOpening;
import foldproof.folding.spartan.LayerCompressor;
import foldproof.folding.spartan.OpeningAccumulator;
import foldproof.folding.transcript.Transcript;
import foldproof.quantizer.quant.IntInference;
import foldproof.quantizer.quant.IntTrace;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Proves that the model of a {@link ModelContext} maps a private input to its logits. Layers are proven in
 * network order with one live {@link Accumulator}: each tile's witness is generated from the integer trace,
 * folded, and dropped; after the last tile a random satisfying instance is folded in and the layer is
 * compressed, then its buffers are dropped (memory O(layer); only the small integer trace, the row
 * table and the opening accumulator, one vector as long as the longest committed vector, live across
 * layers). One inner-product argument at the end opens every layer's accumulated evaluation claims. Transcript order: see {@link Protocol} and docs/protocol.md.
 */
public final class Prover {
    /** Per-layer progress (the CLI prints it on stderr). */
    public interface Listener {
        void layerDone(int layer, int numLayers, String name, int tiles, long nanos);
    }

    /**
     * @param publicInput  open the input in the proof (DESIGN §1 option)
     * @param random       source of every blinding factor: {@link java.security.SecureRandom} in real use;
     *                     a seeded source only for tests and benchmarks
     * @param checkWitness refuse a tile witness that does not satisfy its circuit (always on outside the
     *                     soundness tests, which turn it off to show such a proof does not verify)
     */
    public record Options(boolean publicInput, Random random, boolean checkWitness) { }

    /** Wall-clock nanoseconds per prover phase. */
    public record Stats(long inferenceNanos, long rowTableNanos, long foldNanos, long blindNanos, long compressNanos) { }

    /** A proof with its statistics. */
    public record Result(Proof proof, Stats stats) { }

    private Prover() { }

    /**
     * Test hook: replaces a tile's witness before it is folded (soundness tests feed witnesses that fail a
     * constraint through it). Production code never sets one.
     */
    interface WitnessHook {
        /** @param honest the witness the trace gives (computed only if asked for) */
        TileWitness apply(int layer, int tile, java.util.function.Supplier<TileWitness> honest);

        /**
         * The pair folded into layer {@code layer} before it is compressed: the uniform sample unless a
         * zero-knowledge test substitutes a degenerate or secret-derived one, to show its statistics notice.
         */
        default RandomInstance blinding(int layer, R1CSShape shape, PedersenKey key, Random rnd) {
            return RandomInstance.sample(shape, key, rnd);
        }
    }

    /** Proves the integer inference of {@code ctx.model()} on the quantized input {@code inputQ} (CHW, int8). */
    public static Result prove(ModelContext ctx, int[] inputQ, Options opt, Listener listener) {
        return prove(ctx, inputQ, opt, listener, null);
    }

    static Result prove(ModelContext ctx, int[] inputQ, Options opt, Listener listener, WitnessHook hook) {
        long t0 = System.nanoTime();
        if (inputQ.length != ctx.shapes().get(0).size()) {
            throw new ProofException("input has " + inputQ.length + " values, model " + ctx.model().name() + " expects "
                    + ctx.shapes().get(0));
        }
        return prove(ctx, IntInference.run(ctx.model(), inputQ), opt, listener, hook, t0);
    }

    /**
     * Proves from a given trace. Production passes the integer run's own; soundness tests pass a forged one
     * (an out-of-range input, a wrong activation) to show the verifier rejects what it commits to.
     */
    static Result prove(ModelContext ctx, IntTrace trace, Options opt, Listener listener, WitnessHook hook, long t0) {
        Random rnd = opt.random();
        int[] inputQ = trace.tensor(0);
        long[] logits = trace.logits().clone();
        int label = Protocol.argmax(logits);
        long t1 = System.nanoTime();

        PedersenKey key = PedersenKey.setup(Protocol.GENERATOR_DOMAIN, ctx.generators());
        RowTable table = ctx.table();
        G1Point[] rows = new G1Point[table.size()];
        long[] rowBlinds = new long[4 * table.size()];
        for (int t = 0; t < table.numTensors(); t++) {
            if (!table.contains(t)) {
                continue;
            }
            boolean open = opt.publicInput() && t == 0;
            int[] chw = trace.tensor(t);
            for (int y = 0; y < table.height(t); y++) {
                int i = table.index(t, y);
                long[] row = RowTable.row(chw, ctx.shapes().get(t), y);
                if (!open) {
                    Scalars.random(rnd, rowBlinds, 4 * i);
                }
                rows[i] = key.commitSmall(row, 0, row.length, slice(rowBlinds, i));
            }
        }
        int[] publicInput = opt.publicInput() ? inputQ.clone() : null;
        Transcript tr = Protocol.start(ctx.digest(), logits, label, publicInput);
        Protocol.absorbRows(tr, rows);
        long t2 = System.nanoTime();

        long foldNanos = 0;
        long blindNanos = 0;
        long compressNanos = 0;
        List<LayerProof> layers = new ArrayList<>();
        List<LayerCircuit> circuits = ctx.circuits();
        OpeningAccumulator openings = new OpeningAccumulator(Protocol.openingVars(ctx.generators()));
        for (int l = 0; l < circuits.size(); l++) {
            long ls = System.nanoTime();
            LayerCircuit lc = circuits.get(l);
            R1CSShape shape = lc.shape();
            List<SegmentLayout.Slot> slots = shape.layout().slots();
            int nAux = Protocol.auxSlots(shape.layout());
            long[] x = lc.hasLookups() ? null : Protocol.publicX(shape, logits);   // with lookups: per tile
            tr.absorbLong("layer", l);
            G1Point[][] aux = new G1Point[lc.numTiles()][nAux];
            G1Point[] cross = new G1Point[lc.numTiles() - 1];
            LookupRows lookupRows = lc.hasLookups() ? LookupRows.of(shape) : null;
            Accumulator acc = null;
            Accumulator pair = null;
            for (int tile = 0; tile < lc.numTiles(); tile++) {
                int tileIndex = tile;
                TileWitness tw = hook == null ? lc.witness(trace, tile) : hook.apply(l, tile, () -> lc.witness(trace, tileIndex));
                FreshTile ft = lookupRows == null ? FreshTile.of(shape, tw.slots(), tw.publicInputs())
                        : FreshTile.phaseOne(shape, lookupRows, tw.slots());
                int[] links = Protocol.slotRows(lc, shape.layout(), tile, table);
                G1Point[] comms = new G1Point[slots.size()];
                long[] blinds = new long[4 * slots.size()];
                int a = 0;
                long[] tileX = x;
                for (int s = 0; s < comms.length; s++) {
                    if (s == ft.lookupSlot()) {
                        // second phase: the challenges come from the first-phase AUX commitment, then the helpers
                        tileX = Protocol.lookupChallenges(tr, tile, aux[tile][a - 1]);
                        ft.phaseTwo(tileX);
                        Scalars.random(rnd, blinds, 4 * s);
                        comms[s] = key.commitGrouped(ft.helpers(), slots.get(s).length(), slice(blinds, s));
                        aux[tile][a++] = comms[s];
                    } else if (links[s] == Protocol.AUX_SLOT) {
                        Scalars.random(rnd, blinds, 4 * s);
                        comms[s] = key.commitSmall(ft.slot(s), 0, ft.slot(s).length, slice(blinds, s));
                        aux[tile][a++] = comms[s];
                    } else if (links[s] < 0) {
                        comms[s] = G1Point.IDENTITY;
                    } else {
                        comms[s] = rows[links[s]];
                        System.arraycopy(rowBlinds, 4 * links[s], blinds, 4 * s, 4);
                    }
                }
                if (opt.checkWitness()) {
                    int bad = ft.firstUnsatisfied();
                    if (bad >= 0) {
                        throw new ProofException("layer " + l + " (" + shape.name() + ") tile " + tile
                                + ": witness fails constraint " + bad + "; run `foldproof check` for its label");
                    }
                }
                RelaxedInstance u2 = new RelaxedInstance(comms, G1Point.IDENTITY, Fr.ONE.clone(), tileX);
                tr.absorbLong("tile", tile);
                switch (Protocol.step(tile, lc.numTiles())) {
                    case PAIR_START:
                        Nifs.absorbInstance(tr, "U0", u2);
                        pair = Accumulator.start(ft, u2, blinds);
                        break;
                    case PAIR_CLOSE:
                        cross[Protocol.pairCross(tile)] = pair.foldFresh(ft, u2, blinds, tr, key, rnd);
                        if (acc == null) {
                            acc = pair;
                        } else {
                            cross[Protocol.runningCross(tile)] = acc.foldRelaxed(pair, tr, key, rnd);
                        }
                        pair = null;
                        break;
                    case ALONE:
                        Nifs.absorbInstance(tr, "U0", u2);
                        acc = Accumulator.start(ft, u2, blinds);
                        break;
                    default: // LAST_SINGLE
                        cross[Protocol.runningCross(tile)] = acc.foldFresh(ft, u2, blinds, tr, key, rnd);
                        break;
                }
            }
            long lb = System.nanoTime();
            foldNanos += lb - ls;
            // zero knowledge: fold in a uniformly random satisfying instance of the same shape
            RandomInstance blinding = hook == null ? RandomInstance.sample(shape, key, rnd) : hook.blinding(l, shape, key, rnd);
            G1Point blindT = acc.foldRelaxed(blinding, tr, key, rnd);
            long lc0 = System.nanoTime();
            blindNanos += lc0 - lb;
            CompressedProof cp = LayerCompressor.prove(shape, acc.instance(), acc.witness(), tr, openings);
            long le = System.nanoTime();
            compressNanos += le - lc0;
            layers.add(new LayerProof(aux, cross, blinding.instance(), blindT, cp));
            acc = null;
            blinding = null;
            lc.dropShape();   // memory O(layer): the next layer rebuilds its own
            if (listener != null) {
                listener.layerDone(l, circuits.size(), shape.name(), lc.numTiles(), le - ls);
            }
        }
        long lo = System.nanoTime();
        FinalOpening opening = openings.finish(key, tr);
        compressNanos += System.nanoTime() - lo;
        Proof proof = new Proof(ctx.digest(), logits, label, publicInput, rows, layers, opening);
        return new Result(proof, new Stats(t1 - t0, t2 - t1, foldNanos, blindNanos, compressNanos));
    }

    private static long[] slice(long[] v, int i) {
        long[] o = new long[4];
        System.arraycopy(v, 4 * i, o, 0, 4);
        return o;
    }
}
