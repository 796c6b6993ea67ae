package foldproof.cli;

import foldproof.fixtures.DemoModels;
import foldproof.quantizer.QuantizerException;
import foldproof.quantizer.quant.ModelFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How every {@code --model} value resolves: built-in names, quantized files, float files, and the errors. */
class ModelSourceTest {
    @TempDir
    Path dir;

    private static String error(String spec, Path config, String arch) {
        return assertThrows(QuantizerException.class, () -> ModelSource.resolve(spec, config, arch).requireQuantized()).getMessage();
    }

    @Test
    void builtinNamesAndAliases() {
        ModelSource t = ModelSource.resolve("builtin:tiny", null, null);
        assertEquals(ModelSource.Kind.BUILTIN, t.kind());
        assertEquals("builtin:tiny", t.spec());
        assertEquals(DemoModels.tiny(), t.quantized());
        assertNotNull(t.floatNet());
        assertEquals(ModelFile.digestHex(DemoModels.tiny()), t.digestHex());
        assertEquals("builtin:tiny", ModelSource.resolve("tiny", null, null).spec(), "legacy alias");
        assertEquals("builtin:tiny", ModelSource.resolve("builtin:tiny@16", null, null).spec());
        // built-in ResNets are lazy: resolving does not build them
        assertEquals("builtin:resnet18@224", ModelSource.resolve(null, null, null).spec());
        assertEquals("builtin:resnet18@224", ModelSource.resolve("builtin:resnet18", null, null).spec());
        assertEquals("builtin:resnet18@224", ModelSource.resolve("resnet18-imagenet-demo", null, null).spec());
        assertEquals("builtin:resnet34@64", ModelSource.resolve("builtin:resnet34@64", null, null).spec());
        assertTrue(ModelSource.resolve("builtin:resnet34@64", null, null).detected().contains("untrained demo weights"));
    }

    @Test
    void badBuiltinsAreOneLineErrors() {
        assertTrue(error("builtin:resnet152", null, null).contains("unknown built-in model 'builtin:resnet152'"));
        assertTrue(error("builtin:resnet18@abc", null, null).contains("bad input size"));
        assertTrue(error("builtin:resnet18@16", null, null).contains("out of range (32..448)"));
        assertTrue(error("builtin:tiny@32", null, null).contains("fixed 16x16"));
        assertTrue(error("builtin:tiny", dir.resolve("c.json"), null).contains("--config and --arch apply to float model files only"));
    }

    @Test
    void quantizedFileFloatFileAndMissingFile() throws Exception {
        Path q = dir.resolve("any-name.bin");
        ModelFile.write(DemoModels.tiny(), q);
        ModelSource s = ModelSource.resolve(q.toString(), null, null);
        assertEquals(ModelSource.Kind.QUANTIZED_FILE, s.kind());
        assertNull(s.floatNet());
        assertEquals(ModelFile.digestHex(DemoModels.tiny()), s.digestHex());
        assertEquals("tiny-demo", s.name());
        assertTrue(error(q.toString(), null, "onnx").contains("quantized model file; --config and --arch"));

        Path bad = dir.resolve("bad.onnx");
        Files.write(bad, new byte[] {8, 7, 0x3a, (byte) 0xff, 1, 2, 3});
        assertTrue(error(bad.toString(), null, null).contains("ONNX"), "a broken float file fails on resolve");

        assertTrue(error(dir.resolve("nope.fpq").toString(), null, null).startsWith("model file not found: "));
        assertTrue(error(dir.toString(), null, null).contains("is a directory"));
    }

    @Test
    void floatFilesAreRefusedForProofsWithTheQuantizeCommand() {
        var weights = foldproof.fixtures.SharedData.resolve("cifar10-resnet20/model.safetensors");
        org.junit.jupiter.api.Assumptions.assumeTrue(weights.isPresent(), "shared/data not present");
        ModelSource s = ModelSource.resolve(weights.get().toString(), null, null);
        assertEquals(ModelSource.Kind.FLOAT_FILE, s.kind());
        assertNull(s.quantized());
        assertNull(s.digestHex());
        String msg = assertThrows(QuantizerException.class, s::requireQuantized).getMessage();
        assertTrue(msg.contains("is a float model") && msg.contains("foldproof quantize --model"), msg);
    }
}
