package foldproof.circuits.r1cs;

import java.util.List;

/**
 * One R1CS shape {@code (A z) o (B z) = (C z)} shared by every tile of a layer.
 * Satisfaction of a relaxed instance: {@code (A z) o (B z) = u (C z) + E}.
 *
 * @param cTerms terms of C described, not listed in {@code c} (a verifier's shape, {@link ConvTerms});
 *               empty for a prover's shape, whose {@code c} holds every term
 */
public record R1CSShape(String name, int numConstraints, SparseMatrix a, SparseMatrix b, SparseMatrix c,
                        SegmentLayout layout, List<ConvTerms> cTerms) {
    public R1CSShape {
        cTerms = List.copyOf(cTerms);
    }

    /** A shape whose matrices list every term. */
    public R1CSShape(String name, int numConstraints, SparseMatrix a, SparseMatrix b, SparseMatrix c, SegmentLayout layout) {
        this(name, numConstraints, a, b, c, layout, List.of());
    }
}
