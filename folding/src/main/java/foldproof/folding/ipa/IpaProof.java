package foldproof.folding.ipa;

import foldproof.bn254.fr.Fr;
import foldproof.bn254.g1.G1Point;
import foldproof.folding.ProofException;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * An inner-product argument transcript for a vector of length {@code 2^rounds}: one {@code (L_k, R_k)}
 * pair per halving round and the final folded scalar {@code a}. Encoding: {@code L_0, R_0, .., L, R}
 * (32-byte compressed points), then {@code a} (32-byte canonical scalar). The number of rounds is never
 * read from the bytes: the reader is told it (derived from the R1CS shape).
 */
public final class IpaProof {
    private final G1Point[] l;
    private final G1Point[] r;
    private final long[] a;

    public IpaProof(G1Point[] l, G1Point[] r, long[] a) {
        if (l.length != r.length || a.length != 4) {
            throw new IllegalArgumentException("IPA proof: " + l.length + " L, " + r.length + " R");
        }
        this.l = l;
        this.r = r;
        this.a = a;
    }

    public int rounds() { return l.length; }

    public G1Point l(int k) { return l[k]; }

    public G1Point r(int k) { return r[k]; }

    /** The final scalar (a copy). */
    public long[] a() { return a.clone(); }

    /** Encoded size in bytes for {@code rounds} rounds. */
    public static int encodedSize(int rounds) {
        return 64 * rounds + 32;
    }

    public void write(DataOutput out) throws IOException {
        for (int k = 0; k < l.length; k++) {
            out.write(l[k].encode());
            out.write(r[k].encode());
        }
        byte[] b = new byte[32];
        Fr.toBytes(a, 0, b, 0);
        out.write(b);
    }

    /** Strict read of a proof with exactly {@code rounds} rounds; {@code what} names it in errors. */
    public static IpaProof read(DataInput in, int rounds, String what) throws IOException {
        G1Point[] l = new G1Point[rounds];
        G1Point[] r = new G1Point[rounds];
        for (int k = 0; k < rounds; k++) {
            l[k] = readPoint(in, what + " L[" + k + "]");
            r[k] = readPoint(in, what + " R[" + k + "]");
        }
        long[] a = new long[4];
        readScalar(in, a, 0, what + " final scalar");
        return new IpaProof(l, r, a);
    }

    /** Reads one compressed point, rejecting invalid encodings with a {@link ProofException}. */
    public static G1Point readPoint(DataInput in, String what) throws IOException {
        byte[] b = new byte[32];
        in.readFully(b);
        try {
            return G1Point.decode(b);
        } catch (RuntimeException e) {
            throw new ProofException(what + ": invalid point (" + e.getMessage() + ")", e);
        }
    }

    /** Reads one canonical scalar ({@code < r}) into {@code out[oo..]}. */
    public static void readScalar(DataInput in, long[] out, int oo, String what) throws IOException {
        byte[] b = new byte[32];
        in.readFully(b);
        try {
            Fr.fromBytesStrict(b, 0, out, oo);
        } catch (RuntimeException e) {
            throw new ProofException(what + ": scalar out of range (" + e.getMessage() + ")", e);
        }
    }
}
