package foldproof.quantizer.importers;

import foldproof.quantizer.QuantizerException;
import foldproof.quantizer.importers.SafetensorsWriter.T;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SafetensorsTest {
    private static byte[] file(String header, int dataBytes) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).put(h).array();
    }

    private static String reject(byte[] b) {
        return assertThrows(QuantizerException.class, () -> Safetensors.parse(b, "t.safetensors").floats("a")).getMessage();
    }

    @Test
    void readsF32AndChecksShape() {
        Map<String, T> m = new LinkedHashMap<>();
        m.put("a", T.f32(new float[] {1, -2, 3.5f, 4, 5, 6}, 2, 3));
        m.put("n", T.i64(7));
        Safetensors st = Safetensors.parse(SafetensorsWriter.write(m), "t");
        assertArrayEquals(new float[] {1, -2, 3.5f, 4, 5, 6}, st.floats("a", 2, 3));
        assertTrue(st.has("n"));
        assertTrue(assertThrows(QuantizerException.class, () -> st.floats("a", 3, 2)).getMessage().contains("shape"));
        assertTrue(assertThrows(QuantizerException.class, () -> st.floats("n")).getMessage().contains("I64"));
        assertTrue(assertThrows(QuantizerException.class, () -> st.floats("zzz")).getMessage().contains("missing tensor 'zzz'"));
    }

    @Test
    void readsF16AndBF16() {
        // 1.0, -2.5, 65504 (max half), 2^-24 (smallest subnormal) in F16; 1.0 and -3.0 in BF16.
        byte[] b = file("{\"h\":{\"dtype\":\"F16\",\"shape\":[4],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[8,12]}}", 12);
        int base = b.length - 12;
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        bb.putShort(base, (short) 0x3c00).putShort(base + 2, (short) 0xc100).putShort(base + 4, (short) 0x7bff)
                .putShort(base + 6, (short) 0x0001).putShort(base + 8, (short) 0x3f80).putShort(base + 10, (short) 0xc040);
        Safetensors st = Safetensors.parse(b, "t");
        assertArrayEquals(new float[] {1f, -2.5f, 65504f, 0x1p-24f}, st.floats("h"));
        assertArrayEquals(new float[] {1f, -3f}, st.floats("b"));
    }

    @Test
    void strictHeaderChecks() {
        assertTrue(reject(new byte[5]).contains("not a safetensors"));
        byte[] huge = new byte[16];
        ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putLong(1L << 40);
        assertTrue(reject(huge).contains("header length"));
        assertTrue(reject(file("{\"a\": [", 0)).contains("not valid JSON"));
        assertTrue(reject(file("[1,2]", 0)).contains("not a JSON object"));
        assertTrue(reject(file("{\"a\":{\"dtype\":\"Q4\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4)).contains("unknown dtype"));
        assertTrue(reject(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4]}}", 4)).contains("needs 8"));
        assertTrue(reject(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 4)).contains("outside"));
        assertTrue(reject(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}", 8)).contains("shape"));
        assertTrue(reject(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1]}}", 8)).contains("data_offsets"));
        assertTrue(reject(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8)).contains("overlap"));
        byte[] nan = file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4);
        ByteBuffer.wrap(nan).order(ByteOrder.LITTLE_ENDIAN).putFloat(nan.length - 4, Float.NaN);
        assertTrue(reject(nan).contains("non-finite"));
    }

    @Test
    void everyTruncationIsRejected() {
        Map<String, T> m = new LinkedHashMap<>();
        m.put("a", T.f32(new float[] {1, 2, 3, 4}, 4));
        m.put("b", T.f32(new float[] {5, 6}, 2));
        byte[] good = SafetensorsWriter.write(m);
        for (int cut = 0; cut < good.length; cut++) {
            byte[] b = Arrays.copyOf(good, cut);
            assertThrows(QuantizerException.class, () -> {
                Safetensors st = Safetensors.parse(b, "t");
                st.floats("a");
                st.floats("b");
            }, "cut " + cut);
        }
        assertEquals(2, Safetensors.parse(good, "t").names().size());
    }
}
