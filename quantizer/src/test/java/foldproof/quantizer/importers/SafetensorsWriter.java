package foldproof.quantizer.importers;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Test-only safetensors writer (F32 tensors, plus I64 scalars like {@code num_batches_tracked}). */
final class SafetensorsWriter {
    /** A tensor to write: {@code floats} for F32, {@code longs} for I64. */
    record T(long[] shape, float[] floats, long[] longs) {
        static T f32(float[] v, long... shape) {
            return new T(shape, v, null);
        }

        static T i64(long v) {
            return new T(new long[0], null, new long[] {v});
        }
    }

    private SafetensorsWriter() { }

    static byte[] write(Map<String, T> tensors) {
        StringBuilder h = new StringBuilder("{\"__metadata__\":{\"format\":\"pt\"}");
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (Map.Entry<String, T> e : tensors.entrySet()) {
            T t = e.getValue();
            long begin = data.size();
            ByteBuffer b;
            if (t.floats() != null) {
                b = ByteBuffer.allocate(4 * t.floats().length).order(ByteOrder.LITTLE_ENDIAN);
                for (float f : t.floats()) {
                    b.putFloat(f);
                }
            } else {
                b = ByteBuffer.allocate(8 * t.longs().length).order(ByteOrder.LITTLE_ENDIAN);
                for (long v : t.longs()) {
                    b.putLong(v);
                }
            }
            data.writeBytes(b.array());
            h.append(",\"").append(e.getKey()).append("\":{\"dtype\":\"").append(t.floats() != null ? "F32" : "I64")
                    .append("\",\"shape\":").append(java.util.Arrays.toString(t.shape()).replace(" ", ""))
                    .append(",\"data_offsets\":[").append(begin).append(',').append(data.size()).append("]}");
        }
        h.append('}');
        while ((h.length() + 8) % 8 != 0) {
            h.append(' ');
        }
        byte[] hb = h.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(8 + hb.length + data.size()).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(hb.length).put(hb).put(data.toByteArray());
        return out.array();
    }

    /** Copy with names rewritten from torchvision to HuggingFace {@code ResNetForImageClassification}. */
    static Map<String, T> torchvisionToHf(Map<String, T> tv) {
        Map<String, T> hf = new LinkedHashMap<>();
        for (Map.Entry<String, T> e : tv.entrySet()) {
            hf.put(hfName(e.getKey()), e.getValue());
        }
        return hf;
    }

    private static String hfName(String n) {
        if (n.startsWith("conv1.")) {
            return "resnet.embedder.embedder.convolution." + n.substring(6);
        }
        if (n.startsWith("bn1.")) {
            return "resnet.embedder.embedder.normalization." + n.substring(4);
        }
        if (n.startsWith("fc.")) {
            return "classifier.1." + n.substring(3);
        }
        // layer{s}.{b}.(conv|bn){i}.x | layer{s}.{b}.downsample.{0,1}.x
        String[] p = n.split("\\.", 4);
        int s = Integer.parseInt(p[0].substring(5)) - 1;
        String block = "resnet.encoder.stages." + s + ".layers." + p[1] + ".";
        if (p[2].equals("downsample")) {
            String[] q = p[3].split("\\.", 2);
            return block + "shortcut." + (q[0].equals("0") ? "convolution." : "normalization.") + q[1];
        }
        int i = Integer.parseInt(p[2].substring(p[2].length() - 1)) - 1;
        return block + "layer." + i + "." + (p[2].startsWith("conv") ? "convolution." : "normalization.") + p[3];
    }
}
