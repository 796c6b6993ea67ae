package foldproof.spark;

import foldproof.api.ProveOptions;
import foldproof.bn254.g1.G1Point;
import foldproof.circuits.layers.LayerCircuit;
import foldproof.circuits.r1cs.R1CSShape;
import foldproof.folding.commit.PedersenKey;
import foldproof.folding.proof.FoldTree;
import foldproof.folding.proof.LayerProof;
import foldproof.folding.proof.ModelContext;
import foldproof.folding.proof.Proof;
import foldproof.folding.proof.Protocol;
import foldproof.folding.proof.Prover;
import foldproof.folding.proof.Subtree;
import foldproof.folding.proof.SubtreeCodec;
import foldproof.folding.proof.TreeProver;
import foldproof.folding.spartan.FinalOpening;
import foldproof.folding.spartan.OpeningAccumulator;
import foldproof.folding.transcript.Transcript;
import foldproof.quantizer.quant.ModelFile;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The driver of a batch proof on Spark. The batch is cut into aligned blocks of images, one per partition
 * ({@link FoldTree#blocks}: each block is a subtree of every layer's fold tree).
 *
 * <ol>
 *   <li>Broadcast once: the quantized model file and the Pedersen generators.</li>
 *   <li>Stage "witness": per block, on an executor, the integer run and the row commitments of its images
 *       ({@link Block#run}); the RDD is cached, so the traces stay on their executors. The driver collects
 *       the logits and row commitments only, starts the transcript and squeezes the batch seed.</li>
 *   <li>Per layer, stage "fold": per block, on its executor, each image's tiles and the block's nodes
 *       ({@link Block#fold}); the driver collects one folded pair per block, folds the nodes above the
 *       blocks ({@link FoldTree#foldAbove}), then blinds and compresses ({@link Prover#closeLayer}).</li>
 *   <li>The final opening on the driver.</li>
 * </ol>
 *
 * The tree, transcripts and format are the in-process prover's, so the ordinary verifier checks the proof.
 * Blinding randomness: the driver's source draws a 32-byte secret seed per image; executors expand it
 * ({@link StreamRandom}); the driver's own folds (nodes above the blocks, the blinding instance) draw from
 * the driver's source.
 */
final class SparkProver {
    private SparkProver() { }

    /** Statistics like the in-process prover's (witness stage in {@code rowTableNanos}). */
    record Result(Proof proof, Prover.Stats stats) { }

    static Result prove(JavaSparkContext sc, ModelContext ctx, List<int[]> inputs, ProveOptions options) {
        long t0 = System.nanoTime();
        int images = inputs.size();
        Random rnd = options.randomOrSecure();
        boolean publicInput = options.publicInput();
        String digest = ModelFile.hex(ctx.digest());
        ExecutorState.register(digest, ctx);   // local mode: executors share the driver's circuits
        if (foldproof.folding.proof.Prover.lanesPay(ctx, images)) {
            foldproof.bn254.Lanes.warmUp();   // local mode: the executors share this JVM's lanes
        }
        int generators = Protocol.generators(ctx, images);
        PedersenKey key = PedersenKey.setup(Protocol.GENERATOR_DOMAIN, generators);
        Broadcast<byte[]> modelB = sc.broadcast(ModelFile.toBytes(ctx.model()));
        Broadcast<long[]> keyB = sc.broadcast(key.bases());

        int partitions = Math.max(1, sc.defaultParallelism());
        List<int[]> ranges = FoldTree.blocks(images, (images + partitions - 1) / partitions);
        List<Block> blocks = new ArrayList<>();
        for (int[] r : ranges) {
            int[][] in = new int[r[1] - r[0]][];
            byte[][] seeds = new byte[in.length][32];
            for (int i = 0; i < in.length; i++) {
                in[i] = inputs.get(r[0] + i);
                rnd.nextBytes(seeds[i]);
            }
            blocks.add(new Block(r[0], r[1], images, in, seeds));
        }
        JavaRDD<Block.State> states = sc.parallelize(blocks, blocks.size())
                .map(b -> b.run(ExecutorState.context(digest, modelB.value()), ExecutorState.key(keyB.value(), generators), publicInput))
                .persist(StorageLevel.MEMORY_ONLY());
        try {
            // stage "witness": logits and row commitments to the driver
            List<long[]> logits = new ArrayList<>();
            List<G1Point[]> tables = new ArrayList<>();
            for (int n = 0; n < images; n++) {
                logits.add(null);
                tables.add(null);
            }
            for (byte[] h : states.map(Block::header).collect()) {
                readHeader(h, logits, tables);
            }
            long t1 = System.nanoTime();
            int[] labels = new int[images];
            List<int[]> publicInputs = publicInput ? new ArrayList<>() : null;
            for (int n = 0; n < images; n++) {
                labels[n] = Protocol.argmax(logits.get(n));
                if (publicInputs != null) {
                    publicInputs.add(inputs.get(n).clone());
                }
            }
            Transcript tr = Protocol.start(ctx.digest(), logits, labels, publicInputs);
            long[] seed = Protocol.absorbRows(tr, tables);
            long t2 = System.nanoTime();

            long foldNanos = 0;
            long closeNanos = 0;
            List<LayerProof> layers = new ArrayList<>();
            OpeningAccumulator openings = new OpeningAccumulator(Protocol.openingVars(generators));
            int[] merges = Protocol.mergeSchedule(ctx, images);
            ProveOptions.LayerListener listener = options.progress();
            for (int l = 0; l < ctx.circuits().size(); l++) {
                long ls = System.nanoTime();
                int layer = l;
                List<byte[]> parts = states.map(s -> Block.fold(s, ExecutorState.context(digest, modelB.value()),
                        ExecutorState.key(keyB.value(), generators), layer, seed)).collect();
                LayerCircuit lc = ctx.circuits().get(l);
                R1CSShape shape = lc.shape();
                int tiles = lc.numTiles();
                Map<Long, Subtree> known = new HashMap<>();
                for (byte[] p : parts) {
                    Subtree s = SubtreeCodec.read(p, shape);
                    known.put(((long) s.lo() << 32) | s.hi(), s);
                }
                Subtree root = FoldTree.foldAbove(images, (lo, hi) -> known.get(((long) lo << 32) | hi), new FoldTree.Folder<Subtree>() {
                    @Override
                    public Subtree image(int n) {
                        throw new IllegalStateException("image " + n + " not folded by a block");
                    }

                    @Override
                    public Subtree node(int lo, int hi, int node, Subtree left, Subtree right) {
                        return TreeProver.node(seed, layer, node, tiles, images, left, right, key, rnd);
                    }
                });
                long lb = System.nanoTime();
                foldNanos += lb - ls;
                layers.add(Prover.closeLayer(l, shape, images, root, tr, key, rnd, openings, merges[l] > 0));
                lc.dropShape();
                long le = System.nanoTime();
                closeNanos += le - lb;
                listener.layerDone(l, ctx.circuits().size(), shape.name(), tiles * images, le - ls);
            }
            long lo = System.nanoTime();
            FinalOpening opening = openings.finish(key, tr);
            closeNanos += System.nanoTime() - lo;
            List<Proof.Image> claims = new ArrayList<>();
            for (int n = 0; n < images; n++) {
                claims.add(new Proof.Image(logits.get(n), labels[n], publicInputs == null ? null : publicInputs.get(n), tables.get(n)));
            }
            Proof proof = new Proof(ctx.digest(), claims, layers, opening);
            return new Result(proof, new Prover.Stats(0, t2 - t0, foldNanos, 0, closeNanos));
        } finally {
            states.unpersist(false);
            modelB.destroy();
            keyB.destroy();
        }
    }

    private static void readHeader(byte[] h, List<long[]> logits, List<G1Point[]> tables) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(h))) {
            int lo = in.readInt();
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                long[] l = new long[in.readInt()];
                for (int j = 0; j < l.length; j++) {
                    l[j] = in.readLong();
                }
                G1Point[] rows = new G1Point[in.readInt()];
                byte[] b = new byte[32];
                for (int j = 0; j < rows.length; j++) {
                    in.readFully(b);
                    rows[j] = G1Point.decode(b);
                }
                logits.set(lo + i, l);
                tables.set(lo + i, rows);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
