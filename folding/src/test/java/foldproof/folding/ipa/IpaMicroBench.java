package foldproof.folding.ipa;

import foldproof.bn254.fr.Fr;
import foldproof.bn254.g1.G1;
import foldproof.bn254.msm.Msm;
import foldproof.folding.commit.PedersenKey;
import foldproof.folding.spartan.polys.PolysTest;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Cost of the IPA prover's pieces (thread CPU time): fold vs MSM. */
@Tag("bench")
class IpaMicroBench {
    private static long cpu() {
        return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    @Test
    void pieces() {
        int n = 1 << 13;
        PedersenKey key = PedersenKey.setup("foldproof/bench/ipa", n);
        Random rnd = new Random(1);
        long[] a = PolysTest.randomVec(rnd, n);
        for (int rep = 0; rep < 3; rep++) {
            long[] gens = PedersenAccess.affineGenerators(key, n);
            long[] x = new long[4];
            Fr.fromLong(rnd.nextLong() >>> 1, x, 0);
            long[] big = PolysTest.randomVec(rnd, 1);
            long t0 = cpu();
            long[] p = new long[G1.JAC];
            long[] q = new long[G1.JAC];
            long[] k = new long[4];
            Fr.toCanonical(big, 0, k, 0);
            k[2] = 0;
            k[3] = 0;
            for (int i = 0; i < 1000; i++) {
                G1.fromAffine(gens, 8 * i, p, 0);
                G1.mul(p, 0, k, 0, q, 0);
            }
            long t1 = cpu();
            long[] s = new long[G1.SCRATCH];
            for (int i = 0; i < 100000; i++) {
                G1.dbl(q, 0, q, 0, s);
            }
            long t2 = cpu();
            long[] fr = new long[4];
            for (int i = 0; i < 1000000; i++) {
                Fr.mul(a, 4 * (i & 1023), a, 4 * ((i + 7) & 1023), fr, 0);
            }
            long t3 = cpu();
            long f0 = cpu();
            GeneratorFold.fold(gens, 1024, rnd.nextLong(), rnd.nextLong());
            long f1 = cpu();
            System.out.printf("endo fold %.1f us per output (thread cpu, serial below 256? no: chunked)%n",
                    (f1 - f0) / 1e3 / 1024);
            long w0 = System.nanoTime();
            Msm.msm(gens, 0, a, 0, n);
            long w1 = System.nanoTime();
            System.out.printf("G1.mul 128-bit %.1f us, dbl %.2f us, Fr.mul %.1f ns, msm 2^13 %.1f ms wall%n",
                    (t1 - t0) / 1e3 / 1000, (t2 - t1) / 1e3 / 100000, (t3 - t2) / 1e6, (w1 - w0) / 1e6);
        }
    }
}
