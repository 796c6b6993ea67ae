package foldproof.spark;

import foldproof.bn254.g1.G1Point;
import foldproof.circuits.layers.LayerCircuit;
import foldproof.circuits.r1cs.R1CSShape;
import foldproof.folding.commit.PedersenKey;
import foldproof.folding.proof.FoldTree;
import foldproof.folding.proof.ModelContext;
import foldproof.folding.proof.Subtree;
import foldproof.folding.proof.SubtreeCodec;
import foldproof.folding.proof.TraceCursor;
import foldproof.folding.proof.TreeProver;
import foldproof.quantizer.quant.IntInference;
import foldproof.quantizer.quant.IntTrace;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One Spark partition's share of a batch: an aligned block of images {@code [lo, hi)} of the batch's
 * {@link FoldTree} (a subtree, so its fold needs nothing from other blocks). What travels to the executor:
 * the block's quantized inputs and the secret seeds of their blinding streams ({@link StreamRandom}).
 * {@link #run} makes the executor-side {@link State}: every image's row commitments (with their blinds) and
 * a {@link TraceCursor} over its integer run (O(layer) tensors live), which stay on the executor (the RDD
 * is cached); only commitments and folded vectors leave it.
 */
final class Block implements Serializable {
    private static final long serialVersionUID = 1L;

    final int lo;
    final int hi;
    final int images;
    final int[][] inputs;
    final byte[][] seeds;

    Block(int lo, int hi, int images, int[][] inputs, byte[][] seeds) {
        this.lo = lo;
        this.hi = hi;
        this.images = images;
        this.inputs = inputs;
        this.seeds = seeds;
    }

    /** What an executor keeps for its block: the traces (witness source) and the rows with their blinds. */
    static final class State {
        final Block block;
        final List<TraceCursor> traces;
        final List<long[]> logits;
        final List<TreeProver.Rows> rows;

        State(Block block, List<TraceCursor> traces, List<long[]> logits, List<TreeProver.Rows> rows) {
            this.block = block;
            this.traces = traces;
            this.logits = logits;
            this.rows = rows;
        }
    }

    /** Witness generation on the executor: the integer run and the row commitments of every image of the block. */
    State run(ModelContext ctx, PedersenKey key, boolean publicInput) {
        List<TraceCursor> traces = new ArrayList<>();
        List<long[]> logits = new ArrayList<>();
        List<TreeProver.Rows> rows = new ArrayList<>();
        for (int i = 0; i < inputs.length; i++) {
            IntTrace t = IntInference.run(ctx.model(), inputs[i]);
            rows.add(TreeProver.commitRows(ctx, t, publicInput, key, new StreamRandom(seeds[i], "rows")));
            logits.add(t.logits());
            // the full run is dropped: the layers recompute each image's tensors forward, O(layer) per image
            traces.add(new TraceCursor(ctx.model(), ctx.circuits(), inputs[i], t.logits()));
        }
        return new State(this, traces, logits, rows);
    }

    /** The block's public part for the driver: per image its logits and its row commitments. */
    static byte[] header(State s) {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bos)) {
            out.writeInt(s.block.lo);
            out.writeInt(s.traces.size());
            for (int i = 0; i < s.traces.size(); i++) {
                long[] logits = s.logits.get(i);
                out.writeInt(logits.length);
                for (long v : logits) {
                    out.writeLong(v);
                }
                G1Point[] rows = s.rows.get(i).rows();
                out.writeInt(rows.length);
                for (G1Point p : rows) {
                    out.write(p.encode());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bos.toByteArray();
    }

    /**
     * Folds the block's subtree of layer {@code layer} on the executor: each image's tiles
     * ({@link TreeProver#image}), then the tree's nodes inside the block; returns it encoded
     * ({@link SubtreeCodec}) for the driver.
     */
    static byte[] fold(State s, ModelContext ctx, PedersenKey key, int layer, long[] batchSeed) {
        Block b = s.block;
        if (layer > 0) {
            ctx.circuits().get(layer - 1).dropShape();   // memory O(layer) on the executor too
        }
        LayerCircuit lc = ctx.circuits().get(layer);
        R1CSShape shape = lc.shape();
        int tiles = lc.numTiles();
        Subtree t = FoldTree.fold(b.images, b.lo, b.hi, new FoldTree.Folder<Subtree>() {
            @Override
            public Subtree image(int n) {
                int i = n - b.lo;
                Subtree t = TreeProver.image(ctx, layer, shape, s.traces.get(i), s.rows.get(i), s.logits.get(i), batchSeed,
                        n, b.images, key, new StreamRandom(b.seeds[i], "layer", layer), true);
                s.traces.get(i).release(layer);
                return t;
            }

            @Override
            public Subtree node(int lo, int hi, int node, Subtree left, Subtree right) {
                return TreeProver.node(batchSeed, layer, node, tiles, b.images, left, right, key,
                        new StreamRandom(b.seeds[lo - b.lo], "node", layer, hi));
            }
        });
        return SubtreeCodec.write(t);
    }
}
