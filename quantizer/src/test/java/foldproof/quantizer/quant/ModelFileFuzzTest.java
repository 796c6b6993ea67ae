package foldproof.quantizer.quant;

import com.code_intelligence.jazzer.junit.FuzzTest;
import foldproof.quantizer.QuantizerException;
import foldproof.quantizer.model.QLayer;
import foldproof.quantizer.model.QModel;
import foldproof.quantizer.model.Shape;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Coverage-guided fuzzing (Jazzer) of the {@code .fpq} model-file decoder ({@link ModelFile#parse}, i.e.
 * {@link ModelParser} and the load-time {@link ModelChecks}). For every input: the parser returns a model or
 * throws {@link QuantizerException}, nothing else (no other exception, no {@link OutOfMemoryError}, no
 * {@link StackOverflowError}); it allocates at most a small multiple of the input's length (lengths are never
 * trusted); a model that loads re-encodes to exactly the input (one model, one file) and runs through
 * {@link IntInference} without an exception. A version-2 file is sealed by a SHA-256 trailer that a mutation
 * almost never keeps right, so an input whose only fault is its trailer is also parsed resealed: the fuzzer
 * reaches the parser behind the checksum.
 *
 * <p>Without {@code JAZZER_FUZZ} (the default surefire execution) this replays the seeds below and the
 * regression inputs under {@code src/test/resources/foldproof/quantizer/quant/ModelFileFuzzTestInputs/parse};
 * the {@code fuzz-model-file} execution of quantizer/pom.xml fuzzes for {@code foldproof.fuzz.duration}
 * (docs/security.md, "Fuzzing").
 */
class ModelFileFuzzTest {
    /** Parsing allocates arrays as long as the bytes that hold them, plus shapes and bounds per layer. */
    private static final long ALLOC_PER_BYTE = 24;
    private static final long ALLOC_FIXED = 8L << 20;
    /** Run the integer inference of a parsed model only when it is this small (a fuzz input is, nearly always). */
    private static final long MAX_INFERENCE_MACS = 20_000_000;

    private static final AtomicLong RUNS = new AtomicLong();
    private static final AtomicLong RESEALED = new AtomicLong();
    private static final AtomicLong LOADED = new AtomicLong();
    private static final AtomicLong INFERRED = new AtomicLong();

    /** Real model files: every layer and skip kind, both versions, with and without labels. */
    static Stream<Arguments> parse() {
        List<Arguments> seeds = new ArrayList<>();
        for (long seed = 1; seed <= 3; seed++) {
            QModel m = RandomQModels.every(seed, (int) (6 + 2 * seed), (int) (4 + seed));
            seeds.add(Arguments.of((Object) ModelFile.toBytes(m)));
            seeds.add(Arguments.of((Object) ModelFile.encode(m, ModelFile.LEGACY_VERSION)));
        }
        QModel plain = RandomQModels.every(9, 8, 6);
        plain = new QModel(plain.name(), "", plain.preprocess(), plain.input(), plain.inputScale(), plain.scales(),
                plain.layers(), null);
        seeds.add(Arguments.of((Object) ModelFile.toBytes(plain)));
        return seeds.stream();
    }

    @Timeout(30)
    @MethodSource
    @FuzzTest(maxDuration = "60s")   // must come last (Jazzer); the seeds come first
    void parse(byte[] data) {
        RUNS.incrementAndGet();
        if (tryParse(data) == Outcome.BAD_CHECKSUM) {
            RESEALED.incrementAndGet();
            tryParse(resealed(data));
        }
    }

    @AfterAll
    static void report() {
        System.out.println("ModelFileFuzzTest.parse: " + RUNS.get() + " inputs, " + RESEALED.get()
                + " resealed past the checksum, " + LOADED.get() + " loaded, " + INFERRED.get() + " run through IntInference");
    }

    private enum Outcome { LOADED, REFUSED, BAD_CHECKSUM }

    private static Outcome tryParse(byte[] data) {
        long before = allocated();
        ModelFile.Loaded loaded;
        try {
            loaded = ModelFile.parse(data);
        } catch (QuantizerException e) {
            assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), "refusal without a message");
            checkAllocation(before, data.length);
            return ModelFile.CORRUPTED.equals(e.getMessage()) ? Outcome.BAD_CHECKSUM : Outcome.REFUSED;
        }
        checkAllocation(before, data.length);
        LOADED.incrementAndGet();
        QModel m = loaded.model();
        byte[] again = loaded.version() == ModelFile.VERSION ? ModelFile.toBytes(m) : ModelFile.encode(m, ModelFile.LEGACY_VERSION);
        assertArrayEquals(data, again, "a loaded model must re-encode to exactly its file");
        assertArrayEquals(ModelFile.digest(m), ModelFile.digestOfBytes(data), "digest of the bytes and of the model differ");
        if (macs(m) <= MAX_INFERENCE_MACS) {
            int[] x = new int[m.input().size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = data[i % data.length];   // int8 values from the file's own bytes
            }
            IntInference.run(m, x);
            INFERRED.incrementAndGet();
        }
        return Outcome.LOADED;
    }

    /** The bytes with a correct version-2 trailer (the SHA-256 of everything before it). */
    static byte[] resealed(byte[] data) {
        byte[] out = data.clone();
        int end = out.length - ModelFile.CHECKSUM_BYTES;
        System.arraycopy(ModelFile.sha256(out, 0, end), 0, out, end, ModelFile.CHECKSUM_BYTES);
        return out;
    }

    private static void checkAllocation(long before, int length) {
        long used = allocated() - before;
        long bound = ALLOC_PER_BYTE * length + ALLOC_FIXED;
        if (used > bound) {
            throw new AssertionError("parsing a " + length + "-byte file allocated " + used + " bytes (bound " + bound
                    + "): a length or count from the file was trusted");
        }
    }

    /** Multiply-accumulates of the integer inference (an upper estimate from the shapes). */
    private static long macs(QModel m) {
        List<Shape> shapes = m.shapes();
        long total = 0;
        for (int i = 0; i < m.layers().size(); i++) {
            QLayer l = m.layers().get(i);
            long out = shapes.get(i + 1).size();
            if (l instanceof QLayer.Conv c) {
                total += out * c.inC() * c.kernel() * c.kernel() * 2;
            } else if (l instanceof QLayer.MaxPool p) {
                total += out * p.kernel() * p.kernel();
            } else {
                total += (long) shapes.get(l.input()).size() * m.numClasses();
            }
        }
        return total;
    }

    /** Bytes this thread has allocated so far (HotSpot's per-thread counter). */
    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    static {
        // the seeds must load, or the fuzzer starts from nothing
        parse().forEach(a -> {
            byte[] b = (byte[]) a.get()[0];
            if (tryParse(b) != Outcome.LOADED) {
                throw new IllegalStateException("seed model file does not load");
            }
        });
        LOADED.set(0);
        INFERRED.set(0);
    }
}
