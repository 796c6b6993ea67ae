import foldproof.bn254.Lanes;
import foldproof.bn254.fq.Fq;
import foldproof.bn254.fq.FqLanes;
import foldproof.bn254.fr.Fr;
import foldproof.bn254.g1.G1;
import foldproof.bn254.g1.G1Point;
import java.util.*;
/**
 * Steady per-op timings of Fr.mul, Fq.sqr, G1.addMixed and Fq.inv from whatever jars are on the
 * class path (min of 30 timed batches per round, 12 rounds: prints median/min over rounds). Used for
 * before/after comparisons on a loaded machine where JMH sample medians swing by 2x; see
 * docs/benchmarks.md "Field and curve kernels" for the command. With --add-modules jdk.incubator.vector
 * (at compile and run time) it also times FqLanes.mul per product (FqLanes.LANES lanes per call) over
 * 65536 fresh operand pairs (the lane kernel has no data-dependent branches, so repeated operands would
 * give the same figure; fresh ones include the memory traffic).
 */
public class KernelTimes {
    public static void main(String[] args) {
        int N = 1024;
        long[] a = new long[4*N], b = new long[4*N], out = new long[4*N];
        long[] jac = new long[G1.JAC*N], aff = new long[G1.AFF*N], jout = new long[G1.JAC*N], scratch = new long[G1.SCRATCH];
        SplittableRandom rnd = new SplittableRandom(42);
        for (int k = 0; k < N; k++) { Fr.random(rnd, a, 4*k); Fr.random(rnd, b, 4*k); }
        G1Point[] pts = new G1Point[N];
        G1Point p = G1Point.GENERATOR.mul(a), step = G1Point.GENERATOR.mul(b);
        for (int k = 0; k < N; k++) { pts[k] = p; p = p.add(step); p.writeJacobian(jac, G1.JAC*k); }
        System.arraycopy(G1Point.toAffine(pts), 0, aff, 0, aff.length);
        String[] names = Lanes.ENABLED ? new String[] {"frMul", "fqSqr", "g1AddMixed", "fqInv", "fqLanesMul"}
                : new String[] {"frMul", "fqSqr", "g1AddMixed", "fqInv"};
        final int LN = 65536;
        long[] la = new long[FqLanes.GROUP * (LN / FqLanes.LANES)], lb = la.clone(), lo = la.clone(), lt = new long[FqLanes.SCRATCH], e = new long[4];
        for (int k = 0; k < LN; k++) {
            Fq.random(rnd, e, 0); FqLanes.load(e, 0, la, FqLanes.GROUP * (k / FqLanes.LANES), k % FqLanes.LANES);
            Fq.random(rnd, e, 0); FqLanes.load(e, 0, lb, FqLanes.GROUP * (k / FqLanes.LANES), k % FqLanes.LANES);
        }
        List<List<Double>> res = new ArrayList<>();
        for (int i = 0; i < names.length; i++) res.add(new ArrayList<>());
        for (int round = 0; round < 15; round++) {
            for (int w = 0; w < names.length; w++) {
                long best = Long.MAX_VALUE; int ops = 0;
                for (int rep = 0; rep < 30; rep++) {
                    long t0 = System.nanoTime();
                    switch (w) {
                        case 0: for (int k = 0; k < 4*N; k += 4) Fr.mul(a, k, b, k, out, k); ops = N; break;
                        case 1: for (int k = 0; k < 4*N; k += 4) Fq.sqr(a, k, out, k); ops = N; break;
                        case 2: for (int k = 0; k < N; k++) G1.addMixed(jac, G1.JAC*k, aff, G1.AFF*((k+1)&(N-1)), jout, G1.JAC*k, scratch); ops = N; break;
                        case 3: for (int k = 0; k < 4*64; k += 4) Fq.inv(a, k, out, k); ops = 64; break;
                        default: for (int g = 0; g < la.length; g += FqLanes.GROUP) FqLanes.mul(la, g, lb, g, lo, g, lt); ops = LN; break;
                    }
                    best = Math.min(best, System.nanoTime() - t0);
                }
                if (round >= 3) res.get(w).add(best / (double) ops);
            }
        }
        StringBuilder sb = new StringBuilder(args[0]);
        for (int w = 0; w < names.length; w++) { List<Double> l = res.get(w); Collections.sort(l); sb.append(String.format("  %s %.0f/%.0f", names[w], l.get(l.size()/2), l.get(0))); }
        System.out.println(sb + " ns (median/min)");
    }
}
