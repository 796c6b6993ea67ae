package foldproof.cli;

import foldproof.fixtures.DemoImages;
import foldproof.fixtures.DemoModels;
import foldproof.fixtures.SharedData;
import foldproof.quantizer.quant.ModelFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Mutated model files (random byte flips and truncations of a real ONNX file, a real safetensors file and a
 * quantized model file) never make a command fail with an internal error (exit 3): each is refused with
 * exit 2 and one line, or (a flip inside a weight) loads as another valid model.
 */
class MutatedModelFilesTest {
    private static final long SEED = 3_2026L;

    private static void mutate(byte[] original, String ext, Path dir, Path image, int count, long seed) throws IOException {
        System.out.println("mutated " + ext + " files: seed " + seed);
        Random r = new Random(seed);
        int refused = 0;
        for (int i = 0; i < count; i++) {
            byte[] b;
            String what;
            if (i % 3 == 2) {
                int len = r.nextInt(original.length);
                b = java.util.Arrays.copyOf(original, len);
                what = "truncated to " + len;
            } else {
                b = original.clone();
                int flips = 1 + r.nextInt(i % 3 == 0 ? 1 : 8);
                StringBuilder sb = new StringBuilder("flipped");
                for (int f = 0; f < flips; f++) {
                    // half of the flips in the first 4 KiB (headers, graph structure), half anywhere
                    int at = r.nextBoolean() ? r.nextInt(Math.min(4096, b.length)) : r.nextInt(b.length);
                    b[at] ^= (byte) (1 << r.nextInt(8));
                    sb.append(' ').append(at);
                }
                what = sb.toString();
            }
            Path f = dir.resolve("m" + i + "." + ext);
            Files.write(f, b);
            QuantizerCommandsTest.Run run = QuantizerCommandsTest.run("infer", "--model", f.toString(), "--image", image.toString());
            assertNotEquals(3, run.code(), ext + " " + what + ": internal error\n" + run.err());
            if (run.code() == 2) {
                refused++;
                assertTrue(run.err().strip().startsWith("error: ") && !run.err().contains("\tat "), ext + " " + what + ": " + run.err());
            }
            Files.delete(f);
        }
        System.out.println("mutated " + ext + " files: " + refused + " of " + count + " refused, the rest load as valid models");
    }

    private static Path image(Path dir) throws IOException {
        Path img = dir.resolve("img.png");
        Files.write(img, DemoImages.png(5, 32, 32));
        return img;
    }

    @Test
    void mutatedOnnxNeverExits3(@TempDir Path dir) throws IOException {
        Optional<Path> onnx = SharedData.resolve("cifar10-resnet18/model.onnx");
        assumeTrue(onnx.isPresent(), "../shared/data absent");
        mutate(Files.readAllBytes(onnx.get()), "onnx", dir, image(dir), 60, SEED);
    }

    @Test
    void mutatedSafetensorsNeverExits3(@TempDir Path dir) throws IOException {
        Optional<Path> st = SharedData.resolve("cifar10-resnet20/model.safetensors");
        assumeTrue(st.isPresent(), "../shared/data absent");
        mutate(Files.readAllBytes(st.get()), "safetensors", dir, image(dir), 60, SEED + 1);
    }

    @Test
    void mutatedQuantizedModelNeverExits3(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("tiny.fpq");
        ModelFile.write(DemoModels.tiny(), f);
        mutate(Files.readAllBytes(f), "fpq", dir, image(dir), 90, SEED + 2);
    }
}
