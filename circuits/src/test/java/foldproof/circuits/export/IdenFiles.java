package foldproof.circuits.export;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An independent test-side reader of the iden3 {@code .r1cs} and {@code .wtns} containers, strict: every
 * section size must match its content, nothing may trail, every field element must be canonical.
 */
final class IdenFiles {
    static final BigInteger R = new BigInteger("21888242871839275222246405745257275088548364400416034343698204186575808495617");

    record Term(int wire, BigInteger coeff) { }

    record Constraint(List<Term> a, List<Term> b, List<Term> c) { }

    record R1cs(BigInteger prime, int nWires, int nPubOut, int nPubIn, int nPrvIn, long nLabels,
                List<Constraint> constraints, long[] wireToLabel) { }

    private IdenFiles() { }

    static Map<Integer, ByteBuffer> sections(byte[] file, String magic, int version) {
        ByteBuffer bb = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        byte[] m = new byte[4];
        bb.get(m);
        assertEquals(magic, new String(m, java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(version, bb.getInt());
        int n = bb.getInt();
        Map<Integer, ByteBuffer> out = new HashMap<>();
        for (int i = 0; i < n; i++) {
            int type = bb.getInt();
            long size = bb.getLong();
            assertTrue(size >= 0 && size <= bb.remaining(), "section " + type + " size " + size);
            ByteBuffer s = bb.slice(bb.position(), (int) size).order(ByteOrder.LITTLE_ENDIAN);
            bb.position(bb.position() + (int) size);
            assertTrue(out.put(type, s) == null, "section " + type + " twice");
        }
        assertEquals(0, bb.remaining(), "trailing bytes");
        return out;
    }

    static BigInteger field(ByteBuffer b, int n8) {
        byte[] le = new byte[n8];
        b.get(le);
        byte[] be = new byte[n8 + 1];
        for (int i = 0; i < n8; i++) {
            be[n8 - i] = le[i];
        }
        BigInteger v = new BigInteger(be);
        assertTrue(v.compareTo(R) < 0, "non-canonical field element " + v);
        return v;
    }

    static R1cs readR1cs(byte[] file) {
        Map<Integer, ByteBuffer> s = sections(file, "r1cs", 1);
        ByteBuffer h = s.get(1);
        int n8 = h.getInt();
        assertEquals(32, n8);
        byte[] le = new byte[n8];
        h.get(le);
        byte[] be = new byte[n8 + 1];
        for (int i = 0; i < n8; i++) {
            be[n8 - i] = le[i];
        }
        BigInteger prime = new BigInteger(be);
        int nWires = h.getInt();
        int nPubOut = h.getInt();
        int nPubIn = h.getInt();
        int nPrvIn = h.getInt();
        long nLabels = h.getLong();
        int m = h.getInt();
        assertEquals(0, h.remaining(), "header size");
        ByteBuffer cs = s.get(2);
        List<Constraint> constraints = new ArrayList<>(m);
        for (int i = 0; i < m; i++) {
            constraints.add(new Constraint(lc(cs, nWires), lc(cs, nWires), lc(cs, nWires)));
        }
        assertEquals(0, cs.remaining(), "constraint section size");
        ByteBuffer map = s.get(3);
        long[] labels = new long[nWires];
        for (int i = 0; i < nWires; i++) {
            labels[i] = map.getLong();
        }
        assertEquals(0, map.remaining(), "wire map size");
        return new R1cs(prime, nWires, nPubOut, nPubIn, nPrvIn, nLabels, constraints, labels);
    }

    private static List<Term> lc(ByteBuffer b, int nWires) {
        int n = b.getInt();
        List<Term> t = new ArrayList<>(n);
        int last = -1;
        for (int i = 0; i < n; i++) {
            int w = b.getInt();
            assertTrue(w > last && w < nWires, "wire ids ascending and in range: " + w);
            last = w;
            BigInteger c = field(b, 32);
            assertTrue(c.signum() != 0, "zero coefficient");
            t.add(new Term(w, c));
        }
        return t;
    }

    static BigInteger[] readWtns(byte[] file) {
        Map<Integer, ByteBuffer> s = sections(file, "wtns", 2);
        ByteBuffer h = s.get(1);
        int n8 = h.getInt();
        assertEquals(32, n8);
        assertEquals(R, field2(h));
        int n = h.getInt();
        assertEquals(0, h.remaining());
        ByteBuffer v = s.get(2);
        BigInteger[] w = new BigInteger[n];
        for (int i = 0; i < n; i++) {
            w[i] = field(v, 32);
        }
        assertEquals(0, v.remaining());
        return w;
    }

    private static BigInteger field2(ByteBuffer b) {
        byte[] le = new byte[32];
        b.get(le);
        byte[] be = new byte[33];
        for (int i = 0; i < 32; i++) {
            be[32 - i] = le[i];
        }
        return new BigInteger(be);
    }

    static BigInteger eval(List<Term> lc, BigInteger[] w) {
        BigInteger s = BigInteger.ZERO;
        for (Term t : lc) {
            s = s.add(t.coeff().multiply(w[t.wire()]));
        }
        return s.mod(R);
    }

    /** {@code A w * B w == C w (mod r)}. */
    static boolean holds(Constraint c, BigInteger[] w) {
        return eval(c.a(), w).multiply(eval(c.b(), w)).subtract(eval(c.c(), w)).mod(R).signum() == 0;
    }

    /** Index of the first constraint {@code A w * B w != C w (mod r)}, or -1 if all hold. */
    static int firstUnsatisfied(R1cs r, BigInteger[] w) {
        for (int i = 0; i < r.constraints().size(); i++) {
            if (!holds(r.constraints().get(i), w)) {
                return i;
            }
        }
        return -1;
    }
}
