package foldproof.quantizer.quant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import foldproof.quantizer.QuantizerException;
import foldproof.quantizer.TestData;
import foldproof.quantizer.image.ImageLoader;
import foldproof.quantizer.importers.Importers;
import foldproof.quantizer.model.FloatLayer;
import foldproof.quantizer.model.FloatNet;
import foldproof.quantizer.model.QModel;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * A real model from {@code shared/data} with the 1,000 dev images (pixels-dev.rgb, preprocessed with the
 * model's recipe) and its reference float logits; plus fidelity metrics of a quantized model.
 */
record DevSet(FloatNet net, List<float[]> images, int[] labels, float[][] refLogits) {
    static Optional<DevSet> load(String modelDir, String modelFile) {
        Optional<Path> dir = TestData.resolve(modelDir);
        Optional<Path> pixels = TestData.resolve("cifar10-resnet18/pixels-dev.rgb");
        if (dir.isEmpty() || pixels.isEmpty()) {
            return Optional.empty();
        }
        FloatNet net = Importers.load(dir.get().resolve(modelFile), null);
        List<float[]> images = ImageLoader.loadRawRgb(pixels.get(), 32, 32, net.preprocess());
        try {
            JsonNode root = new ObjectMapper().readTree(dir.get().resolve("float-logits-dev.json").toFile());
            int n = root.size();
            int[] labels = new int[n];
            float[][] logits = new float[n][];
            for (int i = 0; i < n; i++) {
                JsonNode e = root.get(i);
                labels[i] = e.get("label").asInt();
                JsonNode l = e.get("logits");
                logits[i] = new float[l.size()];
                for (int j = 0; j < l.size(); j++) {
                    logits[i][j] = (float) l.get(j).asDouble();
                }
            }
            if (n != images.size()) {
                throw new QuantizerException(n + " reference logits for " + images.size() + " images");
            }
            return Optional.of(new DevSet(net, images, labels, logits));
        } catch (IOException e) {
            throw new QuantizerException("cannot read reference logits: " + e.getMessage(), e);
        }
    }

    /** The subset of every {@code step}-th image. */
    DevSet every(int step) {
        if (step == 1) {
            return this;
        }
        List<float[]> im = new ArrayList<>();
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < images.size(); i += step) {
            im.add(images.get(i));
            idx.add(i);
        }
        int[] lab = new int[idx.size()];
        float[][] ref = new float[idx.size()][];
        for (int k = 0; k < lab.length; k++) {
            lab[k] = labels[idx.get(k)];
            ref[k] = refLogits[idx.get(k)];
        }
        return new DevSet(net, im, lab, ref);
    }

    /** Every {@code step}-th image, at most {@code max}: a class-balanced calibration subset (the file is ordered by class). */
    List<float[]> calibration(int step, int max) {
        List<float[]> c = new ArrayList<>();
        for (int i = 0; i < images.size() && c.size() < max; i += step) {
            c.add(images.get(i));
        }
        return c;
    }

    /** Float logits of every image (parallel over images). */
    float[][] floatLogits() {
        float[][] out = new float[images.size()][];
        IntStream.range(0, images.size()).parallel().forEach(i -> out[i] = FloatInference.run(net, images.get(i)));
        return out;
    }

    /** Fidelity of {@code q} against float logits {@code fl} on every image. */
    Fidelity fidelity(QModel q, float[][] fl) {
        double scale = q.scales()[q.scales().length - 1];
        int n = images.size();
        int[] qArg = new int[n];
        double[] cos = new double[n];
        IntStream.range(0, n).parallel().forEach(i -> {
            long[] ql = IntInference.run(q, InputQuantizer.quantize(q, images.get(i))).logits();
            double ab = 0;
            double aa = 0;
            double bb = 0;
            int best = 0;
            for (int j = 0; j < ql.length; j++) {
                double b = ql[j] * scale;
                ab += fl[i][j] * b;
                aa += fl[i][j] * (double) fl[i][j];
                bb += b * b;
                if (ql[j] > ql[best]) {
                    best = j;
                }
            }
            qArg[i] = best;
            cos[i] = ab / Math.sqrt(aa * bb);
        });
        int fTop = 0;
        int qTop = 0;
        int agree = 0;
        double cosSum = 0;
        for (int i = 0; i < n; i++) {
            int fa = argmax(fl[i]);
            fTop += fa == labels[i] ? 1 : 0;
            qTop += qArg[i] == labels[i] ? 1 : 0;
            agree += fa == qArg[i] ? 1 : 0;
            cosSum += cos[i];
        }
        return new Fidelity(fTop / (double) n, qTop / (double) n, agree / (double) n, cosSum / n);
    }

    static int argmax(float[] v) {
        int b = 0;
        for (int j = 1; j < v.length; j++) {
            if (v[j] > v[b]) {
                b = j;
            }
        }
        return b;
    }

    int convLayers() {
        return (int) net.layers().stream().filter(l -> l instanceof FloatLayer.Conv).count();
    }

    record Fidelity(double floatTop1, double quantTop1, double agreement, double meanCosine) {
        @Override
        public String toString() {
            return String.format("float top-1 %.1f%%, quant top-1 %.1f%%, agreement %.1f%%, mean cosine %.5f",
                    100 * floatTop1, 100 * quantTop1, 100 * agreement, meanCosine);
        }
    }
}
