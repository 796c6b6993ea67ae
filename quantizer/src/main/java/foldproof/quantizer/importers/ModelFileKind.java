package foldproof.quantizer.importers;

import foldproof.quantizer.QuantizerException;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * What a file passed as a model looks like, from what can be known: magics ({@code FPQM}; JPEG, PNG, GIF,
 * ZIP, gzip), the safetensors header (8-byte little-endian length, then {@code '{'}), text, the name. ONNX
 * has no magic: a file is taken as ONNX only when its name ends in {@code .onnx} or its first protobuf
 * fields parse as a {@code ModelProto}'s (known field numbers with their wire types, lengths inside the file).
 */
final class ModelFileKind {
    /** The formats a model file may have, as messages say it. */
    static final String EXPECTED = "expected .fpq, ONNX or safetensors";

    /** ModelProto field number -> wire type (onnx.proto3): ir_version, producer_*, domain, model_version, doc_string, graph, opset_import, metadata_props, training_info, functions. */
    private static final Map<Integer, Integer> MODEL_PROTO = Map.ofEntries(Map.entry(1, ProtoReader.VARINT),
            Map.entry(2, ProtoReader.LEN), Map.entry(3, ProtoReader.LEN), Map.entry(4, ProtoReader.LEN),
            Map.entry(5, ProtoReader.VARINT), Map.entry(6, ProtoReader.LEN), Map.entry(7, ProtoReader.LEN),
            Map.entry(8, ProtoReader.LEN), Map.entry(14, ProtoReader.LEN), Map.entry(20, ProtoReader.LEN),
            Map.entry(25, ProtoReader.LEN));

    /** How many leading fields must parse (fewer if the file ends first). */
    private static final int ONNX_FIELDS = 3;

    private ModelFileKind() { }

    /**
     * Null if {@code bytes} (not safetensors) may be an ONNX model, else why it is no model file, e.g.
     * "it looks like text" or "it is an empty file".
     */
    static String notOnnx(byte[] bytes, String fileName) {
        String name = fileName.toLowerCase(Locale.ROOT);
        if (bytes.length == 0) {
            return "it is an empty file";
        }
        String magic = magic(bytes);
        if (magic != null) {
            return magic;
        }
        if (isText(bytes)) {
            return "it looks like text";
        }
        if (name.endsWith(".onnx") || parsesAsModelProto(bytes)) {
            return null;
        }
        if (name.endsWith(".fpq")) {
            return "it is named .fpq but does not start with the magic FPQM (not written by foldproof quantize, or damaged)";
        }
        return "it looks like unrecognised binary data (first bytes " + hexHead(bytes) + ")";
    }

    private static String magic(byte[] b) {
        if (starts(b, 'F', 'P', 'Q', 'M')) {
            return "it is a quantized .fpq model file, and a float model is needed here";
        }
        if (starts(b, 0xff, 0xd8, 0xff)) {
            return "it looks like a JPEG image";
        }
        if (starts(b, 0x89, 'P', 'N', 'G')) {
            return "it looks like a PNG image";
        }
        if (starts(b, 'G', 'I', 'F', '8')) {
            return "it looks like a GIF image";
        }
        if (starts(b, 'P', 'K', 3, 4) || starts(b, 'P', 'K', 5, 6)) {
            return "it looks like a ZIP archive (a PyTorch .pt/.pth checkpoint is one: export it to ONNX or safetensors)";
        }
        if (starts(b, 0x1f, 0x8b)) {
            return "it looks like gzip-compressed data (decompress it first)";
        }
        return null;
    }

    private static boolean starts(byte[] b, int... head) {
        if (b.length < head.length) {
            return false;
        }
        for (int i = 0; i < head.length; i++) {
            if ((b[i] & 0xff) != head[i]) {
                return false;
            }
        }
        return true;
    }

    /** The first 4 KiB decode as UTF-8 without control characters other than tab, newline, CR, form feed. */
    private static boolean isText(byte[] b) {
        int n = Math.min(b.length, 4096);
        for (int i = 0; i < n; i++) {
            int c = b[i] & 0xff;
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' || c == 0x7f) {
                return false;
            }
        }
        // endOfInput false when the file goes on: a multi-byte sequence cut at 4 KiB is still text
        ByteBuffer in = ByteBuffer.wrap(b, 0, n);
        CoderResult r = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(in, CharBuffer.allocate(n), n == b.length);
        return !r.isError() && (n < b.length || !in.hasRemaining());
    }

    /** The first {@link #ONNX_FIELDS} fields (or all, if fewer) are ModelProto fields with their wire types. */
    static boolean parsesAsModelProto(byte[] b) {
        ProtoReader r = new ProtoReader(b, 0, b.length, "ModelProto");
        try {
            for (int i = 0; i < ONNX_FIELDS; i++) {
                if (!r.next()) {
                    return i > 0;
                }
                Integer wt = MODEL_PROTO.get(r.field());
                if (wt == null || wt != r.wireType()) {
                    return false;
                }
                r.skip();
            }
            return true;
        } catch (QuantizerException e) {
            return false;
        }
    }

    private static String hexHead(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(8, b.length); i++) {
            sb.append(i == 0 ? "" : " ").append(String.format("%02x", b[i] & 0xff));
        }
        return sb.toString();
    }
}
