package foldproof.cli;

import foldproof.fixtures.DemoImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static foldproof.cli.CliUsageTest.assertBadInput;
import static foldproof.cli.CliUsageTest.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Output safety, in process: an output that is one of the inputs (same name, {@code ./x} vs {@code x}, a
 * symlink, a hard link) or that cannot be created is refused with exit 2 before any work: the input stays
 * byte-identical, no progress line appears and the command returns in well under a second.
 */
class OutputTargetTest {
    /** Well under what building circuits and proving even the tiny model takes. */
    private static final long BEFORE_WORK_MILLIS = 1000;

    private static Path image(Path dir) throws IOException {
        Path img = dir.resolve("in.png");
        Files.write(img, DemoImages.png(4, 16, 16));
        return img;
    }

    /** Runs {@code args}, asserts exit 2 naming {@code named} within a second, no progress, {@code kept} unchanged. */
    private static void refusedBeforeWork(Path kept, String named, String... args) throws IOException {
        byte[] before = Files.readAllBytes(kept);
        long t0 = System.nanoTime();
        CliUsageTest.Run r = run(args);
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertBadInput(r, named);
        assertFalse(r.err().contains(".tmp"), "no internal temp name: " + r.err());
        assertFalse(r.err().contains("[  1/") || r.err().contains("building circuits"), "no work done: " + r.err());
        assertTrue(millis < BEFORE_WORK_MILLIS, "refused after " + millis + " ms");
        assertArrayEquals(before, Files.readAllBytes(kept), kept + " must be untouched");
        assertEquals("", r.out());
    }

