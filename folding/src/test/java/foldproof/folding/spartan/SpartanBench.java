package foldproof.folding.spartan;

import foldproof.circuits.r1cs.R1CSShape;
import foldproof.folding.commit.PedersenKey;
import foldproof.folding.transcript.Transcript;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Compression prover/verifier timing on a random layer: {@code 2^log} constraints (default 18), witness
 * {@code 2^(log-1)} (AUX slot {@code 2^(log-2)}, IN/SKIP/OUT rows of {@code 2^(log-4)}), up to 4 entries
 * per row per matrix. Run:
 * {@code mvn -B -q -ntp -o test -pl folding -am -Dgroups=bench -DexcludedGroups= -Dtest=SpartanBench
 * -Dsurefire.failIfNoSpecifiedTests=false -Dspartan.bench.log=18 -Dfoldproof.spartan.timing=true}
 */
@Tag("bench")
class SpartanBench {
    @Test
    void proveAndVerify() throws Exception {
        int log = Integer.getInteger("spartan.bench.log", 18);
        int reps = Integer.getInteger("spartan.bench.reps", 3);
        Random rnd = new Random(1);
        long t0 = System.nanoTime();
        PedersenKey key = PedersenKey.setup("foldproof/bench/spartan", 1 << log);
        R1CSShape shape = RandomRelaxed.shape(rnd, 1 << (log - 4), 1 << log, 4);
        RandomRelaxed.Pair pair = RandomRelaxed.satisfying(rnd, shape, key);
        System.out.printf("setup (key, shape, instance): %.1f s, nnz A %d%n", (System.nanoTime() - t0) / 1e9,
                shape.a().nonZeros());
        for (int rep = 0; rep < reps; rep++) {
            long a = System.nanoTime();
            Transcript pt = new Transcript("b");
            OpeningAccumulator acc = new OpeningAccumulator(log);
            CompressedProof p = LayerCompressor.prove(shape, pair.instance(), pair.witness(), pair.coeffs(), pt, acc, true);
            FinalOpening fo = acc.finish(key, pt);
            long b = System.nanoTime();
            Transcript vt = new Transcript("b");
            OpeningChecker chk = new OpeningChecker(log);
            LayerCompressor.verify(shape, pair.linear(), p, vt, chk, true);
            chk.finish(key, fo, vt);
            long c = System.nanoTime();
            ByteArrayOutputStream bos = new ByteArrayOutputStream();
            p.write(new DataOutputStream(bos));
            fo.write(new DataOutputStream(bos));
            System.out.printf("2^%d constraints, witness 2^%d: prove %.2f s, verify %.2f s, proof %d bytes%n", log,
                    log - 1, (b - a) / 1e9, (c - b) / 1e9, bos.size());
        }
    }
}
