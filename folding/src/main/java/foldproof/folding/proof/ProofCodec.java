package foldproof.folding.proof;

import foldproof.bn254.g1.G1Point;
import foldproof.circuits.layers.LayerCircuit;
import foldproof.circuits.r1cs.R1CSShape;
import foldproof.folding.ProofException;
import foldproof.folding.nifs.RandomInstance;
import foldproof.folding.nifs.RelaxedInstance;
import foldproof.folding.spartan.CompressedProof;
import foldproof.folding.spartan.FinalOpening;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The proof file (docs/proof-format.md). Big-endian; points are 32-byte compressed G1, scalars 32-byte
 * canonical big-endian Fr. Decoding is strict: every count comes from the model ({@link ModelContext}),
 * never from the file; truncation, trailing bytes, unknown flags, non-canonical scalars and invalid points
 * are {@link ProofException}s naming the section and byte offset.
 */
public final class ProofCodec {
    /** "FPRF" then a line-ending trap (CR LF SUB LF) that catches text-mode mangling. */
    static final byte[] MAGIC = {'F', 'P', 'R', 'F', 0x0D, 0x0A, 0x1A, 0x0A};
    static final int FLAG_PUBLIC_INPUT = 1;
    /** Bytes before the model digest: magic, version (u16), flags (u8). */
    static final int HEADER = MAGIC.length + 3;

    /** Largest batch a proof may claim (the decoder also bounds it by the file's length). */
    static final int MAX_BATCH = 1 << 20;

    private ProofCodec() { }

    /**
     * The fewest bytes one image adds to a proof of this model: its logits, label, opened input, encoded
     * rows, and per layer one AUX set and one cross term per tile. Bounds the claimed batch size by the
     * file's length before anything is allocated for it.
     */
    static long minBytesPerImage(ModelContext ctx, boolean publicInput) {
        long b = 8L * ctx.numClasses() + 4 + (publicInput ? ctx.shapes().get(0).size() : 0)
                + 32L * ctx.table().encodedSize(publicInput);
        for (int l = 0; l < ctx.circuits().size(); l++) {
            int tiles = ctx.circuits().get(l).numTiles();
            b += 32L * tiles * (Protocol.auxSlots(ctx.skeletons().get(l).layout()) + 1);
        }
        return Math.max(1, b - 32);
    }

