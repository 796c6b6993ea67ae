package foldproof.circuits.r1cs;

/** A namespace opened by {@link ConstraintSystem#push}; closing it pops the namespace. */
public interface Scope extends AutoCloseable {
    @Override
    void close();
}
