package foldproof.folding.bench;

import foldproof.circuits.field.Fr;
import foldproof.folding.ec.G1;
import foldproof.folding.ec.G1Point;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH average time per call of the field and curve kernels. Each call works on the next element of
 * a 1024-element ring, so consecutive calls are independent (throughput-like, not a latency chain).
 * Run with {@link KernelBenchRunner} (command in docs/benchmarks.md).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class KernelBench {
    static final int N = 1024;
    long[] a = new long[4 * N];
    long[] b = new long[4 * N];
    long[] out = new long[4 * N];
    long[] jac = new long[G1.JAC * N];
    long[] aff = new long[G1.AFF * N];
    long[] jout = new long[G1.JAC];
    long[] scratch = new long[G1.SCRATCH];
    int i;

    @Setup
    public void setUp() {
        SplittableRandom rnd = new SplittableRandom(42);
        for (int k = 0; k < N; k++) {
            Fr.random(rnd, a, 4 * k);
            Fr.random(rnd, b, 4 * k);
        }
        G1Point[] pts = new G1Point[N];
        G1Point p = G1Point.GENERATOR.mul(a);
        G1Point step = G1Point.GENERATOR.mul(b);
        for (int k = 0; k < N; k++) {
            pts[k] = p;
            p = p.add(step);
            p.writeJacobian(jac, G1.JAC * k);
        }
        System.arraycopy(G1Point.toAffine(pts), 0, aff, 0, aff.length);
    }

    private int next() {
        int k = i;
        i = (k + 1) & (N - 1);
        return k;
    }

    @Benchmark
    public long[] frMul() {
        int k = 4 * next();
        Fr.mul(a, k, b, k, out, k);
        return out;
    }

    @Benchmark
    public long[] frSqr() {
        int k = 4 * next();
        Fr.sqr(a, k, out, k);
        return out;
    }

    @Benchmark
    public long[] frAdd() {
        int k = 4 * next();
        Fr.add(a, k, b, k, out, k);
        return out;
    }

    @Benchmark
    public long[] g1Add() {
        int k = next();
        G1.add(jac, G1.JAC * k, jac, G1.JAC * ((k + 1) & (N - 1)), jout, 0, scratch);
        return jout;
    }

    @Benchmark
    public long[] g1AddMixed() {
        int k = next();
        G1.addMixed(jac, G1.JAC * k, aff, G1.AFF * ((k + 1) & (N - 1)), jout, 0, scratch);
        return jout;
    }

    @Benchmark
    public long[] g1Double() {
        int k = next();
        G1.dbl(jac, G1.JAC * k, jout, 0, scratch);
        return jout;
    }
}
