package foldproof.folding.commit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.ChaCha20ParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The blinding source against its construction: ChaCha20 keystreams with fast key erasure. */
class BlindingRandomTest {
    /** A deterministic seed source (SHA1PRNG seeded before its first use). */
    private static SecureRandom seeds(long seed) throws Exception {
        SecureRandom s = SecureRandom.getInstance("SHA1PRNG");
        s.setSeed(seed);
        return s;
    }

    private static byte[] keystream(byte[] key) throws Exception {
        Cipher c = Cipher.getInstance("ChaCha20");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "ChaCha20"), new ChaCha20ParameterSpec(new byte[12], 0));
        return c.update(new byte[BlindingRandom.BLOCK]);
    }

    @Test
    void outputIsTheKeystreamAfterItsNextKeyAcrossRefills() throws Exception {
        byte[] key0 = new byte[32];
        seeds(7).nextBytes(key0);
        byte[] s0 = keystream(key0);
        byte[] s1 = keystream(Arrays.copyOf(s0, 32));
        int per = BlindingRandom.BLOCK - 32;
        byte[] expected = new byte[per + 1000];
        System.arraycopy(s0, 32, expected, 0, per);
        System.arraycopy(s1, 32, expected, per, 1000);

        BlindingRandom r = new BlindingRandom(seeds(7));
        byte[] got = new byte[expected.length];
        // uneven draws, one straddling the refill
        int at = 0;
        for (int n : new int[] {1, 63, 64, per - 200, 500, 1000 + 200 - 128 - 500}) {
            byte[] part = new byte[n];
            r.nextBytes(part);
            System.arraycopy(part, 0, got, at, n);
            at += n;
        }
        assertArrayEquals(expected, Arrays.copyOf(got, at));
    }

    @Test
    void platformKeysDifferAndSeedingChangesTheStream() throws Exception {
        byte[] a = new byte[64];
        byte[] b = new byte[64];
        new BlindingRandom().nextBytes(a);
        new BlindingRandom().nextBytes(b);
        assertFalse(Arrays.equals(a, b), "two generators keyed by the platform give different streams");

        BlindingRandom x = new BlindingRandom(seeds(9));
        BlindingRandom y = new BlindingRandom(seeds(9));
        y.setSeed(new byte[] {1});
        x.nextBytes(a);
        y.nextBytes(b);
        assertFalse(Arrays.equals(a, b), "setSeed mixes into the key");
    }

    @Test
    void refusesToBeSerialized() {
        org.junit.jupiter.api.Assertions.assertThrows(java.io.NotSerializableException.class, () -> {
            try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(new java.io.ByteArrayOutputStream())) {
                out.writeObject(new BlindingRandom());
            }
        });
    }
}
