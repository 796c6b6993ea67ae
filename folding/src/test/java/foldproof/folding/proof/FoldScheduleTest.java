package foldproof.folding.proof;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pairwise folding schedule uses each of a layer's N - 1 cross-term slots exactly once. */
class FoldScheduleTest {
    @Test
    void everyCrossTermSlotIsUsedOnce() {
        for (int n = 1; n <= 40; n++) {
            int[] uses = new int[Math.max(0, n - 1)];
            int starts = 0;
            for (int t = 0; t < n; t++) {
                switch (Protocol.step(t, n)) {
                    case PAIR_START:
                        starts++;
                        break;
                    case PAIR_CLOSE:
                        uses[Protocol.pairCross(t)]++;
                        if (t >= 3) {
                            uses[Protocol.runningCross(t)]++;
                        }
                        break;
                    case ALONE:
                        assertEquals(1, n);
                        break;
                    default:
                        assertTrue(n % 2 == 1 && t == n - 1 && n > 1);
                        uses[Protocol.runningCross(t)]++;
                        break;
                }
            }
            assertEquals(n / 2, starts, "n=" + n);
            for (int i = 0; i < uses.length; i++) {
                assertEquals(1, uses[i], "n=" + n + " cross term " + i);
            }
        }
    }
}
