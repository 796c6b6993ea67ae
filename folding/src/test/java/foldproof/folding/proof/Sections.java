package foldproof.folding.proof;

import foldproof.circuits.layers.LayerCircuit;
import foldproof.folding.spartan.CompressedProof;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Byte ranges of every section of an encoded proof (test oracle for the tamper suite). */
record Sections(String name, int start, int end) {

    static List<Sections> of(ModelContext ctx, Proof p) {
        List<Sections> out = new ArrayList<>();
        int at = 0;
        at = add(out, "magic", at, 8);
        at = add(out, "version", at, 2);
        at = add(out, "flags", at, 1);
        at = add(out, "model digest", at, 32);
        at = add(out, "batch size", at, 4);
        at = add(out, "logits", at, 8 * ctx.numClasses());
        at = add(out, "label", at, 4);
        if (p.hasPublicInput()) {
            at = add(out, "public input", at, ctx.shapes().get(0).size());
        }
        at = add(out, "row table", at, 32 * ctx.table().encodedSize(p.hasPublicInput()));
        for (int l = 0; l < ctx.circuits().size(); l++) {
            LayerCircuit lc = ctx.circuits().get(l);
            String w = "layer " + l + " ";
            int n = lc.numTiles();
            at = add(out, w + "aux", at, 32 * n * Protocol.auxSlots(ctx.layout(l)));
            at = add(out, w + "cross terms", at, 32 * (n - 1));   // format 9: fold message commitments
            at = add(out, w + "blinding instance", at, 32 * ctx.layout(l).slots().size());
            at = add(out, w + "blinding cross term", at, 32);
            at = add(out, w + "compressed", at, size(p.layers().get(l).compressed()));
        }
        at = add(out, "final opening", at,
                foldproof.folding.spartan.FinalOpening.encodedSize(Protocol.openingVars(ctx.generators())));
        return out;
    }

    private static int add(List<Sections> out, String name, int at, int len) {
        if (len > 0) {
            out.add(new Sections(name, at, at + len));
        }
        return at + len;
    }

    static int size(CompressedProof cp) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (DataOutputStream d = new DataOutputStream(b)) {
            cp.write(d);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b.size();
    }
}
