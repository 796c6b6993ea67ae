package foldproof.circuits.r1cs;

import foldproof.bn254.fr.Fr;
import foldproof.circuits.layers.Circuits;
import foldproof.circuits.layers.LayerCircuit;
import foldproof.fixtures.DemoModels;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class R1csKernelsTest {
    private static final long SEED = 99L;

    @Test
    void layoutOffsetsAreAlignedAndDisjoint() {
        SegmentLayout l = SegmentLayout.build(List.of(SegmentLayout.Kind.IN, SegmentLayout.Kind.IN, SegmentLayout.Kind.OUT,
                SegmentLayout.Kind.AUX), new int[] {96, 96, 40, 1000}, 3);
        long used = 0;
        for (SegmentLayout.Slot s : l.slots()) {
            assertEquals(0, s.offset() % s.padded(), s.toString());
            assertTrue(Integer.bitCount(s.padded()) == 1 && s.padded() >= s.length());
            used += s.padded();
        }
        assertEquals(1024 + 128 + 128 + 64, used);
        assertEquals(2048, l.witnessLength());
        assertEquals(2048, l.uColumn());
        assertEquals(2048 + 1 + 3, l.zLength());
        assertEquals(1, l.slots().get(1).index());
    }

    /** mulFr on a small-integer z equals mulLong, mod r; and on random Fr z equals a BigInteger oracle. */
    @Test
    void mulFrAgreesWithLongAndBigInteger() {
        System.out.println("seed " + SEED);
        Random rnd = new Random(SEED);
        List<LayerCircuit> cs = Circuits.forModel(DemoModels.tiny());
        for (LayerCircuit c : List.of(cs.get(0), cs.get(1), cs.get(cs.size() - 1))) {
            R1CSShape s = c.shape();
            int n = s.layout().zLength();
            long[] z = new long[n];
            long[] zFr = new long[4 * n];
            BigInteger[] zBig = new BigInteger[n];
            for (int i = 0; i < n; i++) {
                z[i] = rnd.nextInt(512) - 256;
                Fr.fromLong(z[i], zFr, 4 * i);
                zBig[i] = BigInteger.valueOf(z[i]);
            }
            for (SparseMatrix m : new SparseMatrix[] {s.a(), s.b(), s.c()}) {
                long[] outL = new long[m.rows()];
                MatVec.mulLong(m, z, outL, null);
                long[] outF = new long[4 * m.rows()];
                MatVec.mulFr(m, zFr, outF);
                for (int r = 0; r < m.rows(); r++) {
                    assertEquals(BigInteger.valueOf(outL[r]).mod(Fr.MODULUS), Fr.toBigInteger(outF, 4 * r), "row " + r);
                }
            }
            // random full-width z
            for (int i = 0; i < n; i++) {
                zBig[i] = new BigInteger(253, rnd).mod(Fr.MODULUS);
                Fr.fromBigInteger(zBig[i], zFr, 4 * i);
            }
            SparseMatrix m = s.c();
            long[] outF = new long[4 * m.rows()];
            MatVec.mulFr(m, zFr, outF);
            for (int r = 0; r < m.rows(); r += Math.max(1, m.rows() / 50)) {
                BigInteger e = BigInteger.ZERO;
                for (int k = m.rowStart()[r]; k < m.rowStart()[r + 1]; k++) {
                    e = e.add(BigInteger.valueOf(m.coeff()[k]).multiply(zBig[m.col()[k]]));
                }
                assertEquals(e.mod(Fr.MODULUS), Fr.toBigInteger(outF, 4 * r));
            }
        }
    }

    @Test
    void mulLongFlagsOverflow() {
        SparseMatrix m = new SparseMatrix(2, 2, new int[] {0, 2, 3}, new int[] {0, 1, 1}, new long[] {Long.MAX_VALUE, 1, 3});
        long[] out = new long[2];
        boolean[] ovf = new boolean[2];
        MatVec.mulLong(m, new long[] {1, 1}, out, ovf);
        assertTrue(ovf[0]);
        assertEquals(3, out[1]);
        assertTrue(MatVec.productEquals(1L << 40, 1L << 20, 1L << 60));
        assertTrue(!MatVec.productEquals(1L << 40, 1L << 30, 0));
    }
}
