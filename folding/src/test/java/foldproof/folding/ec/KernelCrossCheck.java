package foldproof.folding.ec;

import foldproof.circuits.field.Fr;
import foldproof.circuits.field.MontField;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Stand-alone cross-check of the Fr and Fq kernels that the running JVM actually uses (the Java 17
 * classes, or on JDK 21+ the multi-release versions) against BigInteger: mul, sqr, inv and the
 * vector kernels on seeded random and edge values. Run by {@link Jdk21KernelTest} in a child JVM of
 * every JDK 21+ found; also usable by hand:
 * {@code java -cp prover-cli/target/foldproof.jar:folding/target/test-classes foldproof.folding.ec.KernelCrossCheck 1}.
 * Prints {@code kernels Fr=<name> Fq=<name> checked=<n>} and exits 0, or names the first mismatch
 * and exits 1.
 */
public final class KernelCrossCheck {
    private KernelCrossCheck() {
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
    static String run(long seed, int randoms) {
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
        return "kernels Fr=" + Fr.kernelName() + " Fq=" + Fq.kernelName() + " java="
                + Runtime.version().feature() + " checked=" + n;
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
}
