package foldproof.circuits.check;

import foldproof.circuits.layers.Circuits;
import foldproof.circuits.layers.LayerCircuit;
import foldproof.circuits.layers.TileWitness;
import foldproof.quantizer.model.QModel;
import foldproof.quantizer.quant.IntTrace;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Builds and checks every tile of every layer, layer by layer: one shape and at most {@code threads}
 * tile witnesses are live at a time (memory O(layer), not O(network)).
 */
public final class NetworkCheck {
    /** Outcome of one layer; {@code firstFailure} is that of the lowest failing tile, or null. */
    public record LayerResult(String name, int tiles, boolean ok, Failure firstFailure) { }

    private NetworkCheck() { }

    /** Total tiles of a model (for progress bars). */
    public static int totalTiles(List<LayerCircuit> circuits) {
        int t = 0;
        for (LayerCircuit c : circuits) {
            t += c.numTiles();
        }
        return t;
    }

    /**
     * @param onTile called once per checked tile (from worker threads)
     */
    public static List<LayerResult> run(QModel model, IntTrace trace, int threads, IntConsumer onTile) {
        return run(Circuits.forModel(model), trace, threads, onTile);
    }

    public static List<LayerResult> run(List<LayerCircuit> circuits, IntTrace trace, int threads, IntConsumer onTile) {
        List<LayerResult> out = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "check");
            t.setDaemon(true);
            return t;
        });
        try {
            for (LayerCircuit c : circuits) {
                c.shape();
                int n = c.numTiles();
                Failure[] fails = new Failure[n];
                AtomicInteger next = new AtomicInteger();
                List<Future<?>> fs = new ArrayList<>();
                for (int w = 0; w < Math.max(1, threads); w++) {
                    fs.add(pool.submit(() -> {
                        for (int tile = next.getAndIncrement(); tile < n; tile = next.getAndIncrement()) {
                            TileWitness tw = c.witness(trace, tile);
                            Optional<Failure> f = Checker.check(c, tw);
                            fails[tile] = f.orElse(null);
                            onTile.accept(1);
                        }
                    }));
                }
                for (Future<?> f : fs) {
                    f.get();
                }
                Failure first = null;
                for (Failure f : fails) {
                    if (f != null) {
                        first = f;
                        break;
                    }
                }
                out.add(new LayerResult(c.name(), n, first == null, first));
                c.dropShape();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(cause);
        } finally {
            pool.shutdownNow();
        }
        return out;
    }
}
