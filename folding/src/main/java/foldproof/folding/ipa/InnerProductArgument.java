package foldproof.folding.ipa;

import foldproof.bn254.fr.Fr;
import foldproof.bn254.g1.G1Point;
import foldproof.bn254.msm.Msm;
import foldproof.folding.VerificationException;
import foldproof.folding.commit.PedersenKey;
import foldproof.folding.transcript.Transcript;

/**
 * Bulletproofs-style inner-product argument (Bünz et al. 2018, section 3; the variant of Nova's
 * {@code ipa_pc.rs}) for a Pedersen vector commitment {@code C = <a, G> + rho H} whose blinding factor
 * is revealed (the compression need not be zero-knowledge, DESIGN.md section 4): it proves
 * {@code <a, b> = y} for a public {@code b} of length {@code n = 2^rounds}.
 *
 * <p><b>Protocol.</b> Transcript: absorb {@code rho, y}; draw {@code w}; {@code U = w H};
 * {@code P = C - rho H + y U = <a, G> + <a, b> U}. Round {@code k} splits every vector in halves
 * {@code (lo, hi)} and sends
 * <pre>
 *   L = <a_lo, G_hi> + <a_lo, b_hi> U,     R = <a_hi, G_lo> + <a_hi, b_lo> U
 * </pre>
 * then draws {@code x} and folds {@code a' = a_lo + x^-1 a_hi}, {@code b' = b_lo + x b_hi},
 * {@code G' = G_lo + x G_hi}, so {@code P' = P + x L + x^-1 R = <a', G'> + <a', b'> U}. At the end the
 * prover sends the scalar {@code a}; the verifier checks {@code P_final = a G_final + a b_final U}.
 *
 * <p><b>Verifier cost.</b> {@code G_final = sum_j s_j G_j} with {@code s_j = prod_{k: bit k of j} x_k}
 * (bit 0 = most significant), and for {@code b = eq(q, .)} {@code b_final = prod_k (1 - q_k + x_k q_k)};
 * the whole check is ONE multi-scalar multiplication of size {@code n + 2 rounds + #commitments + 1}.
 *
 * <p><b>Challenges</b> are endomorphism scalars {@code a + b lambda} with 64-bit {@code a, b} (2^128
 * values; see {@link GeneratorFold}): the knowledge error per round stays near {@code 2^-126}, and the
 * prover's generator folding, its dominant cost ({@code n} scalar multiplications in total), needs 64
 * doublings per multiplication instead of 254.
 */
public final class InnerProductArgument {
    private static final String U_LABEL = "ipa-u";

    private InnerProductArgument() { }

    /**
     * Proves {@code <a, b> = y} for the commitment {@code <a, G> + rho H}. The caller must have absorbed
     * the commitment (or the parts it is batched from); this absorbs {@code rho} and {@code y}.
     * {@code a} and {@code b} ({@code 4 * 2^rounds} longs each) are consumed.
     */
    public static IpaProof prove(PedersenKey key, long[] a, long[] b, int rounds, long[] rho, long[] y,
                                 Transcript tr) {
        int n = 1 << rounds;
        tr.absorbScalar("ipa-blind", rho, 0);
        tr.absorbScalar("ipa-value", y, 0);
        long[] w = tr.challengeScalar(U_LABEL);
        G1Point u = PedersenAccess.h(key).mul(w);
        long[] gens = PedersenAccess.affineGenerators(key, n);
        G1Point[] ls = new G1Point[rounds];
        G1Point[] rs = new G1Point[rounds];
        long[] c = new long[8];
        long[] x = new long[4];
        long[] xInv = new long[4];
        long[] t = new long[4];
        int len = n;
        for (int k = 0; k < rounds; k++) {
            int half = len >>> 1;
            Fr.innerProduct(a, 0, b, 4 * half, c, 0, half);
            Fr.innerProduct(a, 4 * half, b, 0, c, 4, half);
            ls[k] = Msm.msm(gens, half, a, 0, half).add(u.mul(new long[] {c[0], c[1], c[2], c[3]}));
            rs[k] = Msm.msm(gens, 0, a, half, half).add(u.mul(new long[] {c[4], c[5], c[6], c[7]}));
            tr.absorbPoint("ipa-L", ls[k]);
            tr.absorbPoint("ipa-R", rs[k]);
            long[] ab = roundChallenge(tr, x, 0);
            Fr.inv(x, 0, xInv, 0);
            for (int i = 0; i < half; i++) {
                int lo = 4 * i;
                int hi = 4 * (i + half);
                Fr.mul(a, hi, xInv, 0, t, 0);
                Fr.add(a, lo, t, 0, a, lo);
                Fr.mul(b, hi, x, 0, t, 0);
                Fr.add(b, lo, t, 0, b, lo);
            }
            GeneratorFold.fold(gens, half, ab[0], ab[1]);
            len = half;
        }
        return new IpaProof(ls, rs, new long[] {a[0], a[1], a[2], a[3]});
    }

