package foldproof.bn254.g1;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import foldproof.bn254.Bn254Exception;
import foldproof.bn254.fq.Fq;
import foldproof.bn254.fr.Fr;
import java.math.BigInteger;
import java.util.Random;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** G1 and G1Point against Bouncy Castle's generic prime curve with BN254 parameters. */
class G1Test {
    static final BigInteger P = Fq.MODULUS;
    static final BigInteger R = Fr.MODULUS;
    static final ECCurve CURVE = new ECCurve.Fp(P, BigInteger.ZERO, BigInteger.valueOf(3), R, BigInteger.ONE);
    static final ECPoint BC_G = CURVE.createPoint(BigInteger.ONE, BigInteger.TWO);
    static Random rnd;

    @BeforeAll
    static void seed() {
        long seed = Long.getLong("test.seed", System.nanoTime());
        System.out.println("G1Test seed = " + seed);
        rnd = new Random(seed);
    }

    static long[] fr(BigInteger k) {
        long[] f = new long[4];
        Fr.fromBigInteger(k, f, 0);
        return f;
    }

    static void assertSame(ECPoint expect, G1Point actual) {
        ECPoint e = expect.normalize();
        if (e.isInfinity()) {
            assertTrue(actual.isIdentity(), "expected identity");
            return;
        }
        assertFalse(actual.isIdentity(), "unexpected identity");
        long[] a = actual.affine();
        assertEquals(e.getAffineXCoord().toBigInteger(), Fq.toBigInteger(a, 0), "x");
        assertEquals(e.getAffineYCoord().toBigInteger(), Fq.toBigInteger(a, 4), "y");
        byte[] bc = e.getEncoded(true); // 0x02/0x03 || x
        byte[] ours = actual.encode();
        byte[] x = ours.clone();
        x[0] &= 0x3F;
        assertArrayEquals(java.util.Arrays.copyOfRange(bc, 1, 33), x);
        assertEquals(bc[0] == 3, (ours[0] & 0x40) != 0, "y parity flag");
    }

    @Test
    void scalarMulAddDoubleMatchBouncyCastle() {
        BigInteger[] edge = {BigInteger.ZERO, BigInteger.ONE, BigInteger.TWO, R.subtract(BigInteger.ONE),
            R.subtract(BigInteger.TWO), BigInteger.valueOf(8), BigInteger.valueOf(15), BigInteger.valueOf(16)};
        for (BigInteger k : edge) {
            assertSame(BC_G.multiply(k), G1Point.GENERATOR.mul(fr(k)));
        }
        for (int i = 0; i < 40; i++) {
            BigInteger k1 = new BigInteger(256, rnd).mod(R), k2 = new BigInteger(256, rnd).mod(R);
            ECPoint e1 = BC_G.multiply(k1), e2 = BC_G.multiply(k2);
            G1Point p1 = G1Point.GENERATOR.mul(fr(k1)), p2 = G1Point.GENERATOR.mul(fr(k2));
            assertSame(e1, p1);
            assertSame(e1.add(e2), p1.add(p2));
            assertSame(e1.twice(), p1.dbl());
            assertSame(e1.add(e1), p1.add(p1));            // add falls back to doubling
            assertSame(e1.subtract(e2), p1.sub(p2));
            assertSame(e1.negate(), p1.neg());
            assertTrue(p1.sub(p1).isIdentity());
            assertSame(e1.multiply(k2), p1.mul(fr(k2)));
            assertEquals(p1.add(p2), p2.add(p1));
            assertEquals(p1.add(p2).hashCode(), p2.add(p1).hashCode());
        }
    }

    @Test
    void identityHandling() {
        G1Point id = G1Point.IDENTITY, g = G1Point.GENERATOR;
        assertEquals(g, g.add(id));
        assertEquals(g, id.add(g));
        assertTrue(id.add(id).isIdentity());
        assertTrue(id.dbl().isIdentity());
        assertTrue(id.neg().isIdentity());
        assertTrue(g.mul(fr(R.subtract(BigInteger.ONE))).add(g).isIdentity());
        assertNotEquals(g, id);
        assertEquals(id, G1Point.decode(id.encode()));
        byte[] e = id.encode();
        assertEquals((byte) 0x80, e[0]);
        long[] a = id.affine();
        assertTrue(G1.isIdentityAffine(a, 0));
    }

