package foldproof.folding.proof;

import foldproof.bn254.g1.G1Point;
import foldproof.circuits.layers.Activations;
import foldproof.circuits.layers.LayerCircuit;
import foldproof.circuits.layers.TileWitness;
import foldproof.circuits.r1cs.R1CSShape;
import foldproof.folding.ProofException;
import foldproof.folding.commit.PedersenKey;
import foldproof.folding.nifs.Accumulator;
import foldproof.folding.nifs.RandomInstance;
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
import java.util.concurrent.Callable;

/**
 * Proves that the model of a {@link ModelContext} maps private inputs to their logits: one image, or a batch
 * in one proof. Layers are proven in network order with one live layer accumulator: every image's tiles are
 * generated from its integer run, folded along the layer's {@link FoldTree} ({@link TreeProver}: each image's
 * tiles, then the image tree's nodes, depth first) and dropped; then a random satisfying instance is folded in
 * and the layer is compressed, and its buffers are dropped (memory O(layer); across layers live only each
 * image's row table and O(layer) tensors ({@link TraceCursor}), and the opening accumulator, one vector as
 * long as the longest committed vector). One inner-product argument at the end opens every layer's
 * accumulated evaluation claims. Transcript order: see {@link Protocol}, {@link FoldTree} and docs/protocol.md.
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
        return proveBatch(ctx, List.of(inputQ), opt, listener);
    }

    /**
     * Proves, in one proof, the integer inference of {@code ctx.model()} on every quantized input of
     * {@code inputs} (CHW, int8; in batch order): every image's tiles of a layer fold into that layer's one
     * accumulator along its {@link FoldTree}.
     */
    public static Result proveBatch(ModelContext ctx, List<int[]> inputs, Options opt, Listener listener) {
        long t0 = System.nanoTime();
        if (inputs.isEmpty()) {
            throw new ProofException("a batch needs at least one image");
        }
        for (int n = 0; n < inputs.size(); n++) {
            int[] inputQ = inputs.get(n);
            if (inputQ.length != ctx.shapes().get(0).size()) {
                throw new ProofException("input " + (inputs.size() > 1 ? n + " " : "") + "has " + inputQ.length
                        + " values, model " + ctx.model().name() + " expects " + ctx.shapes().get(0));
            }
        }
        // memory O(layer) per image: each image's full run lives only while its rows are committed; the
        // layers then recompute its tensors forward and drop them when no later layer reads them
        return prove(ctx, inputs.size(), n -> {
            IntTrace t = IntInference.run(ctx.model(), inputs.get(n));
            return new Image(t, new TraceCursor(ctx.model(), ctx.circuits(), inputs.get(n), t.logits()));
        }, opt, listener, null, null, t0);
    }

    /**
     * Constraints (over every layer, tile and image) from which the prover starts the vector lanes' warm-up
     * ({@link foldproof.bn254.Lanes}): it costs two to three seconds of compiler and warm-up CPU, which the lanes'
     * faster MSMs repay only on large proofs. Measured with format 9 (docs/benchmarks.md, "Coefficient fold"): the
     * real CIFAR-10 ResNet-18 (1.06 M constraints) proves faster without them, the 224x224 demo ResNet-18 (18.9 M)
     * with them. {@code -Dfoldproof.lanes.minConstraints=N} to measure.
     */
    static final long LANES_MIN_CONSTRAINTS = Long.getLong("foldproof.lanes.minConstraints", 4_000_000L);

    /** Whether a proof of {@code images} images of {@code ctx}'s model is large enough for the lanes. */
    public static boolean lanesPay(ModelContext ctx, int images) {
        long n = 0;
        for (int l = 0; l < ctx.circuits().size(); l++) {
            n += (long) ctx.circuits().get(l).numTiles() * ctx.skeletons().get(l).numConstraints();
        }
        return n * images >= LANES_MIN_CONSTRAINTS;
    }

    /** One image as the prover reads it: its full run (for the row table, then dropped) and its witness source. */
    private record Image(IntTrace run, Activations source) { }

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
        return prove(ctx, 1, n -> new Image(trace, TreeProver.of(trace)), opt, listener, hook, null, t0);
    }

    /**
     * A batch from given traces with a per-image witness hook (null for an honest image): soundness tests
     * corrupt one image's tile of a batch and show the batch proof is rejected.
     */
    static Result proveTraces(ModelContext ctx, List<IntTrace> traces, Options opt, java.util.function.IntFunction<WitnessHook> hooks) {
        return prove(ctx, traces.size(), n -> new Image(traces.get(n), TreeProver.of(traces.get(n))), opt, null, null, hooks,
                System.nanoTime());
    }

    private static Result prove(ModelContext ctx, int images, java.util.function.IntFunction<Image> runs, Options opt,
                                Listener listener, WitnessHook hook, java.util.function.IntFunction<WitnessHook> hooks, long t0) {
        if (lanesPay(ctx, images)) {
            foldproof.bn254.Lanes.warmUp();   // compiles the vector-lane kernels in the background (once)
        }
        Random rnd = opt.random();
        List<long[]> logits = new ArrayList<>();
        int[] labels = new int[images];
        PedersenKey key = PedersenKey.setup(Protocol.GENERATOR_DOMAIN, Protocol.generators(ctx, images));
        List<TreeProver.Rows> rows = new ArrayList<>();
        List<G1Point[]> tables = new ArrayList<>();
        List<Activations> traces = new ArrayList<>();
        List<int[]> publicInputs = opt.publicInput() ? new ArrayList<>() : null;
        long inferenceNanos = 0;
        for (int n = 0; n < images; n++) {
            long a = System.nanoTime();
            Image im = runs.apply(n);
            inferenceNanos += System.nanoTime() - a;
            IntTrace trace = im.run();
            logits.add(trace.logits().clone());
            labels[n] = Protocol.argmax(logits.get(n));
            TreeProver.Rows r = TreeProver.commitRows(ctx, trace, opt.publicInput(), key, rnd);
            rows.add(r);
            tables.add(r.rows());
            traces.add(im.source());
            if (publicInputs != null) {
                publicInputs.add(trace.tensor(0).clone());
            }
        }
        long t1 = t0 + inferenceNanos;
        Transcript tr = Protocol.start(ctx.digest(), logits, labels, publicInputs);
        long[] seed = Protocol.absorbRows(tr, tables);
        long t2 = System.nanoTime();

        long foldNanos = 0;
        long blindNanos = 0;
        long compressNanos = 0;
        List<LayerProof> layers = new ArrayList<>();
        List<LayerCircuit> circuits = ctx.circuits();
        OpeningAccumulator openings = new OpeningAccumulator(Protocol.openingVars(Protocol.generators(ctx, images)));
        int[] merges = Protocol.mergeSchedule(ctx, images);
        TreeProver.TileHook tileHook = hook == null ? null : hook::apply;
        java.util.function.IntFunction<TreeProver.TileHook> tileHooks = n -> {
            WitnessHook h = hooks == null ? null : hooks.apply(n);
            return h == null ? tileHook : h::apply;
        };
        // a layer's compression runs while the next layer's tiles fold: the folds use their own transcripts (from the
        // batch seed) and neither the main transcript nor the opening accumulator, which only the compressions and
        // the blinding folds touch, in layer order (at most two layers live)
        java.util.concurrent.ForkJoinTask<LayerProof> compressing = null;
        long[] compressed = new long[1];
        for (int l = 0; l < circuits.size(); l++) {
            long ls = System.nanoTime();
            int layer = l;
            LayerCircuit lc = circuits.get(l);
            R1CSShape shape = lc.shape();
            int tiles = lc.numTiles();
            java.util.concurrent.ForkJoinTask<RandomInstance> blinding = hook == null ? RandomInstance.sampleAsync(shape, key, rnd) : null;
            Subtree root = FoldTree.fold(images, 0, images, new FoldTree.Folder<Subtree>() {
                @Override
                public Subtree image(int n) {
                    Subtree s = TreeProver.image(ctx, layer, shape, traces.get(n), rows.get(n), logits.get(n), seed, n, images,
                            key, rnd, opt.checkWitness(), tileHooks.apply(n));
                    if (traces.get(n) instanceof TraceCursor c) {
                        c.release(layer);
                    }
                    return s;
                }

                @Override
                public Subtree node(int lo, int hi, int node, Subtree left, Subtree right) {
                    return TreeProver.node(seed, layer, node, tiles, images, left, right, key, rnd);
                }
            });
            long lb = System.nanoTime();
            foldNanos += lb - ls;
            if (compressing != null) {
                layers.add(compressing.join());
            }
            long b0 = System.nanoTime();
            Callable<LayerProof> compress = blindLayer(l, shape, images, root, tr, key, rnd, openings, merges[l] > 0, hook,
                    blinding == null ? null : blinding.join());
            blindNanos += System.nanoTime() - b0;
            compressing = java.util.concurrent.ForkJoinTask.adapt(() -> {
                long c0 = System.nanoTime();
                try {
                    return compress.call();
                } finally {
                    lc.dropShape();   // memory O(layer): the next layer rebuilds its own
                    synchronized (compressed) {
                        compressed[0] += System.nanoTime() - c0;
                    }
                }
            }).fork();
            if (listener != null) {
                listener.layerDone(l, circuits.size(), shape.name(), tiles * images, System.nanoTime() - ls);
            }
        }
        if (compressing != null) {
            layers.add(compressing.join());
        }
        synchronized (compressed) {
            compressNanos += compressed[0];
        }
        long lo = System.nanoTime();
        FinalOpening opening = openings.finish(key, tr);
        compressNanos += System.nanoTime() - lo;
        List<Proof.Image> claims = new ArrayList<>();
        for (int n = 0; n < images; n++) {
            claims.add(new Proof.Image(logits.get(n), labels[n], publicInputs == null ? null : publicInputs.get(n),
                    tables.get(n)));
        }
        Proof proof = new Proof(ctx.digest(), claims, layers, opening);
        foldproof.folding.nifs.Timing.print();
        return new Result(proof, new Stats(t1 - t0, t2 - t1, foldNanos, blindNanos, compressNanos));
    }

    /**
     * Closes a layer on the main transcript, once its fold tree is folded into {@code root}: absorbs the
     * root's digest, folds in a uniformly random satisfying instance (zero knowledge), compresses, and
     * returns the layer's part of the proof; {@code merge}: the layer closes a batch of the merge schedule
     * ({@link Protocol#mergeSchedule}), its compression merges the pending opening claims. Shared by the
     * in-process prover and the Spark driver.
     */
    public static LayerProof closeLayer(int layer, R1CSShape shape, int images, Subtree root, Transcript tr,
                                        PedersenKey key, Random rnd, OpeningAccumulator openings, boolean merge) {
        try {
            return blindLayer(layer, shape, images, root, tr, key, rnd, openings, merge, null, null).call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The first part of {@link #closeLayer}, on the calling thread (it draws from {@code rnd}): absorbs the root's
     * digest and folds in the blinding instance. Returns the second part, the compression (no randomness), to run
     * on any thread before the next layer's {@code blindLayer}.
     */
    private static Callable<LayerProof> blindLayer(int layer, R1CSShape shape, int images, Subtree root, Transcript tr,
                                                   PedersenKey key, Random rnd, OpeningAccumulator openings, boolean merge,
                                                   WitnessHook hook, RandomInstance sampled) {
        if (root.lo() != 0 || root.hi() != images) {
            throw new IllegalArgumentException("the root covers images [" + root.lo() + ", " + root.hi() + "), not all " + images);
        }
        int tiles = root.aux().length / images;
        G1Point[][] aux = new G1Point[tiles * images][];
        G1Point[] cross = new G1Point[FoldTree.crossTerms(tiles, images)];
        root.into(aux, cross, tiles);
        tr.absorbLong("layer", layer);
        tr.absorbScalar("fold-root", root.digest(), 0);
        Accumulator acc = root.accumulator();
        // zero knowledge: fold in a uniformly random satisfying instance of the same shape
        RandomInstance blinding = sampled != null ? sampled
                : hook == null ? RandomInstance.sample(shape, key, rnd) : hook.blinding(layer, shape, key, rnd);
        int index = cross.length;   // the blinding fold's message follows every fold of the tree
        G1Point blindT = acc.foldRelaxed(blinding, index, tr, key, rnd);
        return () -> {
            CompressedProof cp = LayerCompressor.prove(shape, acc.instance(), acc.witness(), acc.coefficientClaim(index + 1),
                    acc.products(), tr, openings, merge);
            return new LayerProof(aux, cross, blinding.instance(), blindT, cp);
        };
    }
}
