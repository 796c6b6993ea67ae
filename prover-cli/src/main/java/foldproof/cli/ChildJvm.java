package foldproof.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Runs one {@code foldproof} subcommand in a child JVM (the same {@code java} binary and class path as this
 * process) so that its peak resident set is its own: a benchmark then measures one proof, not the JIT,
 * heap and leftovers of everything that ran before it.
 *
 * <p>Heap and collector are fixed for every child of a run (same {@code -Xmx}, same GC), so the peak RSS of
 * two children is comparable. The serial collector is the default: it grows the heap only when live data
 * needs it and shrinks it after a full collection ({@code Min/MaxHeapFreeRatio}), so the resident set
 * follows live data rather than the collector's sizing policy. The child prints one JSON line on stdout
 * (the last line starting with '{' is taken); its stderr (progress) is forwarded with a prefix.
 */
final class ChildJvm {
    /** JVM settings of the children. */
    record Settings(String xmx, String gc, long timeoutSeconds, boolean spark) {
        Settings(String xmx, String gc, long timeoutSeconds) {
            this(xmx, gc, timeoutSeconds, false);
        }

        /** The same settings for a child that runs a Spark driver (and local executors): Spark's JDK 17+ opens. */
        Settings withSpark() {
            return new Settings("2g", gc, timeoutSeconds, true);
        }

        List<String> jvmArgs() {
            List<String> a = new ArrayList<>();
            a.add("-Xmx" + xmx);
            a.add("-Xms32m");
            a.add("-Xss16m");
            switch (gc) {
                case "serial":
                    a.add("-XX:+UseSerialGC");
                    a.add("-XX:MinHeapFreeRatio=10");
                    a.add("-XX:MaxHeapFreeRatio=30");
                    break;
                case "parallel":
                    a.add("-XX:+UseParallelGC");
                    break;
                case "g1":
                    a.add("-XX:+UseG1GC");
                    break;
                default:
                    throw new IllegalArgumentException("unknown --gc '" + gc + "' (serial, parallel or g1)");
            }
            if (spark) {
                a.addAll(SPARK_OPENS);
            }
            a.addAll(JIT_OPTS);
            return a;
        }

        String describe() {
            return "-Xmx" + xmx + " " + String.join(" ", jvmArgs().subList(3, jvmArgs().size()));
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The ./foldproof launcher's C2 settings (less JIT CPU; docs/benchmarks.md, "Prover engineering after format 9"), so a child proves as the CLI does. */
    static final List<String> JIT_OPTS = List.of("-XX:+IgnoreUnrecognizedVMOptions", "-XX:-UseProfiledLoopPredicate",
            "-XX:FreqInlineSize=150", "-XX:-UseSuperWord", "-XX:-UseTypeSpeculation");

    /** What Spark needs opened on JDK 17+ in a driver JVM (its launcher's JavaModuleOptions; also in the ./foldproof launcher). */
    static final List<String> SPARK_OPENS = List.of("-XX:+IgnoreUnrecognizedVMOptions",
            "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED", "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
            "--add-opens=java.base/sun.security.action=ALL-UNNAMED", "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
            "-Djdk.reflect.useDirectMethodHandles=false", "-Dio.netty.tryReflectionSetAccessible=true");

    private ChildJvm() { }

    /** The {@code java} binary running this process. */
    static String javaBinary() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /**
     * Runs {@code foldproof <args>} in a child JVM and returns its JSON result line.
     *
     * @param err where the child's stderr lines go (prefixed with {@code prefix}), or null to drop them
     * @throws IOException if the child cannot start, times out, fails, or prints no JSON line
     */
    static JsonNode run(Settings s, List<String> args, PrintWriter err, String prefix) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaBinary());
        cmd.addAll(s.jvmArgs());
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            cmd.add("--add-modules");          // the children use the vector lanes when the parent does
            cmd.add("jdk.incubator.vector");
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        for (String p : new String[] {"foldproof.data", "foldproof.cache", "foldproof.lanes"}) {
            if (System.getProperty(p) != null) {
                cmd.add("-D" + p + "=" + System.getProperty(p));
            }
        }
        cmd.add(Main.class.getName());
        cmd.addAll(args);
        Process proc = new ProcessBuilder(cmd).start();
        proc.getOutputStream().close();
        Thread pump = new Thread(() -> forward(proc, err, prefix), "child-stderr");
        pump.setDaemon(true);
        pump.start();
        List<String> out = Collections.synchronizedList(new ArrayList<>());
        Thread reader = new Thread(() -> collect(proc, out), "child-stdout");
        reader.setDaemon(true);
        reader.start();
        int code;
        try {
            if (!proc.waitFor(s.timeoutSeconds(), TimeUnit.SECONDS)) {
                proc.destroyForcibly();
                throw new IOException("child JVM timed out after " + s.timeoutSeconds() + " s: " + String.join(" ", args));
            }
            code = proc.exitValue();
            reader.join(5000);
            pump.join(2000);
        } catch (InterruptedException e) {
            proc.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the child JVM", e);
        }
        String json = null;
        for (String line : List.copyOf(out)) {
            if (line.startsWith("{")) {
                json = line;
            }
        }
        if (code != 0 || json == null) {
            throw new IOException(String.format(Locale.ROOT, "child JVM `%s` exited with %d%s", String.join(" ", args), code,
                    json == null ? " and printed no JSON result" : ": " + json));
        }
        return JSON.readTree(json);
    }

    /** {@code VmHWM} of process {@code pid} in bytes (Linux), or -1. */
    static long vmHwm(long pid) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (l.startsWith("VmHWM:")) {
                    return Long.parseLong(l.substring(6).trim().split("\\s+")[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    private static void collect(Process proc, List<String> out) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(proc.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                out.add(line);
            }
        } catch (IOException e) {
            // the child is gone; what it printed so far is in out
        }
    }

    private static void forward(Process proc, PrintWriter err, String prefix) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(proc.getErrorStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (err != null) {
                    long hwm = vmHwm(proc.pid());
                    synchronized (err) {
                        err.println(prefix + line + (hwm > 0 && line.startsWith("[") ? String.format(Locale.ROOT,
                                "   (child peak RSS so far %.0f MiB)", hwm / 1048576.0) : ""));
                        err.flush();
                    }
                }
            }
        } catch (IOException e) {
            // the child is gone; nothing left to forward
        }
    }
}