    /** Encodes a proof whose row table has the layout {@code table}. */
    public static byte[] write(Proof p, RowTable table) {
        ByteArrayOutputStream bos = new ByteArrayOutputStream(1 << 16);
        try (DataOutputStream out = new DataOutputStream(bos)) {
            out.write(MAGIC);
            out.writeShort(Protocol.VERSION);
            out.writeByte(p.hasPublicInput() ? FLAG_PUBLIC_INPUT : 0);
            out.write(p.modelDigest());
            out.writeInt(p.batchSize());
            for (Proof.Image im : p.images()) {
                for (long v : im.logits()) {
                    out.writeLong(v);
                }
                out.writeInt(im.label());
                if (p.hasPublicInput()) {
                    for (int v : im.publicInput()) {
                        out.writeByte(v);
                    }
                }
            }
            for (Proof.Image im : p.images()) {
                for (int i = 0; i < im.rows().length; i++) {
                    if (!(p.hasPublicInput() && table.isInputRow(i))) {
                        out.write(im.rows()[i].encode());
                    }
                }
            }
            for (LayerProof lp : p.layers()) {
                for (G1Point[] tile : lp.aux()) {
                    for (G1Point a : tile) {
                        out.write(a.encode());
                    }
                }
                for (G1Point t : lp.crossTerms()) {
                    out.write(t.encode());
                }
                RelaxedInstance b = lp.blinding();
                for (G1Point c : b.slotComms()) {
                    out.write(c.encode());
                }
                // format 8: its u = 1 and x = 0 are fixed, not written; format 9: it has no comm_E
                out.write(lp.blindingCrossTerm().encode());
                lp.compressed().write(out);
            }
            p.opening().write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bos.toByteArray();
    }

    /**
     * Decodes a proof for the model of {@code ctx}. The input rows of a public-input proof are left null in
     * {@link Proof#rows()}: the verifier recomputes them.
     *
     * @throws ProofException on any malformation, naming what and where
     */
    public static Proof read(byte[] bytes, ModelContext ctx) {
        Input in = new Input(bytes);
        String section = "header";
        try {
            byte[] magic = in.bytes(MAGIC.length);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new ProofException("not a foldproof proof file (bad magic bytes)");
            }
            int version = in.data.readUnsignedShort();
            if (version != Protocol.VERSION) {
                throw new ProofException("unsupported proof format version " + version + " (this verifier reads "
                        + Protocol.VERSION + (version < Protocol.VERSION ? "; the proof comes from an older foldproof: prove again" : "")
                        + ")");
            }
            int flags = in.data.readUnsignedByte();
            if ((flags & ~FLAG_PUBLIC_INPUT) != 0) {
                throw new ProofException("unknown proof flags 0x" + Integer.toHexString(flags));
            }
            boolean publicInput = (flags & FLAG_PUBLIC_INPUT) != 0;
            section = "model digest";
            byte[] digest = in.bytes(32);
            if (!Arrays.equals(digest, ctx.digest())) {
                throw new ProofException("proof is for another model (digest " + HexFormat.of().formatHex(digest)
                        + "), not " + ctx.model().name() + " (digest " + HexFormat.of().formatHex(ctx.digest()) + ")");
            }
            section = "batch size";
            int images = in.data.readInt();
            RowTable table = ctx.table();
            if (images < 1 || images > MAX_BATCH || images > (bytes.length - in.pos()) / minBytesPerImage(ctx, publicInput)) {
                throw new ProofException("batch size " + Integer.toUnsignedString(images) + " at byte " + (in.pos() - 4)
                        + " is out of range (1.." + Math.min(MAX_BATCH, (bytes.length - in.pos()) / minBytesPerImage(ctx, publicInput))
                        + " for a file of " + bytes.length + " bytes)");
            }
            long[][] logits = new long[images][];
            int[] labels = new int[images];
            int[][] inputs = new int[images][];
            for (int n = 0; n < images; n++) {
                String img = images > 1 ? "image " + n + " " : "";
                section = img + "logits";
                logits[n] = new long[ctx.numClasses()];
                for (int i = 0; i < logits[n].length; i++) {
                    logits[n][i] = in.data.readLong();
                }
                labels[n] = in.data.readInt();
                if (labels[n] < 0 || labels[n] >= logits[n].length) {
                    throw new ProofException(img + "label " + labels[n] + " out of range 0.." + (logits[n].length - 1) + " at byte "
                            + (in.pos() - 4));
                }
                if (publicInput) {
                    section = img + "public input";
                    inputs[n] = new int[ctx.shapes().get(0).size()];
                    for (int i = 0; i < inputs[n].length; i++) {
                        inputs[n][i] = in.data.readByte();
                    }
                }
            }
            List<Proof.Image> claims = new ArrayList<>();
            for (int n = 0; n < images; n++) {
                String img = images > 1 ? "image " + n + " " : "";
                section = img + "row table";
                G1Point[] rows = new G1Point[table.size()];
                for (int i = 0; i < rows.length; i++) {
                    if (!(publicInput && table.isInputRow(i))) {
                        rows[i] = in.point(img + "row table, row " + i);
                    }
                }
                claims.add(new Proof.Image(logits[n], labels[n], inputs[n], rows));
            }
            int vars = Protocol.openingVars(Protocol.generators(ctx, images));
            int[] merges = Protocol.mergeSchedule(ctx, images);
            List<LayerProof> layers = new ArrayList<>();
            for (int l = 0; l < ctx.circuits().size(); l++) {
                LayerCircuit lc = ctx.circuits().get(l);
                R1CSShape sk = ctx.skeletons().get(l);
                String where = "layer " + l + " (" + sk.name() + ")";
                section = where;
                int nAux = Protocol.auxSlots(sk.layout());
                int tiles = lc.numTiles();
                G1Point[][] aux = new G1Point[tiles * images][nAux];
                for (int t = 0; t < aux.length; t++) {
                    for (int k = 0; k < nAux; k++) {
                        aux[t][k] = in.point(where + (images > 1 ? ", image " + t / tiles : "") + ", tile " + t % tiles
                                + " AUX commitment");
                    }
                }
                G1Point[] cross = new G1Point[FoldTree.crossTerms(tiles, images)];
                for (int t = 0; t < cross.length; t++) {
                    cross[t] = in.point(where + ", fold message commitment " + t);
                }
                int nSlots = sk.layout().slots().size();
                G1Point[] bw = new G1Point[nSlots];
                for (int s = 0; s < nSlots; s++) {
                    bw[s] = in.point(where + ", blinding instance slot " + s);
                }
                G1Point bt = in.point(where + ", blinding fold message commitment");
                section = where + ", compressed proof";
                int at = in.pos();
                CompressedProof cp;
                try {
                    cp = CompressedProof.read(in.data, sk, vars, merges[l]);
                } catch (EOFException e) {
                    throw e;
                } catch (IOException | RuntimeException e) {
                    throw new ProofException("malformed " + section + " (starting at byte " + at + "): " + e.getMessage(), e);
                }
                layers.add(new LayerProof(aux, cross, RandomInstance.instance(bw, sk.layout().numPublic()), bt, cp));
            }
            section = "final opening";
            int at = in.pos();
            FinalOpening opening;
            try {
                opening = FinalOpening.read(in.data, vars);
            } catch (EOFException e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                throw new ProofException("malformed " + section + " (starting at byte " + at + "): " + e.getMessage(), e);
            }
            if (in.pos() != bytes.length) {
                throw new ProofException((bytes.length - in.pos()) + " unexpected trailing bytes after the final opening (at byte "
                        + in.pos() + ")");
            }
            return new Proof(digest, claims, layers, opening);
        } catch (EOFException e) {
            throw new ProofException("proof is truncated: it ends at byte " + bytes.length + " inside " + section);
        } catch (IOException e) {
            throw new ProofException("cannot read proof: " + e.getMessage(), e);
        }
    }

    /** Byte-array input that knows its position. */
    private static final class Input {
        final Counting counting;
        final DataInputStream data;

        Input(byte[] b) {
            counting = new Counting(b);
            data = new DataInputStream(counting);
        }

        int pos() {
            return counting.position();
        }

        byte[] bytes(int n) throws IOException {
            byte[] b = new byte[n];
            data.readFully(b);
            return b;
        }

        G1Point point(String what) throws IOException {
            int at = pos();
            byte[] b = bytes(32);
            try {
                return G1Point.decode(b);
            } catch (RuntimeException e) {
                throw new ProofException("invalid point in " + what + " at byte " + at + ": " + e.getMessage());
            }
        }
    }

    private static final class Counting extends ByteArrayInputStream {
        Counting(byte[] b) {
            super(b);
        }

        int position() {
            return pos;
        }
    }
}
