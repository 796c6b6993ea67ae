package foldproof.folding.proof;

import foldproof.bn254.g1.G1Point;
import foldproof.circuits.r1cs.R1CSShape;
import foldproof.folding.nifs.Accumulator;
import foldproof.folding.nifs.RelaxedInstance;
import foldproof.folding.nifs.RelaxedWitness;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A folded {@link Subtree} as bytes, to move it between the processes of one prover (a Spark executor
 * folds a block of images and sends the result to the driver): the running pair's instance, witness
 * (with its blinding factors), products and fold messages, the digest, the AUX commitments and message
 * commitments. It carries
 * secrets (the folded witness and blinds): it stays among the prover's own machines, never in a proof.
 * Not a verifier input, so decoding checks only what keeps a bug from going unnoticed (shape fit).
 */
public final class SubtreeCodec {
    private SubtreeCodec() { }

    public static byte[] write(Subtree s) {
        ByteArrayOutputStream bos = new ByteArrayOutputStream(1 << 20);
        try (DataOutputStream out = new DataOutputStream(bos)) {
            out.writeInt(s.lo());
            out.writeInt(s.hi());
            longs(out, s.digest());
            RelaxedInstance u = s.accumulator().instance();
            points(out, u.slotComms());
            longs(out, u.u());
            longs(out, u.x());
            longs(out, u.tau() == null ? new long[0] : u.tau());
            RelaxedWitness w = s.accumulator().witness();
            out.writeInt(w.numSlots());
            for (long[] slot : w.slots()) {
                longs(out, slot);
            }
            longs(out, w.slotBlinds());
            longs(out, w.e());
            for (long[] p : s.accumulator().products()) {
                longs(out, p);
            }
            out.writeInt(s.accumulator().messages().size());
            for (java.util.Map.Entry<Integer, Accumulator.Message> en : s.accumulator().messages().entrySet()) {
                out.writeInt(en.getKey());
                longs(out, en.getValue().values());
                longs(out, en.getValue().blind());
                longs(out, en.getValue().lambda());
                if (en.getValue().spillAt() != null) {
                    throw new IllegalStateException("the blinding fold's message never leaves the driver");
                }
            }
            out.writeInt(s.aux().length);
            for (G1Point[] a : s.aux()) {
                points(out, a);
            }
            out.writeInt(s.crossAt().length);
            for (int i = 0; i < s.crossAt().length; i++) {
                out.writeInt(s.crossAt()[i]);
                out.write(s.cross()[i].encode());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bos.toByteArray();
    }

    /** Decodes a subtree of a layer of shape {@code shape}. */
    public static Subtree read(byte[] bytes, R1CSShape shape) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int lo = in.readInt();
            int hi = in.readInt();
            long[] digest = longs(in);
            G1Point[] comms = points(in);
            long[] uu = longs(in);
            long[] x = longs(in);
            long[] tau = longs(in);
            RelaxedInstance u = new RelaxedInstance(comms, uu, x, tau.length == 0 ? null : tau);
            long[][] slots = new long[in.readInt()][];
            for (int i = 0; i < slots.length; i++) {
                slots[i] = longs(in);
            }
            RelaxedWitness w = new RelaxedWitness(slots, longs(in), longs(in));
            long[] az = longs(in);
            long[] bz = longs(in);
            long[] cz = longs(in);
            java.util.TreeMap<Integer, Accumulator.Message> msgs = new java.util.TreeMap<>();
            int nm = in.readInt();
            for (int i = 0; i < nm; i++) {
                int k = in.readInt();
                msgs.put(k, new Accumulator.Message(longs(in), longs(in), longs(in)));
            }
            Accumulator acc = Accumulator.restore(shape, u, w, az, bz, cz, msgs);
            G1Point[][] aux = new G1Point[in.readInt()][];
            for (int i = 0; i < aux.length; i++) {
                aux[i] = points(in);
            }
            int n = in.readInt();
            int[] at = new int[n];
            G1Point[] cross = new G1Point[n];
            for (int i = 0; i < n; i++) {
                at[i] = in.readInt();
                cross[i] = point(in);
            }
            if (in.available() != 0) {
                throw new IllegalArgumentException("trailing bytes after a subtree");
            }
            return new Subtree(acc, digest, lo, hi, aux, at, cross);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void longs(DataOutputStream out, long[] v) throws IOException {
        out.writeInt(v.length);
        for (long x : v) {
            out.writeLong(x);
        }
    }

    private static long[] longs(DataInputStream in) throws IOException {
        long[] v = new long[in.readInt()];
        for (int i = 0; i < v.length; i++) {
            v[i] = in.readLong();
        }
        return v;
    }

    private static void points(DataOutputStream out, G1Point[] ps) throws IOException {
        out.writeInt(ps.length);
        for (G1Point p : ps) {
            out.write(p.encode());
        }
    }

    private static G1Point[] points(DataInputStream in) throws IOException {
        G1Point[] ps = new G1Point[in.readInt()];
        for (int i = 0; i < ps.length; i++) {
            ps[i] = point(in);
        }
        return ps;
    }

    private static G1Point point(DataInputStream in) throws IOException {
        byte[] b = new byte[32];
        in.readFully(b);
        return G1Point.decode(b);
    }
}