    @Test
    void proveRefusesTheImageAsOutputInEverySpelling(@TempDir Path dir) throws IOException {
        Path img = image(dir);
        Path symlink = Files.createSymbolicLink(dir.resolve("link.png"), img);
        Path hardlink = Files.createLink(dir.resolve("hard.png"), img);
        Path rel = Path.of("").toAbsolutePath().relativize(img);           // in.png relative to the working folder
        Path dotRel = Path.of(".").resolve(rel);                           // ./in.png
        Path viaLinkedDir = Files.createSymbolicLink(dir.resolve("same"), dir).resolve("in.png");
        for (Path out : List.of(img, symlink, hardlink, dotRel, viaLinkedDir)) {
            refusedBeforeWork(img, "--out " + out, "prove", "--model", "builtin:tiny", "--image", img.toString(), "--out", out.toString());
        }
        refusedBeforeWork(img, "is the input", "prove", "--model", "builtin:tiny", "--image", rel.toString(), "--out", dotRel.toString());
        refusedBeforeWork(img, "is the input", "prove", "--model", "builtin:tiny", "--image", symlink.toString(), "--out", hardlink.toString());
        assertTrue(Files.isSymbolicLink(symlink), "the symlink itself is not replaced either");
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(0, s.filter(p -> p.getFileName().toString().endsWith(".tmp")).count(), "no temp file left");
        }
    }

    @Test
    void dotDotAfterASymlinkedFolderIsResolvedOnDiskNotByText(@TempDir Path dir, @TempDir Path other) throws IOException {
        // sub -> other/deep, so "sub/../in.png" is other/in.png on disk, though it reads as dir/in.png (the input)
        Path img = image(dir);
        byte[] before = Files.readAllBytes(img);
        Files.createDirectories(other.resolve("deep"));
        Files.createSymbolicLink(dir.resolve("sub"), other.resolve("deep"));
        Path out = dir.resolve("sub").resolve("..").resolve(img.getFileName().toString());
        OutputTarget t = OutputTarget.check(out, "--out", List.of(img));
        t.write(new byte[] {1, 2, 3}, List.of(img));
        assertArrayEquals(before, Files.readAllBytes(img), "the input must be untouched");
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(other.resolve(img.getFileName().toString())));
    }

    @Test
    void proveRefusesTheModelFileAsOutput(@TempDir Path dir) throws IOException {
        Path img = image(dir);
        Path model = dir.resolve("tiny.fpq");
        foldproof.quantizer.quant.ModelFile.write(foldproof.fixtures.DemoModels.tiny(), model);
        refusedBeforeWork(model, "is the input", "prove", "--model", model.toString(), "--image", img.toString(), "--out", model.toString());
    }

    /** /proc does not accept new files: found by creating the temp file, before the default (224x224) model is even built. */
    @Test
    void unwritableFolderIsFoundBeforeProving(@TempDir Path dir) throws IOException {
        Path img = image(dir);
        refusedBeforeWork(img, "cannot write --out /proc/x.bin", "prove", "--image", img.toString(), "--out", "/proc/x.bin");
        refusedBeforeWork(img, "/proc/x.bin", "demo", "--out", "/proc/x.bin");
        refusedBeforeWork(img, "output folder does not exist", "prove", "--image", img.toString(), "--out", dir.resolve("no/p.bin").toString());
        refusedBeforeWork(img, "is a folder", "prove", "--image", img.toString(), "--out", dir.toString());
    }

    @Test
    void quantizeRefusesItsModelConfigAndCalibrationImages(@TempDir Path dir) throws IOException {
        Path calib = Files.createDirectories(dir.resolve("calib/cat"));
        Path shot = calib.resolve("0.png");
        Files.write(shot, DemoImages.png(5, 16, 16));
        Path model = dir.resolve("net.onnx");
        Files.write(model, new byte[] {8, 7, 0x3a, 0});
        Path config = dir.resolve("labels.json");
        Files.writeString(config, "{}");
        Path linkToShot = Files.createSymbolicLink(dir.resolve("shot.png"), shot);
        Supplier<String[]> base = () -> new String[] {"quantize", "--calib", dir.resolve("calib").toString()};
        refusedBeforeWork(shot, "is the input", concat(base.get(), "--out", shot.toString()));
        refusedBeforeWork(shot, "is the input", concat(base.get(), "--out", linkToShot.toString()));
        refusedBeforeWork(model, "is the input", concat(base.get(), "--model", model.toString(), "--out", model.toString()));
        refusedBeforeWork(config, "is the input",
                concat(base.get(), "--model", model.toString(), "--config", config.toString(), "--out", config.toString()));
        refusedBeforeWork(shot, "/proc/q.fpq", concat(base.get(), "--model", "builtin:tiny", "--out", "/proc/q.fpq"));
    }

    @Test
    void benchDepthChartIsCheckedFirst(@TempDir Path dir) throws IOException {
        Path img = image(dir);
        refusedBeforeWork(img, "--chart " + img, "bench", "depth", "--models", "tiny", "--image", img.toString(), "--chart", img.toString());
        refusedBeforeWork(img, "cannot write --chart /proc/depth.svg", "bench", "depth", "--models", "tiny", "--chart", "/proc/depth.svg");
    }

    /** The check and the write: a hard link and a symlink are the same file; the write replaces atomically and leaves no temp file. */
    @Test
    void sameFileAndAtomicWrite(@TempDir Path dir) throws IOException {
        Path a = dir.resolve("a");
        Files.writeString(a, "input");
        assertTrue(OutputTarget.sameFile(Files.createLink(dir.resolve("b"), a), a));
        assertTrue(OutputTarget.sameFile(Files.createSymbolicLink(dir.resolve("c"), a), a));
        assertFalse(OutputTarget.sameFile(dir.resolve("missing"), a));
        Path out = dir.resolve("out.bin");
        Files.writeString(out, "old");
        OutputTarget t = OutputTarget.check(out, "--out", List.of(a));
        t.write(new byte[] {1, 2, 3}, List.of(a));
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(out));
        assertEquals("input", Files.readString(a));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(0, s.filter(p -> p.getFileName().toString().endsWith(".tmp")).count());
        }
    }

    private static String[] concat(String[] a, String... b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
