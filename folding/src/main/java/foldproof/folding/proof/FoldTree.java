package foldproof.folding.proof;

import foldproof.folding.transcript.Transcript;

import java.util.ArrayList;
import java.util.List;

/**
 * The shape of a layer's fold over a batch, a function of the layer's tile count {@code T} and the batch
 * size {@code N} only, so prover and verifier (and any worker folding a subtree) derive the same tree.
 *
 * <p><b>Leaves</b> are the {@code N * T} fresh tile instances, image-major: leaf {@code n * T + j} is tile
 * {@code j} of image {@code n}. <b>Image subtrees:</b> the {@code T} tiles of one image fold as in a
 * single-image proof ({@link Protocol#step}: fresh pairs, each closed pair folded into the image's running
 * instance), on a transcript of their own ({@link #imageTranscript}) whose last squeeze is the subtree's
 * digest. <b>Image tree:</b> the {@code N} image roots fold as a binary tree in which the node over images
 * {@code [lo, hi)} splits at {@code lo + }{@link #split}{@code (hi - lo)}, the largest power of two below
 * {@code hi - lo} (the left subtree is perfect); each node is one Nova fold of its two children on a
 * transcript of its own ({@link #nodeTranscript}) that absorbs the batch seed, the node's range, both
 * children's digests and the cross term before its challenge. Every aligned block of {@code 2^k} images
 * (and the last, shorter block) is a node, so independent workers can fold blocks.
 *
 * <p><b>Cross terms</b> ({@code N * T - 1}, one per fold): image {@code n}'s {@code T - 1} at
 * {@code n * (T - 1) + i}, {@code i} as in {@link Protocol#pairCross} / {@link Protocol#runningCross};
 * then the {@code N - 1} image-tree nodes in post-order ({@link #nodes}).
 *
 * <p><b>Cost.</b> A tree whose leaves are fresh pairs has as many full-width cross terms as the sequential
 * chain: within an image the closed pairs fold into the running instance as before, and the {@code N - 1}
 * node folds replace the {@code N - 1} folds that would chain image roots. Evaluated depth first, a tree of
 * {@code N} images keeps at most {@code floor(log2 N) + 1} running instances live, plus one pair.
 *
 * <p><b>Why the transcripts may fork.</b> Each challenge is squeezed after everything the fold depends on
 * is bound: the fresh instances of an image subtree and its cross terms in its own transcript, which starts
 * from the batch seed (squeezed from the main transcript after the statement and the whole row table); a
 * node's two children by their digests (each a hash over its subtree's absorptions, which determine its
 * folded instance), its range and its cross term. The main transcript absorbs the root digest before the
 * blinding fold. So no subtree depends on another's challenges, and workers can fold them in parallel.
 */
public final class FoldTree {
    /** Label of the per-subtree and per-node transcripts. */
    public static final String LABEL = "foldproof/fold-tree";

    private FoldTree() { }

    /** Size of the left part of a node over {@code n >= 2} images: the largest power of two below {@code n}. */
    public static int split(int n) {
        if (n < 2) {
            throw new IllegalArgumentException("a node covers at least two images, not " + n);
        }
        return Integer.highestOneBit(n - 1);
    }

    /** The internal nodes of the image tree over {@code n} images, {@code {lo, hi}} each, in post-order. */
    public static List<int[]> nodes(int n) {
        List<int[]> out = new ArrayList<>();
        collect(0, n, out);
        return out;
    }

    private static void collect(int lo, int hi, List<int[]> out) {
        if (hi - lo < 2) {
            return;
        }
        int mid = lo + split(hi - lo);
        collect(lo, mid, out);
        collect(mid, hi, out);
        out.add(new int[] {lo, hi});
    }

    /**
     * Post-order index of the node over {@code [lo, hi)} in the tree over {@code n} images, in O(log n): walking
     * down from the root, every step to a right child passes the left child's {@code size - 1} nodes; the node
     * itself comes after its own {@code hi - lo - 2} descendants.
     */
    public static int nodeIndex(int n, int lo, int hi) {
        int a = 0;
        int b = n;
        int base = 0;
        while (hi - lo >= 2 && b - a >= 2) {
            if (a == lo && b == hi) {
                return base + (hi - lo) - 2;
            }
            int mid = a + split(b - a);
            if (hi <= mid) {
                b = mid;
            } else if (lo >= mid) {
                base += mid - a - 1;
                a = mid;
            } else {
                break;
            }
        }
        throw new IllegalArgumentException("[" + lo + ", " + hi + ") is no node of the tree over " + n + " images");
    }