    @Test
    void mixedAddAndBatchAffine() {
        int n = 20;
        G1Point[] pts = new G1Point[n];
        for (int i = 0; i < n; i++) {
            pts[i] = i % 7 == 3 ? G1Point.IDENTITY : G1Point.GENERATOR.mul(fr(new BigInteger(256, rnd).mod(R)));
        }
        pts[5] = pts[4];                 // duplicate: mixed add must double
        pts[6] = pts[4].neg();           // inverse: mixed add must give identity
        long[] aff = G1Point.toAffine(pts);
        long[] acc = new long[G1.JAC];
        long[] s = new long[G1.SCRATCH];
        G1Point expect = G1Point.IDENTITY;
        G1.setIdentity(acc, 0);
        for (int i = 0; i < n; i++) {
            assertEquals(pts[i], G1Point.fromAffine(aff, G1.AFF * i));
            G1.addMixed(acc, 0, aff, G1.AFF * i, acc, 0, s);
            expect = expect.add(pts[i]);
            assertEquals(expect, G1Point.fromJacobian(acc, 0));
        }
        long[] j = new long[G1.JAC];
        pts[4].writeJacobian(j, 0);
        G1.addMixed(j, 0, aff, G1.AFF * 5, j, 0, s);
        assertEquals(pts[4].dbl(), G1Point.fromJacobian(j, 0));
        pts[4].writeJacobian(j, 0);
        G1.addMixed(j, 0, aff, G1.AFF * 6, j, 0, s);
        assertTrue(G1.isIdentity(j, 0));
    }

    @Test
    void encodingRoundTripAndStrictDecode() {
        for (int i = 0; i < 30; i++) {
            G1Point p = G1Point.GENERATOR.mul(fr(new BigInteger(256, rnd).mod(R)));
            assertEquals(p, G1Point.decode(p.encode()));
            assertEquals(p.neg(), G1Point.decode(p.neg().encode()));
        }
        assertEquals(G1Point.GENERATOR, G1Point.decode(G1Point.GENERATOR.encode()));
        String m;
        m = assertThrows(Bn254Exception.class, () -> G1Point.decode(new byte[31])).getMessage();
        assertTrue(m.contains("32 bytes"), m);
        m = assertThrows(Bn254Exception.class, () -> G1Point.decode(new byte[33])).getMessage();
        assertTrue(m.contains("32 bytes"), m);
        byte[] badId = G1Point.IDENTITY.encode();
        badId[31] = 1;
        m = assertThrows(Bn254Exception.class, () -> G1Point.decode(badId)).getMessage();
        assertTrue(m.contains("identity flag"), m);
        byte[] badId2 = G1Point.IDENTITY.encode();
        badId2[0] |= 0x40;
        assertThrows(Bn254Exception.class, () -> G1Point.decode(badId2));
        byte[] big = new byte[32];
        long[] pl = new long[4];
        foldproof.bn254.internal.MontField.limbs(P, pl, 0);
        foldproof.bn254.internal.MontField.writeBigEndian(pl, 0, big, 0); // x = p
        m = assertThrows(Bn254Exception.class, () -> G1Point.decode(big)).getMessage();
        assertTrue(m.contains("non-canonical"), m);
        // x = 0: 0 + 3 = 3 must not be a square for this to be off-curve; find some x with no point
        int found = 0;
        for (int x = 0; x < 50; x++) {
            BigInteger rhs = BigInteger.valueOf(x).pow(3).add(BigInteger.valueOf(3)).mod(P);
            boolean square = rhs.modPow(P.subtract(BigInteger.ONE).shiftRight(1), P).equals(BigInteger.ONE);
            byte[] enc = new byte[32];
            enc[31] = (byte) x;
            if (!square) {
                found++;
                String msg = assertThrows(Bn254Exception.class, () -> G1Point.decode(enc)).getMessage();
                assertTrue(msg.contains("not the x coordinate"), msg);
            } else {
                G1Point pt = G1Point.decode(enc);
                assertEquals(BigInteger.valueOf(x), Fq.toBigInteger(pt.affine(), 0));
            }
        }
        assertTrue(found > 5);
        long[] offCurve = new long[8];
        Fq.fromLong(1, offCurve, 0);
        Fq.fromLong(3, offCurve, 4);
        assertThrows(Bn254Exception.class, () -> G1Point.fromAffine(offCurve, 0));
    }
}
