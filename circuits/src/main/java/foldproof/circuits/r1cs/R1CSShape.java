package foldproof.circuits.r1cs;

/**
 * One R1CS shape {@code (A z) o (B z) = (C z)} shared by every tile of a layer.
 * Satisfaction of a relaxed instance: {@code (A z) o (B z) = u (C z) + E}.
 */
public record R1CSShape(String name, int numConstraints, SparseMatrix a, SparseMatrix b, SparseMatrix c,
                        SegmentLayout layout) { }
