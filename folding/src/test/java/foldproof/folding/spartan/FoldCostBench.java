package foldproof.folding.spartan;

import foldproof.bn254.fr.Fr;
import foldproof.circuits.r1cs.MatVec;
import foldproof.circuits.r1cs.R1CSShape;
import foldproof.folding.commit.PedersenKey;
import foldproof.folding.nifs.Relaxed;
import foldproof.folding.spartan.polys.PolysTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

/**
 * What a fold of one fresh tile into the running instance costs the prover today (Nova: the cross term's
 * commitment, a full-width MSM of {@code 2^log} scalars) against the field work of a fold that sends
 * (committed) polynomial coefficients instead (ProtoGalaxy-style, docs/lookups-design.md, "The next step"):
 * the fresh tile's {@code Az, Bz, Cz}, the running errors {@code f_i}, {@code F(X)}'s {@code log m + 1}
 * coefficients by the tree method, the {@code pow} table at {@code beta*}, {@code G(2)}, and the running
 * products updated linearly. Both on the same random shape with full-width witnesses (a real fresh tile is
 * small integers, so the second side is an upper bound). Scalar {@code Fr} arithmetic on one thread. Run:
 * {@code mvn -B -q -ntp -o test -pl folding -am -Dgroups=bench -DexcludedGroups= -Dtest=FoldCostBench
 * -Dsurefire.failIfNoSpecifiedTests=false -Dfold.bench.log=12}
 */
@Tag("bench")
class FoldCostBench {
    @Test
    void crossTermCommitmentAgainstCoefficientFold() {
        int log = Integer.getInteger("fold.bench.log", 12);
        int reps = Integer.getInteger("fold.bench.reps", 7);
        int m = 1 << log;
        Random rnd = new Random(3);
        PedersenKey key = PedersenKey.setup("foldproof/bench/fold", m);
        R1CSShape shape = RandomRelaxed.shape(rnd, m / 16, m, 3);
        RandomRelaxed.Pair running = RandomRelaxed.satisfying(rnd, shape, key);
        RandomRelaxed.Pair fresh = RandomRelaxed.satisfying(rnd, shape, key);
        long[] zr = Relaxed.z(shape, running.witness().slots(), running.instance().u(), running.instance().x());
        long[] zf = Relaxed.z(shape, fresh.witness().slots(), fresh.instance().u(), fresh.instance().x());
        long[] az = new long[4 * m];
        long[] bz = new long[4 * m];
        long[] cz = new long[4 * m];
        MatVec.mulFr(shape.a(), zr, az);
        MatVec.mulFr(shape.b(), zr, bz);
        MatVec.mulFr(shape.c(), zr, cz);
        long[] t = PolysTest.randomVec(rnd, m);
        long[] blind = PolysTest.randomVec(rnd, 1);
        long[] beta = PolysTest.randomVec(rnd, log);
        long[] delta = PolysTest.randomVec(rnd, log);
        long[] u = running.instance().u();
        double[] nova = new double[reps];
        double[] coeff = new double[reps];
        Scratch s = new Scratch(m, log);
        for (int r = 0; r < reps; r++) {
            long a = System.nanoTime();
            key.commit(t, m, blind);
            long b = System.nanoTime();
            coefficientFold(shape, zf, az, bz, cz, u, beta, delta, s);
            long c = System.nanoTime();
            nova[r] = (b - a) / 1e6;
            coeff[r] = (c - b) / 1e6;
        }
        Arrays.sort(nova);
        Arrays.sort(coeff);
        System.out.printf("2^%d constraints: comm_T (full-width MSM) median %.2f ms, coefficient fold (field work) median %.2f ms:"
                + " %.1fx%n", log, nova[reps / 2], coeff[reps / 2], nova[reps / 2] / coeff[reps / 2]);
    }

    private static final class Scratch {
        final long[] afz;
        final long[] bfz;
        final long[] cfz;
        final long[] f;
        final long[] pow;
        final long[][] tree;
        final long[] tmp = new long[4];
        final long[] tmp2 = new long[4];

        Scratch(int m, int log) {
            afz = new long[4 * m];
            bfz = new long[4 * m];
            cfz = new long[4 * m];
            f = new long[4 * m];
            pow = new long[4 * m];
            tree = new long[log + 1][];
            for (int l = 0; l <= log; l++) {
                tree[l] = new long[4 * (m >> l) * (l + 1)];
            }
        }
    }

