package foldproof.folding.ec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import foldproof.circuits.field.Fr;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The JDK 21+ field kernels (src/main/java21, META-INF/versions/21 of the multi-release jars)
 * against BigInteger: runs {@link KernelCrossCheck} in a child JVM of every JDK 21+ installed under
 * /usr/lib/jvm (and the running one), with the multi-release classes visible as they are in the jar,
 * and checks that the JDK 21 kernels are the ones in use. Skips when no JDK 21+ exists or when the
 * build found no JDK 21+ javac (the java21 classes are then absent and every JVM uses the Java 17
 * kernels, which {@link #currentJvmKernelsMatchBigInteger} and FrTest/FqTest cover).
 */
class Jdk21KernelTest {
    static final String FR_KERNEL = "foldproof/circuits/field/FrKernel.class";
    static final String FQ_KERNEL = "foldproof/folding/ec/FqKernel.class";

    @Test
    void currentJvmKernelsMatchBigInteger() {
        long seed = Long.getLong("test.seed", System.nanoTime());
        System.out.println("Jdk21KernelTest seed = " + seed);
        String line = KernelCrossCheck.run(seed, 20_000);
        System.out.println(line);
        assertTrue(line.contains("Fr=" + Fr.kernelName()));
    }

    @Test
    void jdk21KernelsMatchBigIntegerUnderEveryJdk21() throws Exception {
        Path circuits = location(Fr.class);
        Path folding = location(Fq.class);
        Path tests = location(KernelCrossCheck.class);
        boolean frJ21 = hasVersioned(circuits, FR_KERNEL);
        boolean fqJ21 = hasVersioned(folding, FQ_KERNEL);
        Map<Integer, Path> jdks = jdk21Homes();
        Assumptions.assumeFalse(jdks.isEmpty(), "no JDK >= 21 under /usr/lib/jvm: nothing to check");
        Assumptions.assumeTrue(frJ21 || fqJ21,
                "JDK 21 kernels not built (no JDK 21+ javac at build time): JDK 21 uses the Java 17 kernels");
        List<String> cp = new ArrayList<>();
        for (Path p : List.of(circuits, folding, tests)) {
            if (Files.isDirectory(p.resolve("META-INF/versions/21"))) {
                cp.add(p.resolve("META-INF/versions/21").toString()); // what the MR jar shows on 21+
            }
            cp.add(p.toString());
        }
        long seed = Long.getLong("test.seed", System.nanoTime());
        System.out.println("Jdk21KernelTest child seed = " + seed);
        for (Map.Entry<Integer, Path> jdk : jdks.entrySet()) {
            Process proc = new ProcessBuilder(jdk.getValue().resolve("bin/java").toString(),
                    "-cp", String.join(File.pathSeparator, cp),
                    KernelCrossCheck.class.getName(), Long.toString(seed), "50000")
                    .redirectErrorStream(true).start();
            boolean done = proc.waitFor(300, TimeUnit.SECONDS);
            String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!done) {
                proc.destroyForcibly();
            }
            System.out.println("JDK " + jdk.getKey() + " (" + jdk.getValue() + "): " + out);
            assertTrue(done, "cross-check timed out under " + jdk.getValue());
            assertEquals(0, proc.exitValue(), "JDK " + jdk.getKey() + " kernels disagree with BigInteger: " + out);
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

    /** JDK homes with a release file saying 21 or newer, keyed by feature version (one per version). */
    static Map<Integer, Path> jdk21Homes() throws IOException {
        Map<Integer, Path> homes = new TreeMap<>();
        List<Path> candidates = new ArrayList<>();
        candidates.add(Path.of(System.getProperty("java.home")));
        Path jvm = Path.of("/usr/lib/jvm");
        if (Files.isDirectory(jvm)) {
            try (Stream<Path> s = Files.list(jvm)) {
                s.sorted().forEach(candidates::add);
            }
        }
        for (Path home : candidates) {
            int v = featureVersion(home);
            if (v >= 21 && Files.isExecutable(home.resolve("bin/java"))) {
                homes.putIfAbsent(v, home);
            }
        }
        return homes;
    }

    static int featureVersion(Path home) throws IOException {
        Path release = home.resolve("release");
        if (!Files.isRegularFile(release)) {
            return -1;
        }
        for (String line : Files.readAllLines(release, StandardCharsets.UTF_8)) {
            if (line.startsWith("JAVA_VERSION=")) {
                String v = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                String major = v.split("[.+-]")[0];
                try {
                    return Integer.parseInt(major);
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }
}
