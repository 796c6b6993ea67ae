package foldproof.spark;

import foldproof.api.Foldproof;
import foldproof.api.FoldproofException;
import foldproof.api.Model;
import foldproof.api.Proof;
import foldproof.api.ProveOptions;
import foldproof.api.ProvingEngine;
import foldproof.quantizer.model.QModel;
import foldproof.quantizer.quant.InputQuantizer;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code foldproof prove --engine spark}: the batch proven by {@link SparkProver} on a Spark context made for
 * the call. Settings: {@code master} ({@code local[N]}, default {@code local[2]}, or {@code spark://host:7077}),
 * any {@code spark.*} key. For a {@code spark://} master without {@code spark.jars} or
 * {@code spark.executor.extraClassPath}, executors get the driver's class path (workers on the same machine or
 * with the same layout; docs/cluster.md).
 */
public final class SparkEngine implements ProvingEngine {
    @Override
    public String name() {
        return "spark";
    }

    @Override
    public Proof proveBatch(Model model, List<float[]> inputs, ProveOptions options, Map<String, String> settings) {
        QModel m = model.quantized();
        if (inputs.isEmpty()) {
            throw new FoldproofException("a batch needs at least one image");
        }
        List<int[]> qs = new ArrayList<>();
        for (float[] x : inputs) {
            if (x.length != m.input().size()) {
                throw new FoldproofException("input tensor has " + x.length + " values, the model's input needs " + m.input().size());
            }
            qs.add(InputQuantizer.quantize(m, x));
        }
        long t0 = System.nanoTime();
        SparkConf conf = conf(settings);
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            sc.setLogLevel("WARN");
            SparkProver.Result r = SparkProver.prove(sc, model.context(), qs, options);
            return Foldproof.wrap(model, r.proof(), r.stats(), t0);
        }
    }

    /** The Spark configuration of a run. */
    static SparkConf conf(Map<String, String> settings) {
        String master = settings.getOrDefault("master", "local[2]");
        SparkConf conf = new SparkConf().setAppName("foldproof").setMaster(master)
                .set("spark.ui.enabled", "false")
                // results are folded vectors of a layer: a few megabytes per block
                .set("spark.driver.maxResultSize", "2g");
        for (Map.Entry<String, String> e : settings.entrySet()) {
            if (e.getKey().startsWith("spark.")) {
                conf.set(e.getKey(), e.getValue());
            }
        }
        if (master.startsWith("spark://") && !conf.contains("spark.jars") && !conf.contains("spark.executor.extraClassPath")) {
            conf.set("spark.executor.extraClassPath", System.getProperty("java.class.path"));
        }
        return conf;
    }
}
