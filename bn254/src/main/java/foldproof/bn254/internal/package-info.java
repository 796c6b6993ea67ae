/**
 * Not API: the machinery the packages of the bn254 module share (Montgomery arithmetic with the modulus as an
 * argument, binary-GCD inversion, the modulus-independent half of the lane kernels, the kernel self-check). Public
 * only because Java hides per package; code outside bn254 uses {@link foldproof.bn254.fr}, {@link foldproof.bn254.fq},
 * {@link foldproof.bn254.g1}, {@link foldproof.bn254.msm} and {@link foldproof.bn254.Lanes} (list in bn254/README.md).
 */
package foldproof.bn254.internal;
