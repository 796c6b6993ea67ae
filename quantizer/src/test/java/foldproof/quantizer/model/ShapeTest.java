package foldproof.quantizer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ShapeTest {
    @Test
    void outExtentMatchesConvolutionArithmetic() {
        assertEquals(112, Shape.outExtent(224, 7, 2, 3));
        assertEquals(56, Shape.outExtent(112, 3, 2, 1));
        assertEquals(32, Shape.outExtent(32, 3, 1, 1));
        assertEquals(16, Shape.outExtent(32, 1, 2, 0));
    }

    @Test
    void rejectsKernelLargerThanInput() {
        assertThrows(IllegalArgumentException.class, () -> Shape.outExtent(2, 7, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new Shape(0, 1, 1));
    }
}
