package foldproof.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import foldproof.fixtures.DemoImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The built-in model families beyond BasicBlock ResNets at a small input (32x32, as docs/models.md measures them):
 * every tile of every layer satisfies its R1CS ({@code check}), and ResNet-50, VGG-11 (CIFAR) and MobileNetV2 prove
 * and verify end to end (about 40 s each on 2 cores; ResNet-101 and VGG-16 are measured in docs/models.md, not here).
 */
class ModelFamiliesTest {
    private record Run(int code, String out, String err) { }

    private static Run run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return new Run(cl.execute(args), out.toString(), err.toString());
    }

    private static Path image(Path dir) throws Exception {
        Path img = dir.resolve("img.png");
        Files.write(img, DemoImages.png(21, 48, 40));
        return img;
    }

    @ParameterizedTest
    @ValueSource(strings = {"builtin:resnet50@32", "builtin:resnet101@32", "builtin:vgg11-cifar", "builtin:vgg16-cifar", "builtin:vgg11@32",
        "builtin:mobilenetv2@32"})
    void everyTileOfEveryLayerIsSatisfied(String model, @TempDir Path dir) throws Exception {
        Run r = run("check", "--model", model, "--image", image(dir).toString(), "--json", "--no-progress");
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertTrue(j.get("satisfied").asBoolean(), r.out());
        int blocks = 0;
        int dense = 0;
        for (JsonNode l : j.get("layers")) {
            assertTrue(l.get("ok").asBoolean(), l.toString());
            blocks += l.get("name").asText().matches("layer\\d\\.\\d+\\.conv3|features\\.\\d+|features\\.1\\.conv\\.1|features\\.\\d+\\.conv\\.2") ? 1 : 0;
            dense += l.get("name").asText().matches("classifier\\.[036]") ? 1 : 0;
        }
        assertEquals(model.matches("builtin:vgg\\d+@\\d+") ? 3 : 0, dense, "the ImageNet VGG classifier: fc6, fc7 (convs) and the head");
        int want = model.contains("resnet101") ? 3 + 4 + 23 + 3 : model.contains("resnet50") ? 3 + 4 + 6 + 3
                : model.contains("vgg11") ? 8 + 5 : model.contains("vgg16") ? 13 + 5 : 17;
        assertEquals(want, blocks, "one conv3 per Bottleneck block; VGG: every conv and max pool; MobileNetV2: one projection per inverted residual");
    }

    /** The ImageNet VGG classifier reads a 7x7 or a 1x1 map; any other input size is one line naming the map, exit 2. */
    @Test
    void vggAtAnInputGivingAnotherMapExitsTwo(@TempDir Path dir) throws Exception {
        Run r = run("check", "--model", "builtin:vgg11@64", "--image", image(dir).toString());
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("builtin:vgg11@64") && r.err().contains("2x2 map"), r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line, no stack trace: " + r.err());
    }

    /**
     * A model with a tile above the prover's limit (as fc6 of builtin:vgg16@224, whose model takes minutes and more than
     * 3 GiB to build) is inspected, with the refusal on its last line; check and prove exit 2 with one line naming the layer.
     */
    @Test
    void aTileTooLargeToProveIsInspectedAndRefusedByCheckAndProve(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("too-large.fpq");
        foldproof.quantizer.quant.ModelFile.write(foldproof.fixtures.CraftedModels.tooLargeToProve(), model);
        Run i = run("inspect", "--model", model.toString());
        assertEquals(0, i.code(), i.err());
        assertTrue(i.out().strip().lines().reduce((a, b) -> b).orElseThrow().startsWith("check / prove: model too-large is too large to prove: a tile has"),
                i.out());
        for (String cmd : new String[] {"check", "prove"}) {
            Run r = cmd.equals("check") ? run(cmd, "--model", model.toString(), "--image", image(dir).toString())
                    : run(cmd, "--model", model.toString(), "--image", image(dir).toString(), "--out", dir.resolve("p").toString());
            assertEquals(2, r.code(), cmd + ": " + r.out() + r.err());
            assertTrue(r.err().contains("limit of 67.1 M (2^26") && r.err().contains(" in c2 (106.4 M"), r.err());
            assertEquals(1, r.err().strip().lines().count(), "one line, no stack trace: " + r.err());
        }
    }

    @Test
    void unsupportedOnnxOperatorExitsTwoNamingTheNode(@TempDir Path dir) throws Exception {
        Path onnx = dir.resolve("sigmoid.onnx");
        Files.write(onnx, oneNodeGraph("Sigmoid", "my_sigmoid", new byte[0]));
        Run r = run("infer", "--model", onnx.toString(), "--image", image(dir).toString());
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("my_sigmoid") && r.err().contains("Sigmoid") && r.err().contains("supported: Conv"), r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line, no stack trace: " + r.err());
    }

    /** MobileNetV2's ReLU6 is Clip(0, 6); a Clip to other bounds (here attributes min 0, max 1, as before opset 11) exits 2 naming it. */
    @Test
    void onnxClipOtherThanRelu6ExitsTwoNamingTheNode(@TempDir Path dir) throws Exception {
        Path onnx = dir.resolve("clip.onnx");
        Files.write(onnx, oneNodeGraph("Clip", "my_clip", concat(msg(5, floatAttr("min", 0f)), msg(5, floatAttr("max", 1f)))));
        Run r = run("infer", "--model", onnx.toString(), "--image", image(dir).toString());
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("my_clip") && r.err().contains("Clip") && r.err().contains("only Clip(min 0, max 6)"), r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line, no stack trace: " + r.err());
    }

    /** AttributeProto {name, f, type FLOAT}. */
    private static byte[] floatAttr(String name, float f) {
        int bits = Float.floatToIntBits(f);
        byte[] le = {(byte) bits, (byte) (bits >>> 8), (byte) (bits >>> 16), (byte) (bits >>> 24)};
        return concat(msg(1, name.getBytes()), tag(2, 5), le, tag(20, 0), varint(1));
    }

    /**
     * A minimal ONNX ModelProto (hand-encoded protobuf): input x [1,3,4,4] -> one node {@code op} named {@code name}
     * with the encoded attribute fields {@code attrs} -> y.
     */
    private static byte[] oneNodeGraph(String op, String name, byte[] attrs) {
        java.io.ByteArrayOutputStream dims = new java.io.ByteArrayOutputStream();
        for (int d : new int[] {1, 3, 4, 4}) {
            field(dims, 1, concat(tag(1, 0), varint(d)));                        // TensorShapeProto.dim { dim_value }
        }
        byte[] tensorType = concat(tag(1, 0), varint(1), msg(2, dims.toByteArray())); // elem_type FLOAT, shape
        byte[] valueInfo = concat(msg(1, "x".getBytes()), msg(2, msg(1, tensorType)));
        byte[] outInfo = concat(msg(1, "y".getBytes()), msg(2, msg(1, concat(tag(1, 0), varint(1)))));
        byte[] node = concat(msg(1, "x".getBytes()), msg(2, "y".getBytes()), msg(3, name.getBytes()), msg(4, op.getBytes()), attrs);
        byte[] graph = concat(msg(1, node), msg(2, "g".getBytes()), msg(11, valueInfo), msg(12, outInfo));
        return concat(tag(1, 0), varint(7), msg(8, concat(msg(1, new byte[0]), tag(2, 0), varint(13))), msg(7, graph));
    }

    private static byte[] msg(int field, byte[] body) {
        return concat(tag(field, 2), varint(body.length), body);
    }

    private static void field(java.io.ByteArrayOutputStream out, int field, byte[] body) {
        out.writeBytes(msg(field, body));
    }

    private static byte[] tag(int field, int wireType) {
        return varint(field << 3 | wireType);
    }

    private static byte[] varint(long v) {
        java.io.ByteArrayOutputStream o = new java.io.ByteArrayOutputStream();
        while ((v & ~0x7fL) != 0) {
            o.write((int) (v & 0x7f) | 0x80);
            v >>>= 7;
        }
        o.write((int) v);
        return o.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream o = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            o.writeBytes(p);
        }
        return o.toByteArray();
    }

    @Test
    void vgg11CifarProvesAndVerifies(@TempDir Path dir) throws Exception {
        Path proof = dir.resolve("vgg.proof");
        Run p = run("prove", "--model", "builtin:vgg11-cifar", "--image", image(dir).toString(), "--out", proof.toString(), "--json");
        assertEquals(0, p.code(), p.err());
        Run v = run("verify", proof.toString(), "--model", "builtin:vgg11-cifar");
        assertEquals(0, v.code(), v.out() + v.err());
        assertTrue(v.out().contains("VALID: vgg11-cifar-demo"), v.out());
    }

    @Test
    void mobilenetV2ProvesAndVerifies(@TempDir Path dir) throws Exception {
        Path proof = dir.resolve("mnv2.proof");
        Run p = run("prove", "--model", "builtin:mobilenetv2@32", "--image", image(dir).toString(), "--out", proof.toString(), "--json");
        assertEquals(0, p.code(), p.err());
        JsonNode j = new ObjectMapper().readTree(p.out());
        assertEquals("mobilenetv2-imagenet-demo", j.path("model").asText(), p.out());
        assertEquals(1000, j.path("logits").size());
        Run v = run("verify", proof.toString(), "--model", "builtin:mobilenetv2@32");
        assertEquals(0, v.code(), v.out() + v.err());
        assertTrue(v.out().contains("VALID: mobilenetv2-imagenet-demo"), v.out());
        Run other = run("verify", proof.toString(), "--model", "builtin:mobilenetv2@64");
        assertEquals(1, other.code(), "a proof for the 32x32 model does not verify against the 64x64 one: " + other.out());
    }

    @Test
    void resnet50ProvesAndVerifies(@TempDir Path dir) throws Exception {
        Path proof = dir.resolve("r50.proof");
        Run p = run("prove", "--model", "builtin:resnet50@32", "--image", image(dir).toString(), "--out", proof.toString(), "--json");
        assertEquals(0, p.code(), p.err());
        System.out.println(p.out());
        JsonNode j = new ObjectMapper().readTree(p.out());
        assertEquals("resnet50-imagenet-demo", j.path("model").asText(), p.out());
        assertEquals(1000, j.path("logits").size());
        Run v = run("verify", proof.toString(), "--model", "builtin:resnet50@32");
        assertEquals(0, v.code(), v.out() + v.err());
        assertTrue(v.out().contains("VALID: resnet50-imagenet-demo"), v.out());
        Run other = run("verify", proof.toString(), "--model", "builtin:resnet101@32");
        assertEquals(1, other.code(), "a ResNet-50 proof does not verify against ResNet-101: " + other.out());
    }
}
