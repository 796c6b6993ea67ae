package foldproof.quantizer.importers;

import foldproof.quantizer.QuantizerException;
import foldproof.quantizer.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link ModelFileKind}: ONNX is recognised by its name or its first ModelProto fields; other files say what they look like. */
class ModelFileKindTest {
    @Test
    void onnxByItsFirstFieldsWhateverItsName() throws IOException {
        byte[] minimal = {8, 7, 0x12, 3, 'f', 'o', 'o', 0x3a, 0};   // ir_version 7, producer "foo", empty graph
        assertTrue(ModelFileKind.parsesAsModelProto(minimal));
        assertNull(ModelFileKind.notOnnx(minimal, "weights.bin"));
        assertFalse(ModelFileKind.parsesAsModelProto(new byte[] {8, 7, 0x12, 40, 'f'}), "length past the end");
        assertFalse(ModelFileKind.parsesAsModelProto(new byte[] {0x68, 1, 2}), "field 13 is no ModelProto field");
        assertFalse(ModelFileKind.parsesAsModelProto(new byte[] {0x0a, 1, 2}), "field 1 must be a varint");
        Optional<Path> real = TestData.resolve("cifar10-resnet18/model.onnx");
        if (real.isPresent()) {
            byte[] b = Files.readAllBytes(real.get());
            assertNull(ModelFileKind.notOnnx(b, "no-extension"), "the real ONNX export without its extension");
        }
    }

    @Test
    void whatOtherFilesLookLike() {
        assertTrue(ModelFileKind.notOnnx("hello\nworld\n".getBytes(StandardCharsets.UTF_8), "m.onnx").contains("looks like text"),
                "text is text even when named .onnx");
        assertTrue(ModelFileKind.notOnnx("h\u00e9llo w\u00f6rld".getBytes(StandardCharsets.UTF_8), "m").contains("looks like text"));
        assertTrue(ModelFileKind.notOnnx(new byte[0], "m.onnx").contains("empty file"));
        assertTrue(ModelFileKind.notOnnx(new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, 0}, "m").contains("JPEG"));
        assertTrue(ModelFileKind.notOnnx(new byte[] {'P', 'K', 3, 4}, "m.pth").contains("ZIP archive"));
        assertTrue(ModelFileKind.notOnnx(new byte[] {'F', 'P', 'Q', 'M', 0, 1}, "m").contains("quantized .fpq"));
        assertNull(ModelFileKind.notOnnx(new byte[] {(byte) 0xde, (byte) 0xad, 0, 1}, "m.onnx"), "a .onnx name is trusted: the parser reports");
    }

    @Test
    void importRefusesANonModelWithOneLine(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("model.fpq");
        Files.writeString(f, "this is a note, not a model\n");
        QuantizerException e = assertThrows(QuantizerException.class, () -> Importers.load(f, null));
        assertTrue(e.getMessage().equals(f + ": not a model file: it looks like text; expected .fpq, ONNX or safetensors"), e.getMessage());
    }
}
