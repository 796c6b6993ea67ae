package foldproof.folding.proof;

import foldproof.bn254.g1.G1Point;
import foldproof.circuits.layers.LayerCircuit;
import foldproof.circuits.r1cs.R1CSShape;
import foldproof.circuits.r1cs.ShapeBuilder;
import foldproof.folding.ProofException;
import foldproof.folding.VerificationException;
import foldproof.folding.commit.PedersenKey;
import foldproof.folding.nifs.Accumulator;
import foldproof.folding.nifs.FoldLedger;
import foldproof.folding.nifs.Nifs;
import foldproof.folding.nifs.RandomInstance;
import foldproof.folding.nifs.RelaxedInstance;
import foldproof.folding.spartan.LayerCompressor;
import foldproof.folding.spartan.OpeningChecker;
import foldproof.folding.transcript.Transcript;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Checks a proof (one image, or a batch) against a model. It rebuilds every shape from the model, re-derives
 * every challenge in the prover's order (the main transcript, and per layer the transcripts of its
 * {@link FoldTree}: each image's subtree, each node), builds each tile's instance from its image's row table
 * (so a consumer tile reads exactly the commitment its producer wrote, within one image), folds the instances
 * along the tree with the proof's cross terms and the blinding instance as coefficients ({@link FoldLedger}:
 * the folded commitments are never computed as points, their bases and coefficients go to the final
 * multi-scalar multiplication), checks each layer's compressed proof (merging its evaluation claims into one
 * running claim) and finally the one inner-product argument that opens the running claim. The head's public
 * inputs are each image's claimed logits by construction (they are the {@code x} of its fresh instances), so a
 * verifying proof proves those logits; each label must be their argmax.
 */
public final class Verifier {
    /**
     * What a valid proof establishes: per image of the batch, in file order, its logits, label and (opened
     * proofs) input.
     */
    public record Verified(String model, List<Image> images) {
        public Verified {
            images = List.copyOf(images);
        }

        /** One image's verified statement. */
        public record Image(long[] logits, int label, int[] publicInput) { }

        /** Image 0's logits (the whole statement of a single-image proof). */
        public long[] logits() {
            return images.get(0).logits();
        }

        /** Image 0's label. */
        public int label() {
            return images.get(0).label();
        }

        /** Image 0's opened input, or null. */
        public int[] publicInput() {
            return images.get(0).publicInput();
        }
    }

    private Verifier() { }

    /** Decodes and verifies; every problem with the bytes or the argument is a {@link VerificationException}. */
    public static Verified verify(ModelContext ctx, byte[] bytes) throws VerificationException {
        Proof p;
        try {
            p = ProofCodec.read(bytes, ctx);
        } catch (ProofException e) {
            throw new VerificationException("malformed proof: " + e.getMessage(), e);
        }
        return verifyDecoded(ctx, p);
    }

