package foldproof.bn254.bench;

import foldproof.bn254.fq.Fq;
import foldproof.bn254.fq.FqLanes;
import foldproof.bn254.fr.Fr;
import foldproof.bn254.fr.FrLanes;
import foldproof.bn254.g1.G1;
import foldproof.bn254.g1.G1Point;
import foldproof.bn254.internal.LaneLimbs;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH timings of the field and curve kernels. Each invocation runs a batch of independent calls on
 * consecutive elements of a 1024-element ring (throughput-like, not a latency chain), and JMH
 * reports per-call time. Sample mode gives percentiles: on a shared, loaded machine the median is
 * far less disturbed by descheduling than the mean. Run with {@link KernelBenchRunner} (command in
 * docs/benchmarks.md). The {@code *LanesMul} benchmarks time the sixteen-lane kernels per product
 * (one call multiplies a group of 16 pairs), so they compare directly with {@code frMul}/{@code fqMul}.
 */
@State(Scope.Thread)
@BenchmarkMode({Mode.SampleTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class KernelBench {
    static final int N = 1024;
    long[] a = new long[4 * N];
    long[] b = new long[4 * N];
    long[] out = new long[4 * N];
    long[] jac = new long[G1.JAC * N];
    long[] aff = new long[G1.AFF * N];
    long[] jout = new long[G1.JAC];
    long[] scratch = new long[G1.SCRATCH];
    int i, gi;
    static final int GROUPS = N / LaneLimbs.LANES;
    long[] lanesA = new long[LaneLimbs.GROUP * GROUPS];
    long[] lanesB = new long[LaneLimbs.GROUP * GROUPS];
    long[] lanesOut = new long[LaneLimbs.GROUP * GROUPS];
    long[] lanesScratch = new long[LaneLimbs.SCRATCH];

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
        for (int k = 0; k < N; k++) {   // the same values as limbs (canonical in both fields: below r < p)
            LaneLimbs.load(a, 4 * k, lanesA, LaneLimbs.GROUP * (k / LaneLimbs.LANES), k % LaneLimbs.LANES);
            LaneLimbs.load(b, 4 * k, lanesB, LaneLimbs.GROUP * (k / LaneLimbs.LANES), k % LaneLimbs.LANES);
        }
    }

    /** First of the next {@code FIELD_BATCH / 16} groups (offset in longs). */
    private int nextGroups() {
        int g = gi;
        gi = (g + FIELD_BATCH / LaneLimbs.LANES) % GROUPS;
        return g * LaneLimbs.GROUP;
    }

    /** Sixteen-lane Fr multiplication, per product (four calls of 16 products per invocation). */
    @Benchmark
    @OperationsPerInvocation(FIELD_BATCH)
    public long[] frLanesMul() {
        int g0 = nextGroups();
        for (int g = g0; g < g0 + FIELD_BATCH / LaneLimbs.LANES * LaneLimbs.GROUP; g += LaneLimbs.GROUP) {
            FrLanes.mul(lanesA, g, lanesB, g, lanesOut, g, lanesScratch);
        }
        return lanesOut;
    }

    /** Sixteen-lane Fq multiplication, per product (four calls of 16 products per invocation). */
    @Benchmark
    @OperationsPerInvocation(FIELD_BATCH)
    public long[] fqLanesMul() {
        int g0 = nextGroups();
        for (int g = g0; g < g0 + FIELD_BATCH / LaneLimbs.LANES * LaneLimbs.GROUP; g += LaneLimbs.GROUP) {
            FqLanes.mul(lanesA, g, lanesB, g, lanesOut, g, lanesScratch);
        }
        return lanesOut;
    }

    static final int FIELD_BATCH = 64;
    static final int CURVE_BATCH = 16;

    private int next(int batch) {
        int k = i;
        i = (k + batch) & (N - 1);
        return k;
    }

    @Benchmark
    @OperationsPerInvocation(FIELD_BATCH)
    public long[] frMul() {
        int k0 = next(FIELD_BATCH);
        for (int k = 4 * k0; k < 4 * (k0 + FIELD_BATCH); k += 4) {
            Fr.mul(a, k, b, k, out, k);
        }
        return out;
    }

    @Benchmark
    @OperationsPerInvocation(FIELD_BATCH)
    public long[] frSqr() {
        int k0 = next(FIELD_BATCH);
        for (int k = 4 * k0; k < 4 * (k0 + FIELD_BATCH); k += 4) {
            Fr.sqr(a, k, out, k);
        }
        return out;
    }

    @Benchmark
    @OperationsPerInvocation(FIELD_BATCH)
    public long[] fqMul() {
        int k0 = next(FIELD_BATCH);
        for (int k = 4 * k0; k < 4 * (k0 + FIELD_BATCH); k += 4) {
            Fq.mul(a, k, b, k, out, k);
        }
        return out;
    }

    @Benchmark
    @OperationsPerInvocation(FIELD_BATCH)
    public long[] fqSqr() {
        int k0 = next(FIELD_BATCH);
        for (int k = 4 * k0; k < 4 * (k0 + FIELD_BATCH); k += 4) {
            Fq.sqr(a, k, out, k);
        }
        return out;
    }

    /** Fq inversion (BatchAffine flushes, affine normalisation); batches of 4. */
    @Benchmark
    @OperationsPerInvocation(4)
    public long[] fqInv() {
        int k0 = next(4);
        for (int k = 4 * k0; k < 4 * (k0 + 4); k += 4) {
            Fq.inv(a, k, out, k);
        }
        return out;
    }

    @Benchmark
    @OperationsPerInvocation(FIELD_BATCH)
    public long[] frAdd() {
        int k0 = next(FIELD_BATCH);
        for (int k = 4 * k0; k < 4 * (k0 + FIELD_BATCH); k += 4) {
            Fr.add(a, k, b, k, out, k);
        }
        return out;
    }

    @Benchmark
    @OperationsPerInvocation(CURVE_BATCH)
    public long[] g1Add() {
        int k0 = next(CURVE_BATCH);
        for (int k = k0; k < k0 + CURVE_BATCH; k++) {
            G1.add(jac, G1.JAC * k, jac, G1.JAC * ((k + 1) & (N - 1)), jout, 0, scratch);
        }
        return jout;
    }

    @Benchmark
    @OperationsPerInvocation(CURVE_BATCH)
    public long[] g1AddMixed() {
        int k0 = next(CURVE_BATCH);
        for (int k = k0; k < k0 + CURVE_BATCH; k++) {
            G1.addMixed(jac, G1.JAC * k, aff, G1.AFF * ((k + 1) & (N - 1)), jout, 0, scratch);
        }
        return jout;
    }

    @Benchmark
    @OperationsPerInvocation(CURVE_BATCH)
    public long[] g1Double() {
        int k0 = next(CURVE_BATCH);
        for (int k = k0; k < k0 + CURVE_BATCH; k++) {
            G1.dbl(jac, G1.JAC * k, jout, 0, scratch);
        }
        return jout;
    }
}
