package foldproof.bn254.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import foldproof.bn254.fq.Fq;
import foldproof.bn254.fr.Fr;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The JDK 21+ field kernels (src/main/java21, META-INF/versions/21 of the multi-release jars)
 * against BigInteger: runs {@link KernelSelfCheck} in a child JVM of every JDK 21+ installed under
 * /usr/lib/jvm (and the running one), with the multi-release classes visible as they are in the jar,
 * and checks that the JDK 21 kernels are the ones in use. Skips when no JDK 21+ exists or when the
 * build found no JDK 21+ javac (the java21 classes are then absent and every JVM uses the Java 17
 * kernels, which {@link #currentJvmKernelsMatchBigInteger} and FrTest/FqTest cover).
 */
class Jdk21KernelTest {
    static final String FR_KERNEL = "foldproof/bn254/fr/FrKernel.class";
    static final String FQ_KERNEL = "foldproof/bn254/fq/FqKernel.class";

    @Test
    void currentJvmKernelsMatchBigInteger() {
        long seed = Long.getLong("test.seed", System.nanoTime());
        System.out.println("Jdk21KernelTest seed = " + seed);
        String line = KernelSelfCheck.run(seed, 20_000);
        System.out.println(line);
        assertTrue(line.contains("Fr=" + Fr.kernelName()));
    }

    @Test
    void jdk21KernelsMatchBigIntegerUnderEveryJdk21() throws Exception {
        Path fr = location(Fr.class);
        Path fq = location(Fq.class);
        Path check = location(KernelSelfCheck.class);
        boolean frJ21 = hasVersioned(fr, FR_KERNEL);
        boolean fqJ21 = hasVersioned(fq, FQ_KERNEL);
        Map<Integer, Path> jdks = new TreeMap<>(KernelSelfCheck.installedJdks().tailMap(21));
        Assumptions.assumeFalse(jdks.isEmpty(), "no JDK >= 21 under /usr/lib/jvm: nothing to check");
        Assumptions.assumeTrue(frJ21 || fqJ21,
                "JDK 21 kernels not built (no JDK 21+ javac at build time): JDK 21 uses the Java 17 kernels");
        List<String> cp = new ArrayList<>();
        for (Path p : new java.util.LinkedHashSet<>(List.of(fr, fq, check))) {   // all bn254's classes (or jar)
            if (Files.isDirectory(p.resolve("META-INF/versions/21"))) {
                cp.add(p.resolve("META-INF/versions/21").toString()); // what the MR jar shows on 21+
            }
            cp.add(p.toString());
        }
        long seed = Long.getLong("test.seed", System.nanoTime());
        System.out.println("Jdk21KernelTest child seed = " + seed);
        for (Map.Entry<Integer, Path> jdk : jdks.entrySet()) {
            Process proc = new ProcessBuilder(jdk.getValue().resolve("bin/java").toString(), "--add-modules", "jdk.incubator.vector",
                    "-cp", String.join(File.pathSeparator, cp),
                    KernelSelfCheck.class.getName(), Long.toString(seed), "50000")
                    .redirectErrorStream(true).start();
            boolean done = proc.waitFor(300, TimeUnit.SECONDS);
            String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!done) {
                proc.destroyForcibly();
            }
            System.out.println("JDK " + jdk.getKey() + " (" + jdk.getValue() + "): " + out);
            assertTrue(done, "cross-check timed out under " + jdk.getValue());
            assertEquals(0, proc.exitValue(), "JDK " + jdk.getKey() + " kernels disagree with BigInteger: " + out);
            if (foldproof.bn254.Lanes.ENABLED) {
                assertTrue(out.contains("lanes=on"), "JDK " + jdk.getKey() + " should check the vector lanes: " + out);
            }
            if (frJ21) {
                assertTrue(out.contains("Fr=j21-"), "JDK " + jdk.getKey() + " did not use the JDK 21 Fr kernel: " + out);
            }
            if (fqJ21) {
                assertTrue(out.contains("Fq=j21-"), "JDK " + jdk.getKey() + " did not use the JDK 21 Fq kernel: " + out);
            }
        }
    }

    static Path location(Class<?> c) throws URISyntaxException {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    static boolean hasVersioned(Path loc, String cls) throws IOException {
        if (Files.isDirectory(loc)) {
            return Files.isRegularFile(loc.resolve("META-INF/versions/21/" + cls));
        }
        try (JarFile jar = new JarFile(loc.toFile())) {
            return jar.getEntry("META-INF/versions/21/" + cls) != null;
        }
    }
}
