package foldproof.cli;

import foldproof.quantizer.QuantizerException;
import foldproof.quantizer.image.ImageLoader;
import foldproof.quantizer.model.FloatNet;
import foldproof.quantizer.model.QLayer;
import foldproof.quantizer.model.QModel;
import foldproof.quantizer.quant.InputQuantizer;
import foldproof.quantizer.quant.IntInference;
import foldproof.quantizer.quant.Quantizer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;

/** Shared steps of infer / eval / quantize: calibrate and quantize, run both networks, rank classes. */
final class Classify {
    private Classify() { }

    /** Loads every image with the model's preprocessing, in parallel (in the caller's pool), order kept. */
    static List<float[]> loadAll(List<Path> files, FloatNet net, Progress progress) {
        float[][] out = new float[files.size()][];
        IntStream.range(0, files.size()).parallel().forEach(i -> {
            out[i] = ImageLoader.load(files.get(i), net.preprocess());
            progress.step();
        });
        List<float[]> l = new ArrayList<>(out.length);
        Collections.addAll(l, out);
        return l;
    }

    /** Quantizes {@code net} with the calibration images of {@code dir} (at most {@code limit}). */
    static QModel quantize(FloatNet net, Path dir, int limit, Progress.Mode mode, java.io.PrintWriter err) {
        List<Path> files = ImageFolders.calibration(dir, limit);
        List<float[]> inputs;
        try (Progress p = new Progress("calibration images", files.size(), err, mode)) {
            inputs = loadAll(files, net, p);
        }
        return Quantizer.quantize(net, inputs);
    }

    /** Quantized logits as real numbers ({@code logitScale * int logit}). */
    static double[] quantizedLogits(QModel m, float[] x) {
        long[] q = IntInference.run(m, InputQuantizer.quantize(m, x)).logits();
        double s = ((QLayer.Head) m.layers().get(m.layers().size() - 1)).logitScale();
        double[] r = new double[q.length];
        for (int i = 0; i < q.length; i++) {
            r[i] = q[i] * s;
        }
        return r;
    }

    static double[] toDouble(float[] v) {
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = v[i];
        }
        return r;
    }

    static int argmax(double[] v) {
        int b = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[b]) {
                b = i;
            }
        }
        return b;
    }

    static double cosine(double[] a, double[] b) {
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < a.length; i++) {
            ab += a[i] * b[i];
            aa += a[i] * a[i];
            bb += b[i] * b[i];
        }
        return aa == 0 || bb == 0 ? (aa == bb ? 1 : 0) : ab / Math.sqrt(aa * bb);
    }

    /** One ranked class. */
    record Ranked(int index, String label, double logit, double probability) { }

    /** The {@code k} best classes by logit with softmax probabilities. */
    static List<Ranked> top(double[] logits, String[] labels, int k) {
        double max = logits[argmax(logits)];
        double sum = 0;
        for (double v : logits) {
            sum += Math.exp(v - max);
        }
        Integer[] idx = new Integer[logits.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        java.util.Arrays.sort(idx, (a, b) -> Double.compare(logits[b], logits[a]));
        List<Ranked> r = new ArrayList<>();
        for (int i = 0; i < Math.min(k, idx.length); i++) {
            int j = idx[i];
            r.add(new Ranked(j, labels != null && j < labels.length ? labels[j] : "class " + j, logits[j],
                    Math.exp(logits[j] - max) / sum));
        }
        return r;
    }

    static void checkInput(float[] x, FloatNet net, QModel q) {
        int want = net != null ? net.input().size() : q.input().size();
        if (x.length != want) {
            throw new QuantizerException("preprocessed image has " + x.length + " values, the model expects " + want);
        }
    }
}
