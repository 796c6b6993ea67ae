package foldproof.folding.commit;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The build gives every test JVM a cache under target/ (root pom, foldproof.testCache): generators never go to ~/.cache. */
class TestCacheLocationTest {
    @Test
    void generatorsAreCachedUnderTarget() {
        String prop = System.getProperty("foldproof.cache");
        assertNotNull(prop, "surefire sets foldproof.cache");
        assertEquals(prop, System.getenv("FOLDPROOF_CACHE"), "and FOLDPROOF_CACHE, which child JVMs inherit");
        Path dir = GeneratorCache.dir().toAbsolutePath().normalize();
        assertTrue(dir.toString().contains("/target/"), dir.toString());
        assertFalse(dir.startsWith(Path.of(System.getProperty("user.home"), ".cache")), dir.toString());
    }
}