    /**
     * Verifies an opening of {@code C = sum_i commScalars_i * commBases_i} (a random linear combination of
     * commitments, folded into the final MSM) with revealed blinding {@code rho} to value {@code y} against
     * {@code b = eq(q, .)}, {@code q = point[po .. po + rounds)}.
     *
     * @param what names the opening in the rejection reason, e.g. "layer conv1: IPA opening of W"
     */
    public static void verify(PedersenKey key, G1Point[] commBases, long[] commScalars, long[] rho, long[] y,
                              long[] point, int po, int rounds, IpaProof proof, Transcript tr, String what)
            throws VerificationException {
        if (proof.rounds() != rounds) {
            throw new VerificationException(what + ": expected " + rounds + " rounds, got " + proof.rounds());
        }
        int n = 1 << rounds;
        tr.absorbScalar("ipa-blind", rho, 0);
        tr.absorbScalar("ipa-value", y, 0);
        long[] w = tr.challengeScalar(U_LABEL);
        long[] xs = new long[4 * Math.max(1, rounds)];
        long[] xInv = new long[4 * Math.max(1, rounds)];
        for (int k = 0; k < rounds; k++) {
            tr.absorbPoint("ipa-L", proof.l(k));
            tr.absorbPoint("ipa-R", proof.r(k));
            roundChallenge(tr, xs, 4 * k);
        }
        if (rounds > 0) {
            Fr.batchInverse(xs, 0, xInv, 0, rounds);
        }
        int extra = 1 + commBases.length + 2 * rounds;
        long[] scalars = new long[4 * (n + extra)];
        // s_j = prod_{k: bit k of j (MSB first) set} x_k, built like an eq table; then scaled by -a
        long[] aF = proof.a();
        Fr.neg(aF, 0, scalars, 0);
        int size = 1;
        for (int k = 0; k < rounds; k++) {
            for (int i = size - 1; i >= 0; i--) {
                Fr.mul(scalars, 4 * i, xs, 4 * k, scalars, 4 * (2 * i + 1));
                Fr.copy(scalars, 4 * i, scalars, 4 * (2 * i));
            }
            size <<= 1;
        }
        // b_final = prod_k (1 - q_k + x_k q_k)
        long[] bF = Fr.ONE.clone();
        long[] t = new long[4];
        for (int k = 0; k < rounds; k++) {
            int qk = 4 * (po + k);
            Fr.mul(xs, 4 * k, point, qk, t, 0);
            Fr.sub(t, 0, point, qk, t, 0);
            Fr.add(t, 0, Fr.ONE, 0, t, 0);
            Fr.mul(bF, 0, t, 0, bF, 0);
        }
        // H: -rho + w (y - a b_final)
        int h = 4 * n;
        Fr.mul(aF, 0, bF, 0, t, 0);
        Fr.sub(y, 0, t, 0, t, 0);
        Fr.mul(t, 0, w, 0, t, 0);
        Fr.sub(t, 0, rho, 0, scalars, h);
        long[] bases = new long[Msm.AFFINE_LONGS * (n + extra)];
        System.arraycopy(PedersenAccess.sharedGenerators(key, n), 0, bases, 0, Msm.AFFINE_LONGS * n);   // read, not copied twice
        PedersenAccess.h(key).writeAffine(bases, Msm.AFFINE_LONGS * n);
        int idx = n + 1;
        for (int i = 0; i < commBases.length; i++, idx++) {
            commBases[i].writeAffine(bases, Msm.AFFINE_LONGS * idx);
            Fr.copy(commScalars, 4 * i, scalars, 4 * idx);
        }
        for (int k = 0; k < rounds; k++) {
            proof.l(k).writeAffine(bases, Msm.AFFINE_LONGS * idx);
            Fr.copy(xs, 4 * k, scalars, 4 * idx++);
            proof.r(k).writeAffine(bases, Msm.AFFINE_LONGS * idx);
            Fr.copy(xInv, 4 * k, scalars, 4 * idx++);
        }
        if (!Msm.msm(bases, scalars, n + extra).isIdentity()) {
            throw new VerificationException(what + ": the inner-product argument does not verify");
        }
    }

    /**
     * A round challenge {@code x = a + b lambda} with {@code a, b} the two low 64-bit limbs of a transcript
     * challenge (never both zero); writes x to {@code out[oo..]} and returns {@code {a, b}}.
     */
    private static long[] roundChallenge(Transcript tr, long[] out, int oo) {
        long[] full = tr.challengeScalar("ipa-x");
        long[] canon = new long[4];
        Fr.toCanonical(full, 0, canon, 0);
        long a = canon[0];
        long b = canon[1];
        if (a == 0 && b == 0) {
            a = 1;
        }
        GeneratorFold.challengeValue(a, b, out, oo);
        return new long[] {a, b};
    }
}
