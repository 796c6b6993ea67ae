package foldproof.bn254;

import foldproof.bn254.fq.FqLanes;
import foldproof.bn254.fr.FrLanes;
import foldproof.bn254.internal.LaneLimbs;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whether the vector-lane kernels ({@link FqLanes}, {@link FrLanes}) are used. They need the incubator module
 * {@code jdk.incubator.vector} in the boot layer (the {@code foldproof} launcher passes
 * {@code --add-modules jdk.incubator.vector} for {@code prove}, {@code demo} and {@code bench}, the build's
 * tests always; a bare {@code java -jar} does not) and native 256-bit vectors.
 * {@code -Dfoldproof.lanes=false} turns them off (to compare, or to rule them out). This class never refers
 * to the incubator types itself, so it loads on any JVM.
 *
 * <p><b>Warm-up.</b> Until C2 has compiled them, Vector API kernels run interpreted or in C1 code that boxes
 * every vector: a lane multiplication then costs about 100-400 us instead of 1 us, and the first 12,000 calls
 * take about 1.2 s of one core. So the callers ask {@link #fqReady()} / {@link #frReady()}, which are false
 * until a background daemon thread, started by {@link #warmUp()}, has run the kernels to compiled speed;
 * meanwhile the scalar kernels do the work. Only long jobs start it ({@code prove}, {@code demo}, the MSM
 * benchmark): on a 2-core machine the warm-up's 2-3 s of CPU would make a 3 s {@code verify} about 1.5 s
 * slower (measured: 4.2-4.5 s instead of 2.7-2.9 s), so verification stays on the scalar kernels.
 * Once the kernels are warm the same thread runs {@code Msm.warmUp()}, which compiles the batched-bucket MSM
 * code (a few hundred ms of CPU); {@link #awaitWarm} waits for it too.
 */
public final class Lanes {
    /** True when the lane kernels may be used at all. */
    public static final boolean ENABLED = detect();

    private static final AtomicBoolean STARTED = new AtomicBoolean();
    private static volatile boolean fqWarm, frWarm, msmWarm;

    private Lanes() {
    }

    private static boolean detect() {
        if (!Boolean.parseBoolean(System.getProperty("foldproof.lanes", "true"))) return false;
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) return false;
        try {
            return LaneLimbs.nativeWidth();
        } catch (LinkageError e) {
            return false;
        }
    }

    /** Whether {@link FqLanes} is on and warmed up (see {@link #warmUp()}). */
    public static boolean fqReady() {
        return fqWarm;
    }

    /** Whether {@link FrLanes} is on and warmed up (see {@link #warmUp()}). */
    public static boolean frReady() {
        return frWarm;
    }

    /** Starts the background warm-up once (no-op when the lanes are off). */
    public static void warmUp() {
        if (ENABLED && STARTED.compareAndSet(false, true)) {
            Thread t = new Thread(Lanes::warm, "foldproof-lanes-warmup");
            t.setDaemon(true);
            t.start();
        }
    }

    /**
     * Waits (at most {@code millis}) for the warm-up, including the MSM code's ({@code Msm.warmUp}, run after the
     * kernels); for benchmarks that time steady state.
     */
    public static void awaitWarm(long millis) {
        if (!ENABLED) return;
        warmUp();
        long end = System.nanoTime() + millis * 1_000_000L;
        while (!(fqWarm && frWarm && msmWarm) && System.nanoTime() < end) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Runs each kernel until 500 calls take under 2.5 ms (compiled: about 1 us each), at most 100,000 calls. */
    private static void warm() {
        long[] x = new long[LaneLimbs.GROUP], y = new long[LaneLimbs.GROUP], o = new long[LaneLimbs.GROUP];
        long[] t = new long[LaneLimbs.SCRATCH];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i * 0x9E3779B97F4A7C15L) >>> 14;
            y[i] = (i * 0xC2B2AE3D27D4EB4FL) >>> 14;
        }
        for (int field = 0; field < 2; field++) {
            for (int call = 0; call < 100_000; call += 500) {
                long t0 = System.nanoTime();
                for (int k = 0; k < 500; k++) {
                    if (field == 0) {
                        FqLanes.mul(x, 0, y, 0, o, 0, t);
                        FqLanes.sub(x, 0, y, 0, y, 0);
                    } else {
                        FrLanes.mul(x, 0, y, 0, o, 0, t);
                        FrLanes.sub(x, 0, y, 0, y, 0);
                    }
                }
                if (System.nanoTime() - t0 < 2_500_000L && call >= 10_000) break;
            }
            if (field == 0) fqWarm = true;
            else frWarm = true;
        }
        try {
            foldproof.bn254.msm.Msm.warmUp();   // the batched-bucket MSM code on the (now warm) lanes
        } finally {
            msmWarm = true;
        }
    }

    /** A one-line description for diagnostics ({@code foldproof bench msm}), with how to turn the lanes on. */
    public static String describe() {
        if (fqWarm) return "vector lanes: on (jdk.incubator.vector, 256-bit)";
        if (ENABLED) return "vector lanes: available, not warmed up";
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return "vector lanes: off (run with --add-modules jdk.incubator.vector)";
        }
        return "vector lanes: off";
    }
}
