package foldproof.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import foldproof.bn254.internal.KernelSelfCheck;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The shaded {@code target/foldproof.jar} (a multi-release jar) under every installed JDK: runs
 * {@code java -cp foldproof.jar foldproof.bn254.internal.KernelSelfCheck} (Fr/Fq mul, sqr, inv against
 * BigInteger) and checks that JDK 21+ picks the JDK 21 kernels when the jar carries them and older
 * JDKs the Java 17 ones. Runs in the integration-test phase (after packaging), i.e. with
 * {@code mvn verify}; skips when the jar is absent.
 */
class ShadedJarKernelIT {
    @Test
    void shadedJarKernelsMatchBigIntegerUnderEveryJdk() throws Exception {
        Path jar = Path.of("target/foldproof.jar").toAbsolutePath();
        Assumptions.assumeTrue(Files.isRegularFile(jar), "no shaded jar at " + jar);
        boolean hasJ21;
        try (JarFile jf = new JarFile(jar.toFile())) {
            hasJ21 = jf.getEntry("META-INF/versions/21/foldproof/bn254/fr/FrKernel.class") != null
                    && jf.getEntry("META-INF/versions/21/foldproof/bn254/fq/FqKernel.class") != null;
            assertEquals("true", jf.getManifest().getMainAttributes().getValue("Multi-Release"),
                    "shaded jar must keep Multi-Release: true");
        }
        long seed = Long.getLong("test.seed", System.nanoTime());
        System.out.println("ShadedJarKernelIT seed = " + seed + ", jar has JDK 21 kernels: " + hasJ21);
        Map<Integer, Path> jdks = KernelSelfCheck.installedJdks();
        for (Map.Entry<Integer, Path> jdk : jdks.entrySet()) {
            Process proc = new ProcessBuilder(jdk.getValue().resolve("bin/java").toString(), "--add-modules", "jdk.incubator.vector", "-cp", jar.toString(),
                    KernelSelfCheck.class.getName(), Long.toString(seed), "20000")
                    .redirectErrorStream(true).start();
            boolean done = proc.waitFor(300, TimeUnit.SECONDS);
            if (!done) {
                proc.destroyForcibly();
            }
            String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            System.out.println("JDK " + jdk.getKey() + " (" + jdk.getValue() + "): " + out);
            assertTrue(done, "self-check timed out under " + jdk.getValue());
            assertEquals(0, proc.exitValue(), "JDK " + jdk.getKey() + ": kernels disagree with BigInteger: " + out);
            if (foldproof.bn254.Lanes.ENABLED) {
                assertTrue(out.contains("lanes=on"), "JDK " + jdk.getKey() + " should check the vector lanes: " + out);
            }
            String expect = jdk.getKey() >= 21 && hasJ21 ? "j21-" : "j17-";
            assertTrue(out.contains("Fr=" + expect) && out.contains("Fq=" + expect),
                    "JDK " + jdk.getKey() + " should use the " + expect + " kernels: " + out);
        }
    }
}
