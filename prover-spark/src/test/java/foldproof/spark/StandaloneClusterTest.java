package foldproof.spark;

import foldproof.api.Model;
import foldproof.api.Proof;
import foldproof.api.ProveOptions;
import foldproof.fixtures.DemoModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A real Spark standalone cluster on localhost: a master and a worker, each its own JVM started from the
 * Spark distribution's classes on this module's test class path ({@code org.apache.spark.deploy.master.Master},
 * {@code org.apache.spark.deploy.worker.Worker}; nothing downloaded at test time), the worker launching
 * executor JVMs as in any deployment. The tiny model's batch of two images is proven through it with
 * {@code spark://127.0.0.1:PORT} and checked by the ordinary verifier. The worker's SPARK_HOME is an empty
 * folder with an empty {@code jars/}: the executors' class path is the driver's
 * ({@code spark.executor.extraClassPath}, see {@link SparkEngine#conf}).
 */
class StandaloneClusterTest {
    private static final List<Process> started = new ArrayList<>();
    private static int masterPort;
    private static Path logs;

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static Process start(String name, List<String> args, Path sparkHome) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx512m");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("SPARK_HOME", sparkHome.toString());
        pb.environment().put("SPARK_SCALA_VERSION", "2.13");
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        pb.redirectErrorStream(true);
        pb.redirectOutput(logs.resolve(name + ".log").toFile());
        Process p = pb.start();
        started.add(p);
        return p;
    }

    private static void awaitPort(int port, Process p, String what) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < end) {
            if (!p.isAlive()) {
                fail(what + " exited: " + Files.readString(logs.resolve(what + ".log")));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException e) {
                Thread.sleep(300);
            }
        }
        fail(what + " did not open port " + port);
    }

    @BeforeAll
    static void startCluster() throws Exception {
        logs = Files.createDirectories(Path.of("target", "spark-standalone"));
        Path home = Files.createTempDirectory(logs, "spark-home");
        Files.createDirectories(home.resolve("jars"));
        masterPort = freePort();
        Process master = start("master", List.of("org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                "--port", Integer.toString(masterPort), "--webui-port", Integer.toString(freePort())), home);
        awaitPort(masterPort, master, "master");
        int workerPort = freePort();
        Process worker = start("worker", List.of("org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
                "--port", Integer.toString(workerPort), "--webui-port", Integer.toString(freePort()), "--cores", "2",
                "--memory", "2g", "--work-dir", home.resolve("work").toString(), "spark://127.0.0.1:" + masterPort), home);
        awaitPort(workerPort, worker, "worker");
        System.out.println("standalone master spark://127.0.0.1:" + masterPort + ", logs in " + logs.toAbsolutePath());
    }

    @AfterAll
    static void stopCluster() throws InterruptedException {
        for (int i = started.size() - 1; i >= 0; i--) {
            Process p = started.get(i);
            p.descendants().forEach(ProcessHandle::destroy);   // the worker's executors
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
        }
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void tinyBatchThroughAStandaloneMasterAndWorker() {
        Model model = Model.of(DemoModels.tiny());
        List<float[]> xs = SparkLocalTest.inputs(model.quantized(), 2);
        System.out.println("standalone proof seed 8");
        Proof p = new SparkEngine().proveBatch(model, xs, ProveOptions.defaults().withRandom(new Random(8)), Map.of(
                "master", "spark://127.0.0.1:" + masterPort,
                "spark.driver.host", "127.0.0.1",
                "spark.driver.bindAddress", "127.0.0.1",
                "spark.cores.max", "2",
                "spark.executor.cores", "2",
                "spark.executor.memory", "1g",
                "spark.executor.extraJavaOptions", "-Xss8m"));
        SparkLocalTest.check(model, xs, p);
        File work = logs.toFile();
        System.out.println("proof of " + p.batchSize() + " images, " + p.size() + " bytes, through the cluster (logs: " + work + ")");
    }
}
