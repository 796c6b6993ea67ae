package foldproof.folding.proof;

import com.code_intelligence.jazzer.junit.FuzzTest;
import foldproof.folding.ProofException;
import foldproof.folding.VerificationException;
import foldproof.quantizer.quant.ModelFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * Coverage-guided fuzzing (Jazzer) of the proof decoder ({@link ProofCodec#read}) and of the whole verifier
 * behind it ({@link Verifier#verify(ModelContext, byte[])}), against the tiny model. The corpus starts from
 * real proofs of it (a hidden-input one and a public-input one, made here with seeded blinds).
 *
 * <p>{@link #decode}: the decoder returns a proof or throws {@link ProofException}, nothing else (no other
 * exception, {@link OutOfMemoryError} or {@link StackOverflowError}); a decoded proof re-encodes to exactly the
 * input (nothing is skipped or normalised); no unexpected runtime error hides behind a {@code ProofException}
 * (only the strict scalar and point checks may raise one); and the decoder allocates at most a fixed multiple of
 * what decoding a real proof allocates (every count comes from the model, never from the bytes).
 *
 * <p>{@link #verify}: the verifier returns or throws {@link VerificationException}; it accepts no input but
 * the real proofs byte for byte (anything else accepted is a forgery or a malleability); and a rejection never
 * comes from its catch-all for runtime errors (that would be a check the verifier forgot, caught by luck).
 *
 * <p>A hang is a finding too: {@code @Timeout} becomes libFuzzer's per-input {@code -timeout} when fuzzing.
 * Without {@code JAZZER_FUZZ} (the default surefire execution) both replay the seeds and the regression inputs
 * under {@code src/test/resources/foldproof/folding/proof/ProofFuzzTestInputs/}; the {@code fuzz-proof-decode}
 * and {@code fuzz-proof-verify} executions of folding/pom.xml fuzz for {@code foldproof.fuzz.duration}
 * (docs/security.md, "Fuzzing").
 */
class ProofFuzzTest {
    private static final AtomicLong RUNS = new AtomicLong();
    private static final AtomicLong DECODED = new AtomicLong();
    private static final AtomicLong ACCEPTED = new AtomicLong();
    /** Decoding a real proof allocates A bytes; any input may allocate at most this many times A (plus slack). */
    private static final long ALLOC_FACTOR = 4;
    private static final long ALLOC_SLACK = 1 << 20;

    private static List<byte[]> seeds;
    private static Set<ByteBuffer> honest;
    private static long honestAllocation;

    /**
     * Real proofs of the tiny model: image 1 with a hidden input, image 2 with the input public. Kept in the test
     * cache (target/test-cache/fuzz-seeds, named by model digest and format version) so that each fuzzing JVM
     * does not prove them again; a cached seed is used only if it verifies.
     */
    static synchronized List<byte[]> seeds() {
        if (seeds == null) {
            long t0 = System.nanoTime();
            ModelContext ctx = TinyProofs.ctx();
            byte[] hidden = seed(ctx, "hidden", () -> TinyProofs.bytes());
            byte[] open = seed(ctx, "public", () -> {
                System.out.println("public-input seed proof: image 2, seed " + (TinyProofs.SEED + 1));
                return ProofCodec.write(TinyProofs.prove(TinyProofs.input(2), true, TinyProofs.SEED + 1).proof(), ctx.table());
            });
            seeds = List.of(hidden, open);
            honest = seeds.stream().map(ProofFuzzTest::sha256).map(ByteBuffer::wrap).collect(Collectors.toSet());
            long max = 0;
            for (byte[] s : seeds) {
                ProofCodec.read(s, ctx);   // warm up: class loading and lazy model state are not the decoder's doing
                long before = allocated();
                ProofCodec.read(s, ctx);
                max = Math.max(max, allocated() - before);
            }
            honestAllocation = max;
            System.out.printf("seed proofs (%d, %d bytes) ready in %.1f s; decoding one allocates %d bytes%n", hidden.length,
                    open.length, (System.nanoTime() - t0) / 1e9, honestAllocation);
        }
        return seeds;
    }

    private static byte[] seed(ModelContext ctx, String kind, Supplier<byte[]> prove) {
        String cache = System.getProperty("foldproof.cache");
        Path file = cache == null ? null : Path.of(cache, "fuzz-seeds", "tiny-" + ModelFile.hex(ctx.digest()).substring(0, 16)
                + "-v" + Protocol.VERSION + "-" + kind + ".proof");
        if (file != null && Files.isRegularFile(file)) {
            try {
                byte[] b = Files.readAllBytes(file);
                Verifier.verify(ctx, b);
                return b;
            } catch (IOException | VerificationException e) {
                System.out.println("cached seed " + file + " is stale (" + e.getMessage() + "): proving it again");
            }
        }
        byte[] b = prove.get();
        try {
            Verifier.verify(ctx, b);
        } catch (VerificationException e) {
            throw new IllegalStateException("a real " + kind + " seed proof does not verify: " + e.reason(), e);
        }
        if (file != null) {
            try {
                Files.createDirectories(file.getParent());
                Path tmp = Files.createTempFile(file.getParent(), kind, ".tmp");
                Files.write(tmp, b);
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return b;
    }

    static Stream<Arguments> decode() {
        return seeds().stream().map(b -> Arguments.of((Object) b));
    }

    static Stream<Arguments> verify() {
        return decode();
    }

    @Timeout(30)
    @MethodSource
    @FuzzTest(maxDuration = "60s")   // must come last (Jazzer)
    void decode(byte[] data) {
        seeds();
        RUNS.incrementAndGet();
        ModelContext ctx = TinyProofs.ctx();
        long before = allocated();
        Proof p;
        try {
            p = ProofCodec.read(data, ctx);
        } catch (ProofException e) {
            checkAllocation(before, data.length);
            requireExpected(e);
            return;
        }
        checkAllocation(before, data.length);
        DECODED.incrementAndGet();
        assertArrayEquals(data, ProofCodec.write(p, ctx.table()), "a decoded proof must re-encode to exactly its bytes");
    }

    @Timeout(60)
    @MethodSource
    @FuzzTest(maxDuration = "60s")   // must come last (Jazzer)
    void verify(byte[] data) {
        seeds();
        RUNS.incrementAndGet();
        ModelContext ctx = TinyProofs.ctx();
        try {
            Verifier.verify(ctx, data);
        } catch (VerificationException e) {
            if (e.reason() == null || e.reason().isBlank()) {
                throw new AssertionError("rejection without a reason", e);
            }
            if (!e.reason().startsWith("malformed proof:")) {
                DECODED.incrementAndGet();
            }
            requireExpected(e);
            return;
        }
        ACCEPTED.incrementAndGet();
        DECODED.incrementAndGet();
        if (!honest.contains(ByteBuffer.wrap(sha256(data)))) {
            throw new AssertionError("the verifier accepted a " + data.length + "-byte proof that no honest prover made");
        }
    }

    @AfterAll
    static void report() {
        System.out.println("ProofFuzzTest: " + RUNS.get() + " inputs, " + DECODED.get() + " decoded, " + ACCEPTED.get()
                + " accepted (each a real proof)");
    }

    /**
     * A rejection must come from a check: no cause in its chain may be a runtime error other than the decoder's
     * own {@link ProofException} and the {@link IllegalArgumentException} of the strict point and scalar decoders.
     */
    private static void requireExpected(Throwable e) {
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
            if (c instanceof RuntimeException && !(c instanceof ProofException) && !(c instanceof IllegalArgumentException)) {
                throw new AssertionError("rejected only by a catch-all for runtime errors: " + c, e);
            }
            if (c instanceof Error) {
                throw new AssertionError("an Error behind a rejection: " + c, e);
            }
        }
    }

    private static void checkAllocation(long before, int length) {
        long used = allocated() - before;
        long bound = ALLOC_FACTOR * honestAllocation + ALLOC_SLACK;
        if (used > bound) {
            throw new AssertionError("decoding " + length + " bytes allocated " + used + " bytes, more than " + ALLOC_FACTOR
                    + " x a real proof's " + honestAllocation + ": a length or count from the file was trusted");
        }
    }

    /** Bytes this thread has allocated so far (HotSpot's per-thread counter). */
    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