    /** The prover's field work of one coefficient fold (its results are what the fold would commit and send). */
    private static void coefficientFold(R1CSShape shape, long[] zf, long[] az, long[] bz, long[] cz, long[] u, long[] beta,
                                        long[] delta, Scratch s) {
        int m = shape.numConstraints();
        int log = beta.length / 4;
        MatVec.mulFr(shape.a(), zf, s.afz);
        MatVec.mulFr(shape.b(), zf, s.bfz);
        MatVec.mulFr(shape.c(), zf, s.cfz);
        // running errors f_i = Az_i Bz_i - u Cz_i
        for (int i = 0; i < m; i++) {
            Fr.mul(az, 4 * i, bz, 4 * i, s.f, 4 * i);
            Fr.mul(u, 0, cz, 4 * i, s.tmp, 0);
            Fr.sub(s.f, 4 * i, s.tmp, 0, s.f, 4 * i);
        }
        // F(X) = sum_i prod_{k: bit k of i} (beta_k + X delta_k) f_i: level l holds m >> l polynomials of degree l
        System.arraycopy(s.f, 0, s.tree[0], 0, 4 * m);
        for (int l = 1; l <= log; l++) {
            long[] lo = s.tree[l - 1];
            long[] hi = s.tree[l];
            Arrays.fill(hi, 0);
            int k = l - 1;
            for (int n = 0; n < (m >> l); n++) {
                int left = 4 * (2 * n) * l;
                int right = 4 * (2 * n + 1) * l;
                int out = 4 * n * (l + 1);
                for (int d = 0; d < l; d++) {
                    Fr.add(hi, out + 4 * d, lo, left + 4 * d, hi, out + 4 * d);
                    Fr.mul(beta, 4 * k, lo, right + 4 * d, s.tmp, 0);
                    Fr.add(hi, out + 4 * d, s.tmp, 0, hi, out + 4 * d);
                    Fr.mul(delta, 4 * k, lo, right + 4 * d, s.tmp, 0);
                    Fr.add(hi, out + 4 * (d + 1), s.tmp, 0, hi, out + 4 * (d + 1));
                }
            }
        }
        // pow table at beta* (beta + alpha delta, here beta): pow[i] = prod_{k: bit k of i} beta_k
        System.arraycopy(Fr.ONE, 0, s.pow, 0, 4);
        for (int k = 0; k < log; k++) {
            int half = 1 << k;
            for (int i = 0; i < half; i++) {
                Fr.mul(s.pow, 4 * i, beta, 4 * k, s.pow, 4 * (i + half));
            }
        }
        // G(2) = sum_i pow_i (A(2) B(2) - u(2) C(2)) with A(X) = (1 - X) Az + X Afz, u(2) = 2 - u
        long[] g = new long[4];
        long[] a2 = new long[4];
        long[] b2 = new long[4];
        long[] c2 = new long[4];
        long[] u2 = new long[4];
        Fr.add(Fr.ONE, 0, Fr.ONE, 0, u2, 0);
        Fr.sub(u2, 0, u, 0, u2, 0);
        for (int i = 0; i < m; i++) {
            twoMinus(s.afz, az, i, a2);
            twoMinus(s.bfz, bz, i, b2);
            twoMinus(s.cfz, cz, i, c2);
            Fr.mul(a2, 0, b2, 0, s.tmp, 0);
            Fr.mul(u2, 0, c2, 0, s.tmp2, 0);
            Fr.sub(s.tmp, 0, s.tmp2, 0, s.tmp, 0);
            Fr.mul(s.pow, 4 * i, s.tmp, 0, s.tmp, 0);
            Fr.add(g, 0, s.tmp, 0, g, 0);
        }
        // the running products after the fold: Az' = L0(gamma) Az + L1(gamma) Afz (likewise B, C)
        long[] l0 = beta;
        long[] l1 = delta;
        for (int i = 0; i < m; i++) {
            combine(az, s.afz, i, l0, l1, s);
            combine(bz, s.bfz, i, l0, l1, s);
            combine(cz, s.cfz, i, l0, l1, s);
        }
    }

    /** {@code out = 2 fresh[i] - running[i]}, the line through (0, running) and (1, fresh) at 2. */
    private static void twoMinus(long[] fresh, long[] running, int i, long[] out) {
        Fr.add(fresh, 4 * i, fresh, 4 * i, out, 0);
        Fr.sub(out, 0, running, 4 * i, out, 0);
    }

    private static void combine(long[] run, long[] fresh, int i, long[] l0, long[] l1, Scratch s) {
        Fr.mul(l0, 0, run, 4 * i, s.tmp, 0);
        Fr.mul(l1, 0, fresh, 4 * i, s.tmp2, 0);
        Fr.add(s.tmp, 0, s.tmp2, 0, run, 4 * i);
    }
}
