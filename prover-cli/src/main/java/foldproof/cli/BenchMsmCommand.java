package foldproof.cli;

import foldproof.bn254.Lanes;
import foldproof.bn254.fr.Fr;
import foldproof.bn254.g1.G1Point;
import foldproof.bn254.msm.Msm;
import foldproof.folding.commit.PedersenKey;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code foldproof bench msm}: times one MSM of {@code 2^log-size} Pedersen generators (cached hash-to-curve
 * points) with random full-width Fr scalars, uint8 values or bits; prints the median of {@code --runs} runs
 * after {@code --warmup} runs. {@code --seed} only fixes the benchmark's random scalars.
 */
@Command(name = "msm", mixinStandardHelpOptions = true, description = "Benchmark multi-scalar multiplication.")
public final class BenchMsmCommand implements Callable<Integer> {
    /** Scalar kinds. */
    enum Scalars { full, u8, bits }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--log-size", required = true, description = "log2 of the number of points (1..24).")
    int logSize;

    @Option(names = "--scalars", defaultValue = "full", description = "full | u8 | bits (default: ${DEFAULT-VALUE}).")
    Scalars scalars;

    @Option(names = "--runs", defaultValue = "5", description = "Measured runs (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--warmup", defaultValue = "2", description = "Warm-up runs (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the random scalars (benchmarks only).")
    long seed;

    @Option(names = "--json", description = "Print one JSON line.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (logSize < 1 || logSize > 24 || runs < 1 || warmup < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "need 1 <= --log-size <= 24, --runs >= 1, --warmup >= 0");
        }
        int n = 1 << logSize;
        long t0 = System.nanoTime();
        PedersenKey key = PedersenKey.setup("foldproof/bench", n);
        double setupMs = (System.nanoTime() - t0) / 1e6;
        long[] bases = key.bases();
        SplittableRandom rnd = new SplittableRandom(seed);
        long[] fr = null, small = null;
        if (scalars == Scalars.full) {
            fr = new long[n * Fr.LIMBS];
            for (int i = 0; i < n; i++) Fr.random(rnd, fr, i * Fr.LIMBS);
        } else {
            small = new long[n];
            int bound = scalars == Scalars.u8 ? 256 : 2;
            for (int i = 0; i < n; i++) small[i] = rnd.nextInt(bound);
        }
        Lanes.awaitWarm(60_000);   // time the steady state: the lanes' kernels compiled, if they are on
        String lanes = Lanes.fqReady() ? "on" : "off";
        double[] ms = new double[runs], cpu = new double[runs];
        G1Point last = null;
        for (int r = -warmup; r < runs; r++) {
            long c = processCpuNanos();
            long s = System.nanoTime();
            last = fr != null ? Msm.msm(bases, 0, fr, 0, n) : Msm.msmSmall(bases, 0, small, 0, n);
            if (r >= 0) {
                ms[r] = (System.nanoTime() - s) / 1e6;
                cpu[r] = (processCpuNanos() - c) / 1e6;
            }
        }
        double[] cpuSorted = cpu.clone();
        Arrays.sort(cpuSorted);
        double cpuMedian = cpuSorted[runs / 2];
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        double median = runs % 2 == 1 ? sorted[runs / 2] : (sorted[runs / 2 - 1] + sorted[runs / 2]) / 2;
        int threads = Runtime.getRuntime().availableProcessors();
        if (json) {
            StringBuilder runsJson = new StringBuilder();
            for (double m : ms) runsJson.append(runsJson.length() == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.1f", m));
            out.printf(Locale.ROOT, "{\"bench\":\"msm\",\"log_size\":%d,\"n\":%d,\"scalars\":\"%s\",\"runs\":%d,\"warmup\":%d,"
                    + "\"median_ms\":%.1f,\"min_ms\":%.1f,\"runs_ms\":[%s],\"cpu_ms\":%.1f,\"setup_ms\":%.1f,\"threads\":%d,"
                    + "\"lanes\":\"%s\",\"result_hash\":%d}%n",
                    logSize, n, scalars, runs, warmup, median, sorted[0], runsJson, cpuMedian, setupMs, threads, lanes, last.hashCode());
        } else {
            out.printf(Locale.ROOT, "MSM 2^%d %s scalars: median %.1f ms (min %.1f, %d runs after %d warm-up, %d cores, %s); "
                    + "generator setup %.1f ms%n", logSize, scalars, median, sorted[0], runs, warmup, threads, Lanes.describe(), setupMs);
        }
        out.flush();
        return 0;
    }

    /** CPU time of the whole process (all threads), to read wall times taken on a shared machine; -1 if unavailable. */
    static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) return sun.getProcessCpuTime();
        return -1;
    }
}
