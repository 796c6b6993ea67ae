package bench;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A/B of the generated Fr kernel variants (the classes bench.K&lt;name&gt; written by
 * scripts/gen-montgomery-mul.py --bench, names given as arguments) in one JVM, interleaved: each round times every variant
 * on N = 65536 independent products (mul, sqr: throughput) and on a chain of N dependent products
 * (mulLat: latency) max(3, 40 * 1024 / N) times and keeps the minimum; prints the median and minimum over
 * rounds. Variants that this JVM cannot run (j21 on JDK 17) are skipped. Every variant is first
 * checked against BigInteger. Run by scripts/field-kernels-ab.sh.
 */
public final class FieldKernelsAB {
    interface Op {
        void run(long[] a, long[] b, long[] o);
    }

    /**
     * Products per batch. Large on purpose: with 1024 operand pairs timed over and over, the branch
     * predictor learns the carry pattern of every product, and kernels whose carries C2 compiles to
     * branches look up to 1.6x faster than they are on fresh operands (-Dn=1024 shows it).
     */
    static final int N = Integer.getInteger("n", 65536);
    static final int REPS = Math.max(3, 40 * 1024 / N);

    public static void main(String[] args) throws Exception {
        BigInteger r = new BigInteger("21888242871839275222246405745257275088548364400416034343698204186575808495617");
        long[] a = new long[4 * N], b = new long[4 * N], o = new long[4 * N];
        SplittableRandom rnd = new SplittableRandom(7);
        for (int i = 0; i < 4 * N; i += 4) {
            for (int j = 0; j < 4; j++) {
                a[i + j] = rnd.nextLong();
                b[i + j] = rnd.nextLong();
            }
            a[i + 3] >>>= 3; // below 2^253 < r
            b[i + 3] >>>= 3;
        }
        Map<String, Op> ops = new LinkedHashMap<>();
        boolean j21 = Runtime.version().feature() >= 21;
        for (String v : args) {
            if (!j21 && v.startsWith("j21")) {
                continue;
            }
            Class<?> c = Class.forName("bench.K" + v);
            var mul = java.lang.invoke.MethodHandles.lookup().findStatic(c, "mulLoop",
                    java.lang.invoke.MethodType.methodType(void.class, long[].class, long[].class, long[].class, int.class));
            var sqr = java.lang.invoke.MethodHandles.lookup().findStatic(c, "sqrLoop",
                    java.lang.invoke.MethodType.methodType(void.class, long[].class, long[].class, int.class));
            var chain = java.lang.invoke.MethodHandles.lookup().findStatic(c, "mulChain",
                    java.lang.invoke.MethodType.methodType(void.class, long[].class, long[].class, long[].class, int.class));
            ops.put(v + ".mul", (x, y, z) -> invoke(() -> { mul.invokeExact(x, y, z, N); }));
            ops.put(v + ".mulLat", (x, y, z) -> invoke(() -> { chain.invokeExact(x, y, z, N); }));
            ops.put(v + ".sqr", (x, y, z) -> invoke(() -> { sqr.invokeExact(x, z, N); }));
        }
        BigInteger rInv = BigInteger.ONE.shiftLeft(256).modInverse(r);
        for (Map.Entry<String, Op> en : ops.entrySet()) {
            if (en.getKey().endsWith("Lat")) {
                continue; // same kernel as .mul, checked there
            }
            en.getValue().run(a, b, o);
            for (int i = 0; i < 4 * N; i += 4) {
                BigInteger x = big(a, i), y = en.getKey().endsWith("sqr") ? x : big(b, i);
                if (!x.multiply(y).multiply(rInv).mod(r).equals(big(o, i))) {
                    throw new AssertionError(en.getKey() + " wrong at " + i);
                }
            }
        }
        Map<String, List<Double>> res = new LinkedHashMap<>();
        for (int round = 0; round < 15; round++) {
            for (Map.Entry<String, Op> en : ops.entrySet()) {
                long best = Long.MAX_VALUE;
                for (int rep = 0; rep < REPS; rep++) {
                    long t0 = System.nanoTime();
                    en.getValue().run(a, b, o);
                    best = Math.min(best, System.nanoTime() - t0);
                }
                if (round >= 3) {
                    res.computeIfAbsent(en.getKey(), k -> new ArrayList<>()).add(best / (double) N);
                }
            }
        }
        System.out.println("java " + Runtime.version());
        for (Map.Entry<String, List<Double>> en : res.entrySet()) {
            List<Double> l = en.getValue();
            Collections.sort(l);
            System.out.printf("%-11s median %6.1f ns  min %6.1f ns%n", en.getKey(), l.get(l.size() / 2), l.get(0));
        }
    }

    interface Body {
        void run() throws Throwable;
    }

    static void invoke(Body b) {
        try {
            b.run();
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static BigInteger big(long[] a, int i) {
        BigInteger x = BigInteger.ZERO;
        for (int j = 3; j >= 0; j--) {
            x = x.shiftLeft(64).or(new BigInteger(Long.toUnsignedString(a[i + j])));
        }
        return x;
    }
}
