package foldproof.folding.proof;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pinned fold tree: its nodes, their post-order, and that aligned blocks are subtrees. */
class FoldTreeTest {
    @Test
    void treeOverNImagesHasNMinusOneNodesInPostOrder() {
        for (int n = 1; n <= 70; n++) {
            List<int[]> nodes = FoldTree.nodes(n);
            assertEquals(n - 1, nodes.size(), "nodes over " + n);
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < nodes.size(); i++) {
                int[] nd = nodes.get(i);
                assertTrue(nd[1] - nd[0] >= 2);
                int mid = nd[0] + FoldTree.split(nd[1] - nd[0]);
                // post-order: both children (when nodes) come before the parent
                for (int[] child : new int[][] {{nd[0], mid}, {mid, nd[1]}}) {
                    if (child[1] - child[0] >= 2) {
                        assertTrue(seen.contains(child[0] + ":" + child[1]), "child before parent");
                    }
                }
                seen.add(nd[0] + ":" + nd[1]);
                assertEquals(i, FoldTree.nodeIndex(n, nd[0], nd[1]));
            }
            if (n >= 2) {
                int[] root = nodes.get(n - 2);
                assertEquals(0, root[0]);
                assertEquals(n, root[1]);
            }
        }
        assertEquals(4, FoldTree.split(5));
        assertEquals(1, FoldTree.split(2));
        assertEquals(2, FoldTree.split(4));
        assertThrows(IllegalArgumentException.class, () -> FoldTree.split(1));
        assertThrows(IllegalArgumentException.class, () -> FoldTree.nodeIndex(5, 1, 3));
        assertThrows(IllegalArgumentException.class, () -> FoldTree.nodeIndex(5, 0, 1));
        assertEquals(1 << 20, FoldTree.nodeIndex(1 << 20, 0, 1 << 20) + 2, "O(log n) on a large tree");
    }

    @Test
    void alignedBlocksAreSubtrees() {
        for (int n = 1; n <= 70; n++) {
            for (int per = 1; per <= n; per++) {
                int covered = 0;
                for (int[] b : FoldTree.blocks(n, per)) {
                    assertEquals(covered, b[0]);
                    covered = b[1];
                    if (b[1] - b[0] >= 2) {
                        FoldTree.nodeIndex(n, b[0], b[1]);   // throws unless a node
                    }
                }
                assertEquals(n, covered);
            }
        }
    }

    @Test
    void evaluationVisitsEveryImageAndNodeOnce() {
        int n = 13;
        int[] imageSeen = new int[n];
        boolean[] nodeSeen = new boolean[n - 1];
        int[] range = FoldTree.fold(n, 0, n, new FoldTree.Folder<int[]>() {
            @Override
            public int[] image(int image) {
                imageSeen[image]++;
                return new int[] {image, image + 1};
            }

            @Override
            public int[] node(int lo, int hi, int node, int[] left, int[] right) {
                assertEquals(lo, left[0]);
                assertEquals(left[1], right[0]);
                assertEquals(hi, right[1]);
                assertTrue(!nodeSeen[node]);
                nodeSeen[node] = true;
                return new int[] {lo, hi};
            }
        });
        assertEquals(0, range[0]);
        assertEquals(n, range[1]);
        for (int c : imageSeen) {
            assertEquals(1, c);
        }
        for (boolean b : nodeSeen) {
            assertTrue(b);
        }
        assertEquals(2 * 5 - 1, FoldTree.crossTerms(5, 2));
    }
}
