package foldproof.bn254.internal;

import foldproof.bn254.Lanes;
import foldproof.bn254.fq.Fq;
import foldproof.bn254.fq.FqLanes;
import foldproof.bn254.fr.FrLanes;

import foldproof.bn254.fr.Fr;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Stand-alone cross-check of the Fr and Fq kernels that the running JVM actually uses (the Java 17
 * classes, or on JDK 21+ the multi-release versions) against BigInteger: mul, sqr and inv, with
 * aliasing, on seeded random and edge values. A diagnostic, not used by the prover: the tests run it
 * in child JVMs of every installed JDK (bn254's Jdk21KernelTest on the module classes,
 * prover-cli's ShadedJarKernelIT on the shaded jar); by hand:
 * {@code java -cp prover-cli/target/foldproof.jar foldproof.bn254.internal.KernelSelfCheck [seed [count]]}.
 * Prints {@code kernels Fr=<name> Fq=<name> checked=<n>} and exits 0, or names the first mismatch
 * and exits 1.
 */
public final class KernelSelfCheck {
    private KernelSelfCheck() {
    }

    interface Field {
        void mul(long[] a, int ao, long[] b, int bo, long[] o, int oo);

        void sqr(long[] a, int ao, long[] o, int oo);

        void inv(long[] a, int ao, long[] o, int oo);
    }

    /** Runs the check with the seed given as the first argument (default 1). */
    public static void main(String[] args) {
        long seed = args.length > 0 ? Long.parseLong(args[0]) : 1;
        int randoms = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        try {
            System.out.println(run(seed, randoms));
        } catch (AssertionError e) {
            System.out.println(e.getMessage());
            System.exit(1);
        }
    }

    /** Checks both fields; returns the summary line or throws AssertionError naming a mismatch. */
    public static String run(long seed, int randoms) {
        long n = check("Fr", Fr.FIELD, new Field() {
            public void mul(long[] a, int ao, long[] b, int bo, long[] o, int oo) { Fr.mul(a, ao, b, bo, o, oo); }
            public void sqr(long[] a, int ao, long[] o, int oo) { Fr.sqr(a, ao, o, oo); }
            public void inv(long[] a, int ao, long[] o, int oo) { Fr.inv(a, ao, o, oo); }
        }, seed, randoms);
        n += check("Fq", Fq.FIELD, new Field() {
            public void mul(long[] a, int ao, long[] b, int bo, long[] o, int oo) { Fq.mul(a, ao, b, bo, o, oo); }
            public void sqr(long[] a, int ao, long[] o, int oo) { Fq.sqr(a, ao, o, oo); }
            public void inv(long[] a, int ao, long[] o, int oo) { Fq.inv(a, ao, o, oo); }
        }, seed + 1, randoms);
        if (Lanes.ENABLED) n += checkLanes(seed + 2, randoms);
        return "kernels Fr=" + Fr.kernelName() + " Fq=" + Fq.kernelName() + " java="
                + Runtime.version().feature() + " lanes=" + (Lanes.ENABLED ? "on" : "off") + " checked=" + n;
    }

    /** The arithmetic of one lane kernel class ({@link FqLanes} or {@link FrLanes}); both share {@link LaneLimbs}. */
    interface LaneField {
        void mul(long[] a, int ao, long[] b, int bo, long[] o, int oo, long[] t);
        void sub(long[] a, int ao, long[] b, int bo, long[] o, int oo);
    }

    static final LaneField FQ_LANES = new LaneField() {
        public void mul(long[] a, int ao, long[] b, int bo, long[] o, int oo, long[] t) { FqLanes.mul(a, ao, b, bo, o, oo, t); }
        public void sub(long[] a, int ao, long[] b, int bo, long[] o, int oo) { FqLanes.sub(a, ao, b, bo, o, oo); }
    };

    static final LaneField FR_LANES = new LaneField() {
        public void mul(long[] a, int ao, long[] b, int bo, long[] o, int oo, long[] t) { FrLanes.mul(a, ao, b, bo, o, oo, t); }
        public void sub(long[] a, int ao, long[] b, int bo, long[] o, int oo) { FrLanes.sub(a, ao, b, bo, o, oo); }
    };

    /** {@link FqLanes} and {@link FrLanes} mul and sub, a group at a time, against Fq and Fr. */
    static long checkLanes(long seed, int randoms) {
        return checkLanes("Fq", Fq.FIELD, FQ_LANES, seed, randoms) + checkLanes("Fr", Fr.FIELD, FR_LANES, seed + 1, randoms);
    }

    static long checkLanes(String name, MontField f, LaneField lanes, long seed, int randoms) {
        List<BigInteger> vals = edges(f.modulus());
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < randoms; i++) vals.add(random(rnd, f.modulus()));
        while (vals.size() % LaneLimbs.LANES != 0) vals.add(BigInteger.ONE);
        int n = vals.size(), G = LaneLimbs.GROUP;
        long[] a = new long[4 * n], b = new long[4 * n], want = new long[4], got = new long[4];
        for (int i = 0; i < n; i++) {
            f.fromBigInteger(vals.get(i), a, 4 * i);
            f.fromBigInteger(vals.get((int) ((i * 7L + 3) % n)), b, 4 * i);
        }
        long[] ga = new long[G], gb = new long[G], gm = new long[G], gs = new long[G], t = new long[LaneLimbs.SCRATCH];
        for (int i0 = 0; i0 < n; i0 += LaneLimbs.LANES) {
            for (int l = 0; l < LaneLimbs.LANES; l++) {
                LaneLimbs.load(a, 4 * (i0 + l), ga, 0, l);
                LaneLimbs.load(b, 4 * (i0 + l), gb, 0, l);
            }
            lanes.mul(ga, 0, gb, 0, gm, 0, t);
            lanes.sub(ga, 0, gb, 0, gs, 0);
            for (int l = 0; l < LaneLimbs.LANES; l++) {
                int i = i0 + l;
                f.mul(a, 4 * i, b, 4 * i, want, 0);
                LaneLimbs.store(gm, 0, l, got, 0);
                if (!java.util.Arrays.equals(want, got)) {
                    throw new AssertionError(name + "Lanes.mul mismatch at " + i + ": " + f.toBigInteger(a, 4 * i) + " * "
                            + f.toBigInteger(b, 4 * i));
                }
                f.sub(a, 4 * i, b, 4 * i, want, 0);
                LaneLimbs.store(gs, 0, l, got, 0);
                if (!java.util.Arrays.equals(want, got)) {
                    throw new AssertionError(name + "Lanes.sub mismatch at " + i + ": " + f.toBigInteger(a, 4 * i) + " - "
                            + f.toBigInteger(b, 4 * i));
                }
            }
        }
        return 2L * n;
    }

    static List<BigInteger> edges(BigInteger q) {
        List<BigInteger> v = new ArrayList<>(List.of(BigInteger.ZERO, BigInteger.ONE, BigInteger.TWO,
                q.subtract(BigInteger.ONE), q.subtract(BigInteger.TWO), q.shiftRight(1)));
        for (int k = 0; k < q.bitLength(); k += 3) {
            v.add(BigInteger.ONE.shiftLeft(k).mod(q));
            v.add(BigInteger.ONE.shiftLeft(k).subtract(BigInteger.ONE).mod(q));
            v.add(q.subtract(BigInteger.ONE.shiftLeft(k)).mod(q));
        }
        // values whose Montgomery limbs are extreme: R^-1 * (2^64 - 1) patterns
        BigInteger rInv = BigInteger.ONE.shiftLeft(256).modInverse(q);
        for (int k = 1; k < 4; k++) {
            v.add(BigInteger.ONE.shiftLeft(64 * k).subtract(BigInteger.ONE).multiply(rInv).mod(q));
        }
        return v;
    }

    static long check(String name, MontField f, Field k, long seed, int randoms) {
        BigInteger q = f.modulus();
        SplittableRandom rnd = new SplittableRandom(seed);
        List<BigInteger> xs = edges(q);
        int nEdges = xs.size();
        long[] a = new long[4], b = new long[4], o = new long[4];
        long count = 0;
        for (int i = 0; i < nEdges + randoms; i++) {
            BigInteger x = i < nEdges ? xs.get(i) : random(rnd, q);
            BigInteger y = i < nEdges ? xs.get((i * 7 + 3) % nEdges) : random(rnd, q);
            f.fromBigInteger(x, a, 0);
            f.fromBigInteger(y, b, 0);
            k.mul(a, 0, b, 0, o, 0);
            expect(name + ".mul", x + " * " + y, x.multiply(y).mod(q), f.toBigInteger(o, 0), f.isCanonical(o, 0));
            k.sqr(a, 0, o, 0);
            expect(name + ".sqr", x.toString(), x.multiply(x).mod(q), f.toBigInteger(o, 0), f.isCanonical(o, 0));
            if (i < nEdges || i % 16 == 0) {
                k.inv(a, 0, o, 0);
                expect(name + ".inv", x.toString(), x.signum() == 0 ? BigInteger.ZERO : x.modInverse(q),
                        f.toBigInteger(o, 0), f.isCanonical(o, 0));
            }
            // aliasing: out == a
            k.mul(a, 0, b, 0, a, 0);
            k.sqr(a, 0, a, 0);
            BigInteger xy = x.multiply(y).mod(q);
            expect(name + ".mul+sqr aliased", x + ", " + y, xy.multiply(xy).mod(q), f.toBigInteger(a, 0), true);
            count += 3;
        }
        return count;
    }

    static BigInteger random(SplittableRandom rnd, BigInteger q) {
        byte[] be = new byte[40];
        rnd.nextBytes(be);
        return new BigInteger(1, be).mod(q);
    }

    static void expect(String op, String in, BigInteger want, BigInteger got, boolean canonical) {
        if (!want.equals(got) || !canonical) {
            throw new AssertionError("MISMATCH " + op + "(" + in + "): want " + want + " got " + got
                    + (canonical ? "" : " (not reduced)"));
        }
    }

    /**
     * Installed JDKs for the cross-JDK tests: the running one and every home under /usr/lib/jvm
     * with a {@code release} file and a java binary, keyed by feature version (one home each).
     */
    public static SortedMap<Integer, Path> installedJdks() throws IOException {
        SortedMap<Integer, Path> homes = new TreeMap<>();
        List<Path> candidates = new ArrayList<>();
        candidates.add(Path.of(System.getProperty("java.home")));
        Path jvm = Path.of("/usr/lib/jvm");
        if (Files.isDirectory(jvm)) {
            try (Stream<Path> s = Files.list(jvm)) {
                s.sorted().forEach(candidates::add);
            }
        }
        for (Path home : candidates) {
            int v = featureVersion(home);
            if (v > 0 && Files.isExecutable(home.resolve("bin/java"))) {
                homes.putIfAbsent(v, home);
            }
        }
        return homes;
    }

    /** The feature version in a JDK home's release file (JAVA_VERSION="25.0.1" gives 25), or -1. */
    static int featureVersion(Path home) throws IOException {
        Path release = home.resolve("release");
        if (!Files.isRegularFile(release)) {
            return -1;
        }
        for (String line : Files.readAllLines(release, StandardCharsets.UTF_8)) {
            if (line.startsWith("JAVA_VERSION=")) {
                String major = line.substring("JAVA_VERSION=".length()).replace("\"", "").split("[.+-]")[0];
                try {
                    return Integer.parseInt(major);
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }
}