    /**
     * Verifies a proof held in memory. It is encoded and decoded first, so it meets every check of the byte
     * path (AUX and tile counts from the model, public input values int8, scalars canonical, points on the
     * curve, no missing entry): a hand-built {@link Proof} gets no shortcut.
     */
    public static Verified verify(ModelContext ctx, Proof p) throws VerificationException {
        byte[] bytes;
        try {
            bytes = ProofCodec.write(p, ctx.table());
        } catch (RuntimeException e) {
            throw new VerificationException("malformed proof: cannot be encoded: " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
        for (Proof.Image im : p.images()) {
            if (im.publicInput() != null) {
                for (int v : im.publicInput()) {
                    if (v < -128 || v > 127) {
                        throw new VerificationException("malformed proof: public input value " + v + " is not int8");
                    }
                }
            }
        }
        return verify(ctx, bytes);
    }

    private static Verified verifyDecoded(ModelContext ctx, Proof p) throws VerificationException {
        if (!Arrays.equals(p.modelDigest(), ctx.digest())) {
            throw new VerificationException("proof is for another model than " + ctx.model().name());
        }
        if (p.images().isEmpty()) {
            throw new VerificationException("proof covers no image");
        }
        for (int n = 0; n < p.batchSize(); n++) {
            Proof.Image im = p.images().get(n);
            String which = p.batchSize() > 1 ? "image " + n + ": " : "";
            if (im.logits().length != ctx.numClasses()) {
                throw new VerificationException(which + "proof has " + im.logits().length + " logits, model has " + ctx.numClasses());
            }
            if (im.label() != Protocol.argmax(im.logits())) {
                throw new VerificationException(which + "claimed label " + im.label() + " is not the argmax of the logits ("
                        + Protocol.argmax(im.logits()) + ")");
            }
            if ((im.publicInput() != null) != p.hasPublicInput()) {
                throw new VerificationException(which + "opens its input while others do not");
            }
        }
        try {
            return check(ctx, p);
        } catch (CancellationException e) {
            throw e;   // interrupted: no verdict, not a rejection
        } catch (RuntimeException e) {
            // a well-formed but hostile proof must never crash the verifier
            throw new VerificationException("proof rejected: " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    private static Verified check(ModelContext ctx, Proof p) throws VerificationException {
        PedersenKey key = PedersenKey.setup(Protocol.GENERATOR_DOMAIN, Protocol.generators(ctx, p.batchSize()));
        RowTable table = ctx.table();
        int images = p.batchSize();
        List<G1Point[]> tables = new ArrayList<>();
        List<long[]> logits = new ArrayList<>();
        int[] labels = new int[images];
        List<int[]> publicInputs = p.hasPublicInput() ? new ArrayList<>() : null;
        for (int n = 0; n < images; n++) {
            Proof.Image im = p.images().get(n);
            String which = images > 1 ? "image " + n + ": " : "";
            G1Point[] rows = im.rows().clone();
            if (rows.length != table.size()) {
                throw new VerificationException(which + "row table has " + rows.length + " rows, model needs " + table.size());
            }
            if (im.publicInput() != null) {
                if (im.publicInput().length != ctx.shapes().get(0).size()) {
                    throw new VerificationException(which + "public input has the wrong size");
                }
                // the opened input's rows are committed with a zero blind: recompute them
                for (int y = 0; table.contains(0) && y < table.height(0); y++) {
                    long[] row = RowTable.row(im.publicInput(), ctx.shapes().get(0), y);
                    rows[table.index(0, y)] = key.commitSmall(row, 0, row.length, new long[4]);
                }
                publicInputs.add(im.publicInput());
            }
            for (int i = 0; i < rows.length; i++) {
                if (rows[i] == null) {
                    throw new VerificationException(which + "row table entry " + i + " is missing");
                }
            }
            tables.add(rows);
            logits.add(im.logits());
            labels[n] = im.label();
        }
        Transcript tr = Protocol.start(ctx.digest(), logits, labels, publicInputs);
        long[] seed = Protocol.absorbRows(tr, tables);
        List<LayerCircuit> circuits = ctx.circuits();
        if (p.layers().size() != circuits.size()) {
            throw new VerificationException("proof has " + p.layers().size() + " layers, model has " + circuits.size());
        }
        OpeningChecker openings = new OpeningChecker(Protocol.openingVars(Protocol.generators(ctx, images)));
        int[] merges = Protocol.mergeSchedule(ctx, images);
        // the next layer's shape is built on a second thread while this one is checked (at most two live)
        ExecutorService prefetch = Executors.newSingleThreadExecutor(r1 -> {
            Thread t = new Thread(r1, "foldproof-verifier-shapes");
            t.setDaemon(true);
            return t;
        });
        LayerCompressor.Scratch scratch = new LayerCompressor.Scratch();
        // two sets of CSR buffers, alternating: layer l's shape lives in one while l+1's is built in the other
        ShapeBuilder.Buffers[] buffers = {new ShapeBuilder.Buffers(), new ShapeBuilder.Buffers()};
        try {
            Future<R1CSShape> next = prefetch.submit(() -> circuits.get(0).verifierShape(buffers[0]));
            for (int l = 0; l < circuits.size(); l++) {
                R1CSShape shape = await(next);   // conv weight terms described, evaluated in closed form
                int nl = l + 1;
                next = nl < circuits.size() ? prefetch.submit(() -> circuits.get(nl).verifierShape(buffers[nl & 1])) : null;
                checkLayer(l, circuits.get(l), shape, p, table, tables, logits, seed, tr, openings, merges[l] > 0, scratch);
            }
        } finally {
            // a shape build under way when a proof is rejected runs to its end on the daemon thread (the
            // synthesis does not poll for interruption): at most one layer's build of spare work
            prefetch.shutdownNow();
        }
        openings.finish(key, p.opening(), tr);
        List<Verified.Image> out = new ArrayList<>();
        for (Proof.Image im : p.images()) {
            out.add(new Verified.Image(im.logits().clone(), im.label(), im.publicInput() == null ? null : im.publicInput().clone()));
        }
        return new Verified(ctx.model().name(), out);
    }

    private static R1CSShape await(Future<R1CSShape> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            CancellationException c = new CancellationException("interrupted while building a layer shape");
            c.initCause(e);
            throw c;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error err) {
                throw err;   // out of memory while building a shape is the verifier's failure, not the proof's
            }
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        }
    }

    /** A subtree of the layer's fold tree as the verifier sees it: the folded instance as coefficients, its digest. */
    private record Folded(FoldLedger.Sym sym, long[] digest) { }

    /**
     * Folds one layer's instances of every image along the layer's {@link FoldTree}, as coefficients, and
     * checks its compressed proof.
     */
    private static void checkLayer(int l, LayerCircuit lc, R1CSShape shape, Proof p, RowTable table, List<G1Point[]> tables,
                                   List<long[]> logits, long[] seed, Transcript tr, OpeningChecker openings, boolean merge,
                                   LayerCompressor.Scratch scratch) throws VerificationException {
        LayerProof lp = p.layers().get(l);
        String where = "layer " + l + " (" + shape.name() + ")";
        int images = tables.size();
        int tiles = lc.numTiles();
        if (lp.aux().length != tiles * images || lp.crossTerms().length != FoldTree.crossTerms(tiles, images)) {
            throw new VerificationException(where + ": wrong number of tiles");
        }
        // the folds as coefficients over the layer's fresh instances and cross terms: no group operation
        FoldLedger ledger = new FoldLedger(shape.layout().slots().size(), shape.layout().numPublic(),
                Accumulator.pointVars(shape));
        boolean lookups = lc.hasLookups();
        int firstPhase = Protocol.firstPhaseSlots(shape.layout());
        Folded root = FoldTree.fold(images, 0, images, new FoldTree.Folder<Folded>() {
            @Override
            public Folded image(int n) {
                long[] x = lookups ? null : Protocol.publicX(shape, logits.get(n));   // with lookups: per tile
                Transcript it = FoldTree.imageTranscript(seed, l, n);
                FoldLedger.Sym running = null;
                FoldLedger.Sym pair = null;
                for (int tile = 0; tile < tiles; tile++) {
                    // a tile with lookups: its challenges c, gamma follow its first-phase (AUX) commitment
                    long[] tileX = lookups ? Protocol.lookupChallenges(seed, l, n, tile,
                            Arrays.copyOf(lp.aux()[n * tiles + tile], firstPhase)) : x;
                    RelaxedInstance u2 = Protocol.freshInstance(lc, shape.layout(), tile, table, tables.get(n),
                            lp.aux()[n * tiles + tile], tileX);
                    FoldLedger.Sym s2 = ledger.add(u2);
                    it.absorbLong("tile", tile);
                    switch (Protocol.step(tile, tiles)) {
                        case PAIR_START:
                            Nifs.absorbInstance(it, "U0", u2);
                            pair = s2;
                            break;
                        case PAIR_CLOSE:
                            int pc = FoldTree.crossIndex(tiles, n, Protocol.pairCross(tile));
                            pair = ledger.fold(it, pair, s2, u2, lp.crossTerms()[pc], pc);
                            if (running == null) {
                                running = pair;
                            } else {
                                int rc = FoldTree.crossIndex(tiles, n, Protocol.runningCross(tile));
                                running = ledger.fold(it, running, pair, null, lp.crossTerms()[rc], rc);
                            }
                            pair = null;
                            break;
                        case ALONE:
                            Nifs.absorbInstance(it, "U0", u2);
                            running = s2;
                            break;
                        default: // LAST_SINGLE
                            int lc2 = FoldTree.crossIndex(tiles, n, Protocol.runningCross(tile));
                            running = ledger.fold(it, running, s2, u2, lp.crossTerms()[lc2], lc2);
                            break;
                    }
                }
                return new Folded(running, FoldTree.digest(it));
            }

            @Override
            public Folded node(int lo, int hi, int node, Folded left, Folded right) {
                Transcript nt = FoldTree.nodeTranscript(seed, l, lo, hi, left.digest(), right.digest());
                int index = FoldTree.nodeCrossIndex(tiles, images, node);
                FoldLedger.Sym s = ledger.fold(nt, left.sym(), right.sym(), null, lp.crossTerms()[index], index);
                return new Folded(s, FoldTree.digest(nt));
            }
        });
        tr.absorbLong("layer", l);
        tr.absorbScalar("fold-root", root.digest(), 0);
        if (lp.blinding().numSlots() != shape.layout().slots().size()) {
            throw new VerificationException(where + ": blinding instance has the wrong shape");
        }
        // its public part is the protocol's (u = 1, x = 0, format 8), whatever a Proof object carries
        RelaxedInstance b = RandomInstance.instance(lp.blinding().slotComms(), shape.layout().numPublic());
        int count = lp.crossTerms().length + 1;   // the blinding fold's message follows every fold of the tree
        FoldLedger.Sym running = ledger.fold(tr, root.sym(), ledger.addBlinding(b), b, lp.blindingCrossTerm(), count - 1);
        try {
            LayerCompressor.verify(shape, ledger.materialize(running, count), lp.compressed(), tr, openings, merge, scratch);
        } catch (VerificationException e) {
            throw new VerificationException(where + ": " + e.reason(), e);
        } finally {
            lc.dropShape();
        }
    }

}
