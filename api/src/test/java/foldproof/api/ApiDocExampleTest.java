package foldproof.api;

import foldproof.fixtures.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The example of docs/api.md is real code: this test takes the Java block after the
 * {@code <!-- example: ApiExample ...-->} marker, compiles it with javax.tools against the test class path
 * (a compile error fails the test with the compiler's message), and runs its {@code main} on the real
 * CIFAR-10 ResNet-18 in {@code ../shared/data} (that run skips where the data is absent).
 */
class ApiDocExampleTest {
    private static final Pattern BLOCK = Pattern.compile("<!-- example: ApiExample[^>]*-->\\s*```java\\n(.*?)```", Pattern.DOTALL);

    static String exampleSource() throws Exception {
        Path doc = null;
        for (Path d = Paths.get("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("docs/api.md"))) {
                doc = d.resolve("docs/api.md");
                break;
            }
        }
        assertTrue(doc != null, "docs/api.md not found above " + Paths.get("").toAbsolutePath());
        Matcher m = BLOCK.matcher(Files.readString(doc, StandardCharsets.UTF_8));
        assertTrue(m.find(), "no ApiExample java block in " + doc);
        return m.group(1);
    }

    static Class<?> compile(String source, Path dir) throws Exception {
        Path src = dir.resolve("ApiExample.java");
        Files.writeString(src, source, StandardCharsets.UTF_8);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertTrue(javac != null, "no system Java compiler (a JRE, not a JDK?)");
        ByteArrayOutputStream diag = new ByteArrayOutputStream();
        int rc = javac.run(null, diag, diag, "-Xlint:all", "-Werror", "-classpath", System.getProperty("java.class.path"),
                "-d", dir.toString(), src.toString());
        assertEquals(0, rc, () -> "the docs/api.md example does not compile:\n" + diag.toString(StandardCharsets.UTF_8));
        URLClassLoader cl = new URLClassLoader(new URL[] {dir.toUri().toURL()}, ApiDocExampleTest.class.getClassLoader());
        return cl.loadClass("ApiExample");
    }

    @Test
    void theDocExampleCompilesAndRunsOnTheRealCifarResnet18(@TempDir Path dir) throws Exception {
        Class<?> example = compile(exampleSource(), dir);
        Method main = example.getMethod("main", String[].class);
        Optional<Path> onnx = SharedData.resolve("cifar10-resnet18/model.onnx");
        Optional<Path> calib = SharedData.resolve("cifar10-test-dev");
        Optional<Path> cat = SharedData.resolve("cifar10-test-dev/cat/0000.jpg");
        assumeTrue(onnx.isPresent() && calib.isPresent() && cat.isPresent(), "../shared/data not available: compiled only");
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream old = System.out;
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            main.invoke(null, (Object) new String[] {onnx.get().toString(), calib.get().toString(), cat.get().toString()});
        } finally {
            System.setOut(old);
        }
        String out = buf.toString(StandardCharsets.UTF_8);
        System.out.print(out);
        assertTrue(out.contains("label 3 (cat)"), out);
        assertTrue(out.contains("VALID: label 3"), out);
        assertTrue(out.contains("tampered: INVALID: "), out);
        assertTrue(out.contains("proved Gemm_47"), out);
    }
}
