package foldproof.spark;

import foldproof.folding.commit.PedersenKey;
import foldproof.folding.proof.ModelContext;
import foldproof.folding.proof.Protocol;
import foldproof.quantizer.quant.ModelFile;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What an executor JVM keeps across tasks: the model's circuits (built once from the broadcast model file)
 * and the Pedersen generators (installed once from the broadcast key, never recomputed). In local mode
 * the executors run in the driver's JVM and share the driver's {@link ModelContext}.
 */
final class ExecutorState {
    private static final Map<String, ModelContext> CONTEXTS = new ConcurrentHashMap<>();

    private ExecutorState() { }

    /** The driver's context, for executors in its own JVM (local mode). */
    static void register(String digestHex, ModelContext ctx) {
        CONTEXTS.put(digestHex, ctx);
    }

    static ModelContext context(String digestHex, byte[] modelFile) {
        return CONTEXTS.computeIfAbsent(digestHex, k -> {
            ModelContext ctx = ModelContext.of(ModelFile.fromBytes(modelFile));
            if (!ModelFile.hex(ctx.digest()).equals(k)) {
                throw new IllegalStateException("the broadcast model's digest is not the driver's");
            }
            return ctx;
        });
    }

    static PedersenKey key(long[] bases, int generators) {
        PedersenKey.install(Protocol.GENERATOR_DOMAIN, bases);
        return PedersenKey.setup(Protocol.GENERATOR_DOMAIN, generators);
    }
}
