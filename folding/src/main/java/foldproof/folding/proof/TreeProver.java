package foldproof.folding.proof;

import foldproof.bn254.fr.Fr;
import foldproof.bn254.g1.G1Point;
import foldproof.circuits.layers.Activations;
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
import foldproof.folding.nifs.RelaxedInstance;
import foldproof.folding.nifs.Scalars;
import foldproof.folding.nifs.Timing;
import foldproof.folding.transcript.Transcript;
import foldproof.quantizer.quant.IntTrace;

import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * The prover's steps of a batch proof that a worker can run on its own: one image's row commitments, one
 * image's subtree of a layer's {@link FoldTree}, one node of the image tree. {@link Prover} runs them in
 * one process; the Spark engine (module {@code prover-spark}) runs the first two, and the nodes of its blocks,
 * as tasks. The per-tile work is {@link Accumulator}'s, unchanged.
 */
public final class TreeProver {
    private TreeProver() { }

    /** One image's row-commitment table with the blinding factor of every row (4 limbs each). */
    public record Rows(G1Point[] rows, long[] blinds) { }

    /** Test hook of {@link Prover}: replaces a tile witness (soundness tests). */
    interface TileHook {
        TileWitness apply(int layer, int tile, Supplier<TileWitness> honest);
    }

    /**
     * Commits every row of image's trace ({@link RowTable} order). With {@code publicInput} the input rows
     * get a zero blind (the verifier recomputes them from the opened input).
     */
    public static Rows commitRows(ModelContext ctx, IntTrace trace, boolean publicInput, PedersenKey key, Random rnd) {
        RowTable table = ctx.table();
        G1Point[] rows = new G1Point[table.size()];
        long[] blinds = new long[4 * table.size()];
        int[] tensorOf = new int[table.size()];
        int[] yOf = new int[table.size()];
        java.util.Arrays.fill(tensorOf, -1);
        // the blinds in table order on this thread (a seeded run stays reproducible), the commitments on every core
        for (int t = 0; t < table.numTensors(); t++) {
            if (!table.contains(t)) {
                continue;
            }
            boolean open = publicInput && t == 0;
            for (int y = 0; y < table.height(t); y++) {
                int i = table.index(t, y);
                tensorOf[i] = t;
                yOf[i] = y;
                if (!open) {
                    Scalars.random(rnd, blinds, 4 * i);
                }
            }
        }
        java.util.stream.IntStream.range(0, rows.length).parallel().forEach(i -> {
            if (tensorOf[i] >= 0) {
                long[] row = RowTable.row(trace.tensor(tensorOf[i]), ctx.shapes().get(tensorOf[i]), yOf[i]);
                rows[i] = key.commitSmall(row, 0, row.length, slice(blinds, i));
            }
        });
        return new Rows(rows, blinds);
    }

    /**
     * Folds the tiles of image {@code image} in layer {@code layer} into one running pair, in
     * {@link Protocol#step} order on the image's own transcript ({@link FoldTree#imageTranscript}).
     *
     * @param shape the layer's R1CS shape (built once per layer and shared by every image a worker folds)
     */
    public static Subtree image(ModelContext ctx, int layer, R1CSShape shape, Activations trace, Rows rows, long[] logits,
                                long[] seed, int image, int images, PedersenKey key, Random rnd, boolean checkWitness) {
        return image(ctx, layer, shape, trace, rows, logits, seed, image, images, key, rnd, checkWitness, null);
    }

    /** An integer trace as the circuits read it. */
    public static Activations of(IntTrace t) {
        return new Activations() {
            @Override
            public int[] tensor(int id) {
                return t.tensor(id);
            }

            @Override
            public long[] logits() {
                return t.logits();
            }
        };
    }

