package foldproof.quantizer.importers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import foldproof.quantizer.QuantizerException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A strict safetensors reader: 8-byte little-endian header length N, N bytes of JSON
 * {@code {name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {..}}}, then the data
 * section. Checks: N within the file and below 100 MB, valid JSON object, known dtype, non-negative
 * shape, {@code end - begin == numel * dtypeSize}, offsets inside the data section, tensors not
 * overlapping. Floating tensors (F32, F16, BF16) convert to {@code float[]}; integer tensors (e.g. HF's
 * {@code num_batches_tracked}) are listed but not converted.
 */
public final class Safetensors {
    private static final long MAX_HEADER = 100L << 20;

    /** One tensor's header entry. */
    public record Entry(String name, String dtype, long[] shape, long begin, long end) {
        public long numel() {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return n;
        }
    }

    private final String what;
    private final byte[] file;
    private final long dataStart;
    private final Map<String, Entry> entries;

    private Safetensors(String what, byte[] file, long dataStart, Map<String, Entry> entries) {
        this.what = what;
        this.file = file;
        this.dataStart = dataStart;
        this.entries = entries;
    }

    /** Parses and validates the header of {@code file} (the whole file's bytes); {@code what} names it in errors. */
    public static Safetensors parse(byte[] file, String what) {
        if (file.length < 8) {
            throw new QuantizerException(what + ": not a safetensors file (shorter than its 8-byte header length)");
        }
        long n = ByteBuffer.wrap(file, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (n <= 1 || n > MAX_HEADER || n > file.length - 8L) {
            throw new QuantizerException(what + ": not a valid safetensors file (header length " + n + ", file has "
                    + file.length + " bytes; truncated or not safetensors)");
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(new String(file, 8, (int) n, java.nio.charset.StandardCharsets.UTF_8).trim());
        } catch (IOException e) {
            throw new QuantizerException(what + ": safetensors header is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw new QuantizerException(what + ": safetensors header is not a JSON object");
        }
        long dataLen = file.length - 8L - n;
        Map<String, Entry> map = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (f.getKey().equals("__metadata__")) {
                continue;
            }
            map.put(f.getKey(), entry(what, f.getKey(), f.getValue(), dataLen));
        }
        Entry[] sorted = map.values().toArray(new Entry[0]);
        Arrays.sort(sorted, (a, b) -> Long.compare(a.begin(), b.begin()));
        for (int i = 1; i < sorted.length; i++) {
            if (sorted[i].begin() < sorted[i - 1].end()) {
                throw new QuantizerException(what + ": tensors '" + sorted[i - 1].name() + "' and '" + sorted[i].name() + "' overlap");
            }
        }
        return new Safetensors(what, file, 8 + n, Collections.unmodifiableMap(map));
    }

    private static Entry entry(String what, String name, JsonNode v, long dataLen) {
        String at = what + ": tensor '" + name + "'";
        if (!v.isObject() || !v.path("dtype").isTextual() || !v.path("shape").isArray() || !v.path("data_offsets").isArray()
                || v.get("data_offsets").size() != 2) {
            throw new QuantizerException(at + " needs dtype, shape and data_offsets [begin, end]");
        }
        String dtype = v.get("dtype").asText();
        int size = dtypeSize(dtype);
        if (size == 0) {
            throw new QuantizerException(at + " has unknown dtype " + dtype);
        }
        long[] shape = new long[v.get("shape").size()];
        long numel = 1;
        for (int i = 0; i < shape.length; i++) {
            JsonNode d = v.get("shape").get(i);
            if (!d.canConvertToLong() || d.asLong() < 0 || d.asLong() > Integer.MAX_VALUE) {
                throw new QuantizerException(at + " has an invalid shape " + v.get("shape"));
            }
            shape[i] = d.asLong();
            numel = Math.multiplyExact(numel, shape[i]);
        }
        JsonNode o = v.get("data_offsets");
        if (!o.get(0).canConvertToLong() || !o.get(1).canConvertToLong()) {
            throw new QuantizerException(at + " has non-integer data_offsets");
        }
        long begin = o.get(0).asLong();
        long end = o.get(1).asLong();
        if (begin < 0 || end < begin || end > dataLen) {
            throw new QuantizerException(at + ": data_offsets [" + begin + ", " + end + "] are outside the data section ("
                    + dataLen + " bytes; truncated file?)");
        }
        if (end - begin != numel * size) {
            throw new QuantizerException(at + ": " + (end - begin) + " bytes for shape " + v.get("shape") + " of " + dtype
                    + " (needs " + numel * size + ")");
        }
        return new Entry(name, dtype, shape, begin, end);
    }

    static int dtypeSize(String dtype) {
        switch (dtype) {
            case "F64": case "I64": case "U64": return 8;
            case "F32": case "I32": case "U32": return 4;
            case "F16": case "BF16": case "I16": case "U16": return 2;
            case "I8": case "U8": case "BOOL": return 1;
            default: return 0;
        }
    }

    public Set<String> names() {
        return entries.keySet();
    }

    public boolean has(String name) {
        return entries.containsKey(name);
    }

    public Entry entry(String name) {
        Entry e = entries.get(name);
        if (e == null) {
            throw new QuantizerException(what + ": missing tensor '" + name + "'");
        }
        return e;
    }

    /** The tensor as floats, checking its shape equals {@code expectShape} (null: any shape). */
    public float[] floats(String name, long... expectShape) {
        Entry e = entry(name);
        if (expectShape != null && expectShape.length > 0 && !Arrays.equals(expectShape, e.shape())) {
            throw new QuantizerException(what + ": tensor '" + name + "' has shape " + Arrays.toString(e.shape())
                    + ", expected " + Arrays.toString(expectShape));
        }
        int n = (int) e.numel();
        float[] out = new float[n];
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        int base = (int) (dataStart + e.begin());
        switch (e.dtype()) {
            case "F32" -> {
                for (int i = 0; i < n; i++) {
                    out[i] = b.getFloat(base + 4 * i);
                }
            }
            case "F16" -> {
                for (int i = 0; i < n; i++) {
                    out[i] = halfToFloat(b.getShort(base + 2 * i));
                }
            }
            case "BF16" -> {
                for (int i = 0; i < n; i++) {
                    out[i] = Float.intBitsToFloat((b.getShort(base + 2 * i) & 0xffff) << 16);
                }
            }
            case "F64" -> {
                for (int i = 0; i < n; i++) {
                    out[i] = (float) b.getDouble(base + 8 * i);
                }
            }
            default -> throw new QuantizerException(what + ": tensor '" + name + "' has dtype " + e.dtype()
                    + "; weights must be F32, F16, BF16 or F64");
        }
        for (int i = 0; i < n; i++) {
            if (!Float.isFinite(out[i])) {
                throw new QuantizerException(what + ": tensor '" + name + "' holds a non-finite value at index " + i);
            }
        }
        return out;
    }

    /** IEEE 754 binary16 to float (subnormals, infinities and NaN included). */
    static float halfToFloat(short h) {
        int bits = h & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1f;
        int mant = bits & 0x3ff;
        if (exp == 0) {
            float v = mant * 0x1p-24f;
            return sign != 0 ? -v : v;
        }
        if (exp == 31) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }
}
