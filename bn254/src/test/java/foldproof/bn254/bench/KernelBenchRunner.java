package foldproof.bn254.bench;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Runs the JMH kernel benchmarks from Maven (tagged "bench", so not part of the default suite):
 * <pre>
 * mvn -B -ntp -o test -pl bn254 -Dgroups=bench -DexcludedGroups=none \
 *     -Dtest=KernelBenchRunner -Dsurefire.failIfNoSpecifiedTests=false [-Djmh.args="frMul -f 1"]
 * </pre>
 * The main method takes ordinary JMH arguments.
 */
@Tag("bench")
class KernelBenchRunner {
    /** Entry point with JMH command-line arguments (default: every benchmark in KernelBench). */
    public static void main(String[] args) throws Exception {
        org.openjdk.jmh.Main.main(args.length == 0 ? new String[] {KernelBench.class.getName()} : args);
    }

    @Test
    void runJmh() throws Exception {
        String extra = System.getProperty("jmh.args", "").trim();
        main(extra.isEmpty() ? new String[0] : extra.split("\\s+"));
    }
}