    static Subtree image(ModelContext ctx, int layer, R1CSShape shape, Activations trace, Rows rows, long[] logits,
                         long[] seed, int image, int images, PedersenKey key, Random rnd, boolean checkWitness, TileHook hook) {
        LayerCircuit lc = ctx.circuits().get(layer);
        RowTable table = ctx.table();
        int tiles = lc.numTiles();
        long[] x = lc.hasLookups() ? null : Protocol.publicX(shape, logits);   // with lookups: per tile
        LookupRows lookupRows = lc.hasLookups() ? LookupRows.of(shape) : null;
        Transcript tr = FoldTree.imageTranscript(seed, layer, image);
        G1Point[][] aux = new G1Point[tiles][];   // each tile's, from its preparation
        int[] crossAt = new int[tiles - 1];
        G1Point[] cross = new G1Point[tiles - 1];
        for (int i = 0; i < crossAt.length; i++) {
            crossAt[i] = FoldTree.crossIndex(tiles, image, i);
        }
        Accumulator acc = null;
        Accumulator pair = null;
        // every tile's blinds, drawn now in tile and slot order (the tiles are prepared on another core)
        long[][] tileBlinds = new long[tiles][];
        for (int t = 0; t < tiles; t++) {
            tileBlinds[t] = Protocol.auxBlinds(lc, shape.layout(), t, table, rnd);
        }
        // the next tile is prepared (witness, AUX commitment, lookup challenges from its own transcript, helpers
        // and their commitment: nothing that depends on the folds) on another core while this one folds: at most
        // two tiles live
        java.util.function.IntFunction<Prepared> prepare = t -> prepare(ctx, layer, shape, lookupRows, x, trace, rows, seed,
                image, images, t, tileBlinds[t], key, checkWitness, hook);
        java.util.concurrent.ForkJoinTask<Prepared> next = java.util.concurrent.ForkJoinTask.adapt(() -> prepare.apply(0)).fork();
        for (int tile = 0; tile < tiles; tile++) {
            long c0 = System.nanoTime();
            Prepared pr = next.join();
            int following = tile + 1;
            next = following < tiles ? java.util.concurrent.ForkJoinTask.adapt(() -> prepare.apply(following)).fork() : null;
            Timing.add(0, System.nanoTime() - c0);
            FreshTile ft = pr.tile();
            G1Point[] comms = pr.comms();
            long[] blinds = pr.blinds();
            long[] tileX = pr.x();
            aux[tile] = pr.aux();
            RelaxedInstance u2 = new RelaxedInstance(comms, Fr.ONE.clone(), tileX);
            tr.absorbLong("tile", tile);
            long f0 = System.nanoTime();
            switch (Protocol.step(tile, tiles)) {
                case PAIR_START:
                    Nifs.absorbInstance(tr, "U0", u2);
                    pair = Accumulator.start(ft, u2, blinds);
                    break;
                case PAIR_CLOSE:
                    cross[Protocol.pairCross(tile)] = pair.foldFresh(ft, u2, blinds, crossAt[Protocol.pairCross(tile)], tr,
                            key, rnd);
                    if (acc == null) {
                        acc = pair;
                    } else {
                        int at = Protocol.runningCross(tile);
                        cross[at] = acc.foldRelaxed(pair, crossAt[at], tr, key, rnd);
                    }
                    pair = null;
                    break;
                case ALONE:
                    Nifs.absorbInstance(tr, "U0", u2);
                    acc = Accumulator.start(ft, u2, blinds);
                    break;
                default: // LAST_SINGLE
                    int at = Protocol.runningCross(tile);
                    cross[at] = acc.foldFresh(ft, u2, blinds, crossAt[at], tr, key, rnd);
                    break;
            }
            Timing.add(4, System.nanoTime() - f0);
        }
        return new Subtree(acc, FoldTree.digest(tr), image, image + 1, aux, crossAt, cross);
    }

    /** A tile ready to fold: its fresh pair, slot commitments and blinds, public inputs, committed AUX/LOOKUP slots. */
    private record Prepared(FreshTile tile, G1Point[] comms, long[] blinds, long[] x, G1Point[] aux) { }

