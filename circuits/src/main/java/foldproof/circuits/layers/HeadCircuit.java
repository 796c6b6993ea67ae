package foldproof.circuits.layers;

import foldproof.circuits.gadgets.LinearHead;
import foldproof.circuits.r1cs.ConstraintSystem;
import foldproof.circuits.r1cs.SegmentLayout;
import foldproof.quantizer.model.QLayer;
import foldproof.quantizer.model.Shape;
import foldproof.quantizer.quant.ModelBounds;

import java.util.List;

/**
 * The head: one tile reading every row of the last feature map (H IN slots), global sum pool and the
 * folded Linear, producing the public logits. There is no OUT slot: the logits are the public inputs x
 * ({@link #outTensor()} still names the logits tensor). Constraints: {@code C + classes} ({@link LinearHead}).
 */
public final class HeadCircuit extends LayerCircuit {
    private final QLayer.Head head;
    private final Shape in;

    public HeadCircuit(QLayer.Head head, int layerIndex, List<Shape> shapes, ModelBounds bounds) {
        super(head.name(), layerIndex);
        this.head = head;
        this.in = shapes.get(head.input());
        if (in.c() != head.inC()) {
            throw new foldproof.circuits.CircuitException(head.name() + ": input has " + in.c() + " channels, head expects " + head.inC());
        }
        // LinearHead's soundness condition: every pooled sum and logit is far below r/2 as an integer
        for (int j = 0; j < head.classes(); j++) {
            LinearHead.requireSound(bounds.lo(layerIndex, j), bounds.hi(layerIndex, j), head.name() + " logit " + j);
        }
    }

    @Override
    public int numTiles() {
        return 1;
    }

    @Override
    public int[] inRows(int tile) {
        int[] r = new int[in.h()];
        for (int y = 0; y < r.length; y++) {
            r[y] = y;
        }
        return r;
    }

    @Override
    public int inTensor() {
        return head.input();
    }

    @Override
    public long activations() {
        return head.classes();
    }

    @Override
    protected List<SegmentLayout.Kind> slotKinds() {
        return kinds(in.h(), 0, false);
    }

    @Override
    protected int[] slotLengths() {
        int[] len = new int[in.h() + 1];
        for (int y = 0; y < in.h(); y++) {
            len[y] = in.rowLength();
        }
        return len;
    }

    @Override
    protected int numPublic() {
        return head.classes();
    }

    @Override
    protected Shape tensorShape(int id) {
        return in;
    }

    @Override
    public void synthesize(ConstraintSystem cs) {
        LinearHead.synthesize(cs, in.c(), in.h(), in.w(), in.rowStride(), head.classes(), head.w(), head.b());
    }
}
