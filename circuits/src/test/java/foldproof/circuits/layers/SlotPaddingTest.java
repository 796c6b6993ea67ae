package foldproof.circuits.layers;

import foldproof.circuits.r1cs.R1CSShape;
import foldproof.circuits.r1cs.SegmentLayout;
import foldproof.circuits.r1cs.SparseMatrix;
import foldproof.fixtures.CraftedModels;
import foldproof.fixtures.DemoModels;
import foldproof.quantizer.QuantizerException;
import foldproof.quantizer.model.QModel;
import foldproof.quantizer.quant.ModelChecks;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The padding entries of a committed slot (positions {@code length .. padded-1}) are read by no
 * constraint: whatever a prover commits there cannot change what the constraints say (the opening
 * accumulator separately keeps every commitment inside its padded length). Checked on every layer shape of
 * the tiny demo model, the demo ResNet-18 at 32x32, and 200 random crafted models that load.
 */
class SlotPaddingTest {
    @Test
    void noConstraintReadsASlotsPadding() {
        List<QModel> models = new ArrayList<>(List.of(DemoModels.tiny(), DemoModels.resnet18Imagenet(32)));
        for (long seed = 1; models.size() < 202 && seed < 10_000; seed++) {
            QModel m = CraftedModels.random(seed);
            try {
                ModelChecks.validate(m);
                models.add(m);
            } catch (QuantizerException e) {
                // refused at load: nothing to prove
            }
        }
        int shapes = 0;
        for (QModel m : models) {
            for (LayerCircuit c : Circuits.forModel(m)) {
                R1CSShape s = c.shape();
                for (SegmentLayout.Slot slot : s.layout().slots()) {
                    for (SparseMatrix mat : List.of(s.a(), s.b(), s.c())) {
                        for (int col : mat.col()) {
                            if (col >= slot.offset() + slot.length() && col < slot.offset() + slot.padded()) {
                                fail(m.name() + " " + c.name() + ": a constraint reads padding column " + col + " of slot " + slot);
                            }
                        }
                    }
                }
                c.dropShape();
                shapes++;
            }
        }
        assertTrue(shapes > 400, "shapes checked: " + shapes);
    }
}
