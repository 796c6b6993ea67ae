package foldproof.folding.proof;

import foldproof.circuits.layers.Activations;
import foldproof.circuits.layers.LayerCircuit;
import foldproof.quantizer.model.QModel;
import foldproof.quantizer.quant.IntInference;

import java.util.Arrays;
import java.util.List;

/**
 * One image's integer run, kept O(layer) while a batch is proven layer after layer: the tensors are
 * recomputed forward ({@link IntInference#step}) when a proof layer first reads them and dropped as soon as
 * no later proof layer and no layer still to compute reads them. A batch of {@code N} images then holds
 * {@code N} times the live tensors of one layer (its input, its skip source, its output), not {@code N}
 * whole traces. The integer run is computed twice in all (once for the row table, once here), which costs
 * little next to the folding.
 */
public final class TraceCursor implements Activations {
    private final QModel model;
    private final int[][] tensors;
    private final long[] logits;
    private final int[] lastCircuit;   // per tensor: the last proof layer that reads it, -1 if none
    private final int[] lastLayer;     // per tensor: the last model layer that reads it, -1 if none
    private int next;                  // the next model layer to compute (tensor next + 1)

    /**
     * @param input  the quantized input (tensor 0), already checked by the first run
     * @param logits that run's logits
     */
    public TraceCursor(QModel model, List<LayerCircuit> circuits, int[] input, long[] logits) {
        this.model = model;
        int n = model.layers().size();
        this.tensors = new int[n + 1][];
        this.tensors[0] = input;
        this.logits = logits;
        this.lastCircuit = new int[n + 1];
        this.lastLayer = new int[n + 1];
        Arrays.fill(lastCircuit, -1);
        Arrays.fill(lastLayer, -1);
        for (int p = 0; p < circuits.size(); p++) {
            LayerCircuit lc = circuits.get(p);
            for (int id : new int[] {lc.inTensor(), lc.skipTensor(), lc.outTensor()}) {
                if (id >= 0 && id <= n) {
                    lastCircuit[id] = p;
                }
            }
        }
        for (int li = 0; li < n; li++) {
            for (int id : IntInference.reads(model, li)) {
                lastLayer[id] = li;
            }
        }
    }

    @Override
    public int[] tensor(int id) {
        if (tensors[id] == null && id <= next) {
            // released already (a layer proven again, e.g. a Spark task run twice): recompute from the input
            Arrays.fill(tensors, 1, tensors.length, null);
            next = 0;
        }
        while (tensors[id] == null) {
            IntInference.step(model, tensors, next++);
        }
        return tensors[id];
    }

    @Override
    public long[] logits() {
        return logits;
    }

    /**
     * Proof layer {@code p} is done: drops every tensor no later proof layer and no layer still to compute
     * reads (the input, tensor 0, is kept: a cursor can always start over from it).
     */
    public void release(int p) {
        for (int id = 1; id < tensors.length; id++) {
            if (tensors[id] != null && lastCircuit[id] <= p && lastLayer[id] < next) {
                tensors[id] = null;
            }
        }
    }
}