    /**
     * Builds tile {@code tile}'s witness and commits what the tile commits: its AUX slot, then, in a layer with
     * lookups, draws the challenges from the tile's own transcript ({@link Protocol#lookupChallenges}: the
     * batch seed, the tile's place and its AUX commitment), computes the helpers and commits the LOOKUP slot.
     * Nothing here depends on the folds, so it runs ahead of them on another core.
     */
    private static Prepared prepare(ModelContext ctx, int layer, R1CSShape shape, LookupRows lookupRows, long[] x,
                                    Activations trace, Rows rows, long[] seed, int image, int images, int tile,
                                    long[] blinds, PedersenKey key, boolean checkWitness, TileHook hook) {
        LayerCircuit lc = ctx.circuits().get(layer);
        List<SegmentLayout.Slot> slots = shape.layout().slots();
        long p0 = System.nanoTime();
        TileWitness tw = hook == null ? lc.witness(trace, tile) : hook.apply(layer, tile, () -> lc.witness(trace, tile));
        long p1 = System.nanoTime();
        Timing.add(9, p1 - p0);
        FreshTile ft = lookupRows == null ? FreshTile.of(shape, tw.slots(), tw.publicInputs())
                : FreshTile.phaseOne(shape, lookupRows, tw.slots());
        Timing.add(10, System.nanoTime() - p1);
        int[] links = Protocol.slotRows(lc, shape.layout(), tile, ctx.table());
        G1Point[] comms = new G1Point[slots.size()];
        G1Point[] aux = new G1Point[Protocol.auxSlots(shape.layout())];
        int a = 0;
        long[] tileX = x;
        for (int s = 0; s < comms.length; s++) {
            if (s == ft.lookupSlot()) {
                // second phase: the challenges come from the tile's first-phase AUX commitment (and the batch seed,
                // which binds every row), then the helpers
                tileX = Protocol.lookupChallenges(seed, layer, image, tile, java.util.Arrays.copyOf(aux, a));
                long l0 = System.nanoTime();
                ft.phaseTwo(tileX);
                long l1 = System.nanoTime();
                Timing.add(2, l1 - l0);
                comms[s] = ft.commitHelpers(key, slots.get(s).length(), slice(blinds, s));
                Timing.add(3, System.nanoTime() - l1);
                aux[a++] = comms[s];
            } else if (links[s] == Protocol.AUX_SLOT) {
                long a0 = System.nanoTime();
                comms[s] = key.commitSmall(ft.slot(s), 0, ft.slot(s).length, slice(blinds, s));
                Timing.add(1, System.nanoTime() - a0);
                aux[a++] = comms[s];
            } else if (links[s] < 0) {
                comms[s] = G1Point.IDENTITY;
            } else {
                comms[s] = rows.rows()[links[s]];
                System.arraycopy(rows.blinds(), 4 * links[s], blinds, 4 * s, 4);
            }
        }
        if (checkWitness) {
            int bad = ft.firstUnsatisfied();
            if (bad >= 0) {
                throw new ProofException("layer " + layer + " (" + shape.name() + ") tile " + tile
                        + (images > 1 ? " of image " + image : "")
                        + ": witness fails constraint " + bad + "; run `foldproof check` for its label");
            }
        }
        return new Prepared(ft, comms, blinds, tileX, aux);
    }

    /**
     * Folds {@code right} into {@code left} as the image-tree node over {@code [left.lo, right.hi)}, node
     * {@code node} in post-order: the node's transcript absorbs both digests, then the fold's steps
     * ({@link foldproof.folding.nifs.FoldSteps}) run on it. {@code left}'s accumulator becomes the node's; {@code right}'s is only read.
     */
    public static Subtree node(long[] seed, int layer, int node, int tiles, int images, Subtree left, Subtree right,
                               PedersenKey key, Random rnd) {
        if (left.hi() != right.lo()) {
            throw new IllegalArgumentException("subtrees [" + left.lo() + ", " + left.hi() + ") and [" + right.lo()
                    + ", " + right.hi() + ") are not adjacent");
        }
        Transcript tr = FoldTree.nodeTranscript(seed, layer, left.lo(), right.hi(), left.digest(), right.digest());
        int index = FoldTree.nodeCrossIndex(tiles, images, node);
        G1Point commT = left.accumulator().foldRelaxed(right.accumulator(), index, tr, key, rnd);
        G1Point[][] aux = new G1Point[left.aux().length + right.aux().length][];
        System.arraycopy(left.aux(), 0, aux, 0, left.aux().length);
        System.arraycopy(right.aux(), 0, aux, left.aux().length, right.aux().length);
        int n = left.crossAt().length + right.crossAt().length;
        int[] at = new int[n + 1];
        G1Point[] cross = new G1Point[n + 1];
        System.arraycopy(left.crossAt(), 0, at, 0, left.crossAt().length);
        System.arraycopy(right.crossAt(), 0, at, left.crossAt().length, right.crossAt().length);
        System.arraycopy(left.cross(), 0, cross, 0, left.cross().length);
        System.arraycopy(right.cross(), 0, cross, left.cross().length, right.cross().length);
        at[n] = index;
        cross[n] = commT;
        return new Subtree(left.accumulator(), FoldTree.digest(tr), left.lo(), right.hi(), aux, at, cross);
    }

    static long[] slice(long[] v, int i) {
        long[] o = new long[4];
        System.arraycopy(v, 4 * i, o, 0, 4);
        return o;
    }
}
