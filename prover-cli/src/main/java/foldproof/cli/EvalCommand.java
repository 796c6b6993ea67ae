package foldproof.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import foldproof.quantizer.QuantizerException;
import foldproof.quantizer.image.ImageLoader;
import foldproof.quantizer.model.QModel;
import foldproof.quantizer.quant.FloatInference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.stream.IntStream;

/**
 * {@code foldproof eval}: quantize a float model (calibration images, or data-free), run the float and the integer
 * network over a labelled folder (one subfolder per class), and report top-1 of both, their agreement
 * (fraction of images with the same top-1) and the mean cosine between float and dequantized logits.
 * Progress on stderr; the result on stdout (one JSON line with {@code --json}).
 */
@Command(name = "eval", mixinStandardHelpOptions = true, description = "Quantize (with calibration images, or data-free from BatchNorm statistics), then compare float and quantized networks over a labelled image folder.")
public final class EvalCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    FloatModelOptions model;

    /** A built-in model without {@code --calib} or {@code --data-free} is scored with its own quantization. */
    @Mixin
    CalibrationOptions calibration;

    @Option(names = "--images", required = true, paramLabel = "DIR", description = "Evaluation images, one subfolder per class (folder name = label).")
    Path images;

    @Option(names = "--limit", paramLabel = "N", description = "Evaluate at most N images, round-robin over classes (default: all).")
    int limit;

    @Option(names = "--no-progress", description = "No progress on stderr (otherwise a bar on a terminal, a line per quarter in a log).")
    boolean noProgress;

    @Override
    public Integer call() throws Exception {
        return common.inPool(this::run);
    }

    private Integer run() {
        long t0 = System.nanoTime();
        Inputs.requireDir(images, "--images folder");
        calibration.check();
        ModelSource src = model.source();
        if (src.kind() == ModelSource.Kind.QUANTIZED_FILE) {
            throw new QuantizerException(model.model + " is a quantized model file; eval compares against the float network, "
                    + "so it needs the float model (ONNX or safetensors)");
        }
        PrintWriter err = spec.commandLine().getErr();
        Progress.Mode mode = Progress.mode(err, !noProgress);
        QModel q;
        String how;
        if (src.kind() == ModelSource.Kind.BUILTIN && calibration.calib == null && !calibration.dataFree) {
            q = src.quantized();
            how = "the built-in model's own calibration";
        } else {
            CalibrationOptions.Calibrated c = calibration.quantize(src.floatNet(), mode, err);
            q = c.model();
            how = c.how();
        }
        int classes = q.numClasses();
        List<ImageFolders.Labelled> set = ImageFolders.labelled(images, src.labels(), classes, limit);
        AtomicInteger floatOk = new AtomicInteger();
        AtomicInteger quantOk = new AtomicInteger();
        AtomicInteger agree = new AtomicInteger();
        DoubleAdder cosine = new DoubleAdder();
        try (Progress p = new Progress("eval", set.size(), err, mode)) {
            IntStream.range(0, set.size()).parallel().forEach(i -> {
                ImageFolders.Labelled li = set.get(i);
                float[] x = ImageLoader.load(li.file(), src.preprocess());
                Classify.checkInput(x, src.floatNet(), q);
                double[] f = Classify.toDouble(FloatInference.run(src.floatNet(), x));
                double[] ql = Classify.quantizedLogits(q, x);
                int fa = Classify.argmax(f);
                int qa = Classify.argmax(ql);
                floatOk.addAndGet(fa == li.label() ? 1 : 0);
                quantOk.addAndGet(qa == li.label() ? 1 : 0);
                agree.addAndGet(fa == qa ? 1 : 0);
                cosine.add(Classify.cosine(f, ql));
                p.step();
            });
        }
        int n = set.size();
        double secs = (System.nanoTime() - t0) / 1e9;
        ObjectNode o = new ObjectMapper().createObjectNode();
        o.put("model", src.name());
        o.put("images", n);
        o.put("float_top1", round(floatOk.get() / (double) n));
        o.put("quant_top1", round(quantOk.get() / (double) n));
        o.put("agreement", round(agree.get() / (double) n));
        o.put("mean_cosine", round(cosine.sum() / n));
        o.put("seconds", Math.round(secs * 10) / 10.0);
        o.put("calibration", how);
        o.put("detected", src.detected());
        PrintWriter w = spec.commandLine().getOut();
        if (common.json) {
            w.println(o.toString());
        } else {
            w.println("model:       " + src.detected());
            w.println("calibration: " + how);
            w.printf("images:      %d%nfloat top-1: %.2f%%%nquant top-1: %.2f%%%nagreement:   %.2f%%%nmean cosine: %.5f%nseconds:     %.1f%n",
                    n, 100.0 * floatOk.get() / n, 100.0 * quantOk.get() / n, 100.0 * agree.get() / n, cosine.sum() / n, secs);
        }
        w.flush();
        return 0;
    }

    private static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }
}
