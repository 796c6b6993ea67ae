package foldproof.quantizer.importers;

import com.code_intelligence.jazzer.junit.FuzzTest;
import foldproof.quantizer.QuantizerException;
import foldproof.quantizer.model.FloatNet;
import foldproof.quantizer.model.Preprocess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Coverage-guided fuzzing (Jazzer) of the float-model importers on raw file bytes: format detection, the ONNX
 * protobuf reader and graph walk ({@link OnnxGraph}, {@link OnnxImporter}), the safetensors header and data
 * reader ({@link Safetensors}) and the state-dict importers ({@link ResNetImporter}: HF, torchvision, akamaster and
 * pytorch-cifar names, BasicBlock and Bottleneck; {@link VggImporter}; {@link MobileNetV2Importer}). For every input: a {@link FloatNet} or a {@link QuantizerException}, nothing else (no other
 * exception, no {@link OutOfMemoryError} or {@link StackOverflowError}), at most a fixed multiple of the input's
 * length allocated (a length, count, offset or shape from the file is never trusted), and an imported net has
 * consistent shapes.
 *
 * <p>Without {@code JAZZER_FUZZ} this replays the seeds below and the regression inputs under
 * {@code src/test/resources/foldproof/quantizer/importers/ImporterFuzzTestInputs/importBytes}; the
 * {@code fuzz-importers} execution of quantizer/pom.xml fuzzes for {@code foldproof.fuzz.duration}.
 */
class ImporterFuzzTest {
    /** A float32 tensor costs its 4 file bytes as a float[] and again folded; headers and graphs cost a few times their size. */
    private static final long ALLOC_PER_BYTE = 32;
    private static final long ALLOC_FIXED = 16L << 20;
    private static final AtomicLong RUNS = new AtomicLong();
    private static final AtomicLong IMPORTED = new AtomicLong();

    /** Small real model files: an ONNX graph with every supported op, a ResNet state dict in each naming (BasicBlock and
     * Bottleneck), a VGG, and a MobileNetV2 (1/16 width) as a state dict and as ONNX (grouped Conv, Clip). */
    static Stream<Arguments> importBytes() {
        StateDictImportTest.Case tv = StateDictImportTest.randomResNet(11, new int[] {1, 1}, new int[] {4, 8}, 3, 4, false,
                Preprocess.cifar(16));
        StateDictImportTest.Case hf = StateDictImportTest.randomResNet(12, new int[] {1, 1}, new int[] {4, 8}, 7, 4, false,
                Preprocess.imagenet(32));
        StateDictImportTest.Case aka = StateDictImportTest.randomResNet(13, new int[] {1, 1, 1}, new int[] {4, 8, 16}, 3, 4,
                true, Preprocess.cifarImagenetNorm(16));
        List<byte[]> seeds = List.of(
                OnnxWriter.write(OnnxImporterTest.smallNet(10)),
                SafetensorsWriter.write(tv.dict()),
                SafetensorsWriter.write(SafetensorsWriter.torchvisionToHf(hf.dict())),
                SafetensorsWriter.write(aka.dict()),
                SafetensorsWriter.write(SafetensorsWriter.torchvisionToHf(BottleneckImportTest.randomBottleneck(14, new int[] {1, 1},
                        new int[] {2, 4}, 7, 4, false, false, Preprocess.imagenet(32)).dict())),
                SafetensorsWriter.write(BottleneckImportTest.randomBottleneck(15, new int[] {1, 1}, new int[] {2, 4}, 3, 4, true, false,
                        Preprocess.cifarDatasetNorm(16)).dict()),
                SafetensorsWriter.write(VggImportTest.randomVgg(16, VggImportTest.cfgA(32), true, 4).dict()),
                SafetensorsWriter.write(MobileNetV2ImportTest.randomMobileNetV2(17, 16, 4).dict()),
                OnnxWriter.write(MobileNetV2ImportTest.randomMobileNetV2(18, 16, 4).expected()));
        for (byte[] s : seeds) {
            importNet(s);   // every seed imports, or the fuzzer would start from refusals only
        }
        return seeds.stream().map(b -> Arguments.of((Object) b));
    }

    @Timeout(30)
    @MethodSource
    @FuzzTest(maxDuration = "60s")   // must come last (Jazzer)
    void importBytes(byte[] data) {
        RUNS.incrementAndGet();
        long before = allocated();
        try {
            FloatNet net = importNet(data);
            IMPORTED.incrementAndGet();
            if (net.shapes().size() != net.layers().size() + 1) {
                throw new AssertionError("imported net has " + net.shapes().size() + " shapes for " + net.layers().size() + " layers");
            }
        } catch (QuantizerException e) {
            if (e.getMessage() == null || e.getMessage().isBlank()) {
                throw new AssertionError("refusal without a message", e);
            }
        }
        long used = allocated() - before;
        long bound = ALLOC_PER_BYTE * data.length + ALLOC_FIXED;
        if (used > bound) {
            throw new AssertionError("importing " + data.length + " bytes allocated " + used + " bytes (bound " + bound
                    + "): a length, count or shape from the file was trusted");
        }
    }

    @AfterAll
    static void report() {
        System.out.println("ImporterFuzzTest.importBytes: " + RUNS.get() + " inputs, " + IMPORTED.get() + " imported");
    }

    /** {@link Importers#importModel} on bytes instead of a file: content-based detection, no config. */
    private static FloatNet importNet(byte[] bytes) {
        Path name = Path.of("model");
        return Importers.fromBytes(bytes, Importers.detect(bytes, name), "fuzz", ModelConfig.empty(), name.toString());
    }

    /** Bytes this thread has allocated so far (HotSpot's per-thread counter). */
    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }
}
