package foldproof.folding.commit;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.SecureRandomSpi;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.ChaCha20ParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The prover's source of blinding factors: a ChaCha20 keystream (the JDK's {@code ChaCha20} cipher) under a
 * 256-bit key drawn from the platform's {@link SecureRandom}, with <i>fast key erasure</i>: every refill of
 * {@value #BLOCK} bytes is the keystream of the current key, whose first 32 bytes become the next key and are
 * never output, so the state reveals nothing of the output of earlier refills (the current refill's key, which
 * the JDK cipher also keeps until the next refill, regenerates at most the last 64 KiB; best effort, as any
 * erasure in a garbage-collected heap). A proof draws several megabytes of blinding
 * (the random blinding instance's witness, every slot's blind); the default Linux {@code SecureRandom}
 * (NativePRNG) mixes each draw with SHA1PRNG, which cost about 0.2 s of CPU and as much again of compilation
 * per CIFAR proof. {@link #setSeed} mixes its bytes into the key (SHA-256 of key and seed); it never replaces
 * the platform entropy. Safe for concurrent use (SecureRandom synchronises an SPI without a provider).
 */
public final class BlindingRandom extends SecureRandom {
    private static final long serialVersionUID = 1L;
    /** Bytes per refill: one key and {@code BLOCK - 32} bytes of output. */
    static final int BLOCK = 1 << 16;

    /** A generator keyed by 32 bytes of a new platform {@link SecureRandom}. */
    public BlindingRandom() {
        this(new SecureRandom());
    }

    /** A generator keyed by 32 bytes of {@code seeds} (tests pass a deterministic one to check the construction). */
    BlindingRandom(SecureRandom seeds) {
        super(new Spi(seeds), null);
    }

    /** Never serialized: a copy would hand out the same blinds as the original. */
    private void writeObject(java.io.ObjectOutputStream out) throws java.io.IOException {
        throw new java.io.NotSerializableException("BlindingRandom: a copy would repeat the blinds");
    }

    private static final class Spi extends SecureRandomSpi {
        private static final long serialVersionUID = 1L;
        private final SecureRandom seeds;
        private final byte[] key = new byte[32];
        private final byte[] zeros = new byte[BLOCK];
        private final byte[] buf = new byte[BLOCK];
        private int pos = BLOCK;
        private transient Cipher chacha;

        Spi(SecureRandom seeds) {
            this.seeds = seeds;
            seeds.nextBytes(key);
        }

        @Override
        protected void engineSetSeed(byte[] seed) {
            try {
                MessageDigest h = MessageDigest.getInstance("SHA-256");
                h.update(key);
                h.update(seed);
                System.arraycopy(h.digest(), 0, key, 0, 32);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("SHA-256 unavailable", e);
            }
            pos = BLOCK;   // the next bytes come from the new key
        }

        @Override
        protected void engineNextBytes(byte[] out) {
            int at = 0;
            while (at < out.length) {
                if (pos == BLOCK) {
                    refill();
                }
                int n = Math.min(out.length - at, BLOCK - pos);
                System.arraycopy(buf, pos, out, at, n);
                Arrays.fill(buf, pos, pos + n, (byte) 0);
                pos += n;
                at += n;
            }
        }

        @Override
        protected byte[] engineGenerateSeed(int numBytes) {
            return seeds.generateSeed(numBytes);
        }

        /** The current key's keystream: its first 32 bytes are the next key, the rest is output. */
        private void refill() {
            try {
                if (chacha == null) {
                    chacha = Cipher.getInstance("ChaCha20");
                }
                // a fresh key every refill, so the all-zero nonce is never used twice with one key
                chacha.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "ChaCha20"), new ChaCha20ParameterSpec(new byte[12], 0));
                chacha.update(zeros, 0, BLOCK, buf, 0);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("ChaCha20 unavailable", e);
            }
            System.arraycopy(buf, 0, key, 0, 32);
            Arrays.fill(buf, 0, 32, (byte) 0);
            pos = 32;
        }
    }
}