    /** Index in {@link LayerProof#crossTerms} of image {@code image}'s tile-level cross term {@code i}. */
    public static int crossIndex(int tiles, int image, int i) {
        return image * (tiles - 1) + i;
    }

    /** Index in {@link LayerProof#crossTerms} of the cross term of image-tree node number {@code node}. */
    public static int nodeCrossIndex(int tiles, int images, int node) {
        return images * (tiles - 1) + node;
    }

    /** Number of cross terms of a layer: one per fold, {@code leaves - 1}. */
    public static int crossTerms(int tiles, int images) {
        return images * tiles - 1;
    }

    /** The transcript of image {@code image}'s subtree in layer {@code layer}. */
    public static Transcript imageTranscript(long[] seed, int layer, int image) {
        Transcript t = new Transcript(LABEL);
        t.absorbScalar("seed", seed, 0);
        t.absorbLong("layer", layer);
        t.absorbLong("image", image);
        return t;
    }

    /**
     * The transcript of the node over images {@code [lo, hi)} in layer {@code layer}, having absorbed its
     * children's digests; the caller absorbs {@code comm_T} and squeezes {@code r} ({@code Nifs.challenge}).
     */
    public static Transcript nodeTranscript(long[] seed, int layer, int lo, int hi, long[] left, long[] right) {
        Transcript t = new Transcript(LABEL);
        t.absorbScalar("seed", seed, 0);
        t.absorbLong("layer", layer);
        t.absorbLong("node.lo", lo);
        t.absorbLong("node.hi", hi);
        t.absorbScalar("left", left, 0);
        t.absorbScalar("right", right, 0);
        return t;
    }

    /** A subtree's digest: the last squeeze of its transcript, after its last fold. */
    public static long[] digest(Transcript t) {
        return t.challengeScalar("subtree-digest");
    }

    /** How a tree is evaluated: a subtree per image, a fold per node. */
    public interface Folder<A> {
        A image(int image);

        /** Folds {@code right} (images {@code [mid, hi)}) into {@code left} ({@code [lo, mid)}); node {@code node} in post-order. */
        A node(int lo, int hi, int node, A left, A right);
    }

    /**
     * Evaluates the subtree over images {@code [lo, hi)} of the tree over {@code n} images depth first, left
     * before right ({@code [lo, hi)} must be a node or a leaf).
     */
    public static <A> A fold(int n, int lo, int hi, Folder<A> f) {
        if (hi - lo == 1) {
            return f.image(lo);
        }
        int node = nodeIndex(n, lo, hi);   // also checks that [lo, hi) is a node
        int mid = lo + split(hi - lo);
        A left = fold(n, lo, mid, f);
        A right = fold(n, mid, hi, f);
        return f.node(lo, hi, node, left, right);
    }

    /**
     * Evaluates the whole tree over {@code n} images when some subtrees are already folded (a worker's
     * blocks): {@code known} answers a range {@code lo, hi} with its folded subtree, or null; the nodes
     * above are folded with {@code f}, whose {@link Folder#image} must not be needed.
     */
    public static <A> A foldAbove(int n, java.util.function.BiFunction<Integer, Integer, A> known, Folder<A> f) {
        Folder<A> g = new Folder<>() {
            @Override
            public A image(int image) {
                A a = known.apply(image, image + 1);
                if (a == null) {
                    throw new IllegalStateException("image " + image + " was not folded");
                }
                return a;
            }

            @Override
            public A node(int lo, int hi, int node, A left, A right) {
                return f.node(lo, hi, node, left, right);
            }
        };
        return above(n, 0, n, known, g);
    }

    private static <A> A above(int n, int lo, int hi, java.util.function.BiFunction<Integer, Integer, A> known,
                               Folder<A> f) {
        A a = known.apply(lo, hi);
        if (a != null) {
            return a;
        }
        if (hi - lo == 1) {
            return f.image(lo);
        }
        int mid = lo + split(hi - lo);
        A left = above(n, lo, mid, known, f);
        A right = above(n, mid, hi, known, f);
        return f.node(lo, hi, nodeIndex(n, lo, hi), left, right);
    }

    /**
     * The aligned blocks of {@code 2^k} images ({@code 2^k >= per}, the last one shorter) that cover
     * {@code [0, n)}: each is a node (or leaf) of the tree, so a worker can fold it alone.
     */
    public static List<int[]> blocks(int n, int per) {
        int size = per <= 1 ? 1 : Integer.highestOneBit(per - 1) << 1;
        List<int[]> out = new ArrayList<>();
        for (int lo = 0; lo < n; lo += size) {
            out.add(new int[] {lo, Math.min(n, lo + size)});
        }
        return out;
    }
}
