package foldproof.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import foldproof.fixtures.DemoImages;
import foldproof.quantizer.model.QModel;
import foldproof.quantizer.quant.FloatInference;
import foldproof.quantizer.quant.Quantizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code foldproof infer}: top-k classes of one image, float and quantized side by side. A quantized
 * model file has no float network: then only the quantized column is shown, and said so. A float model
 * is quantized first, with {@code --calib} images or, without them, data-free from its BatchNorm statistics
 * (a model without them: calibrated on the input image alone).
 */
@Command(name = "infer", mixinStandardHelpOptions = true, description = "Classify one image: the top K classes (default 5) with probabilities, float and quantized side by side.")
public final class InferCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    FloatModelOptions model;

    @Option(names = "--image", paramLabel = "I", description = "Image file (JPEG, PNG, ...; default: a generated demo image).")
    Path image;

    /** A float model with neither {@code --calib} nor BatchNorm statistics is calibrated on the input image alone. */
    @Mixin
    CalibrationOptions calibration;

    @Option(names = "--top", paramLabel = "K", description = "How many classes to show (default: ${DEFAULT-VALUE}).")
    int top = 5;

    @Override
    public Integer call() throws Exception {
        return common.inPool(this::run);
    }

    private Integer run() {
        if (image != null) {
            Inputs.requireFile(image, "image");
        }
        calibration.check();
        ModelSource src = model.source();
        float[] x = image == null ? DemoImages.tensor(1, src.input().h(), src.input().w(), src.preprocess())
                : ImageInput.load(image, src.preprocess(), spec.commandLine().getErr());
        Classify.checkInput(x, src.floatNet(), src.quantized());
        String imageName = image == null ? "generated demo image (seed 1)" : image.toString();
        QModel q = src.quantized();
        String calibNote = null;
        if (q == null) {
            if (calibration.calib != null || calibration.dataFree || CalibrationOptions.hasBnStats(src.floatNet())) {
                CalibrationOptions.Calibrated c = calibration.quantize(src.floatNet(),
                        Progress.mode(spec.commandLine().getErr(), !common.json), spec.commandLine().getErr());
                q = c.model();
                calibNote = calibration.calib != null ? "quantized with calibration on " + c.how() : "quantized " + c.how();
            } else {
                q = Quantizer.quantize(src.floatNet(), List.of(x));
                calibNote = "quantized with calibration on this image only (pass --calib DIR for a real calibration set)";
            }
        }
        double[] f = src.floatNet() == null ? null : Classify.toDouble(FloatInference.run(src.floatNet(), x));
        double[] ql = Classify.quantizedLogits(q, x);
        String[] labels = src.labels() != null ? src.labels() : q.labels();
        List<Classify.Ranked> fr = f == null ? null : Classify.top(f, labels, top);
        List<Classify.Ranked> qr = Classify.top(ql, labels, top);
        PrintWriter out = spec.commandLine().getOut();
        if (common.json) {
            ObjectMapper om = new ObjectMapper();
            ObjectNode o = om.createObjectNode();
            o.put("model", src.name());
            o.put("detected", src.detected());
            o.put("image", imageName);
            if (calibNote != null) {
                o.put("calibration", calibNote);
            }
            if (fr == null) {
                o.putNull("float");
            } else {
                o.set("float", ranked(om, fr));
            }
            o.set("quantized", ranked(om, qr));
            out.println(o.toString());
        } else {
            out.println("model:  " + src.detected());
            out.println("image:  " + imageName);
            if (calibNote != null) {
                out.println("note:   " + calibNote);
            }
            if (fr == null) {
                out.println("note:   a quantized model file has no float network: quantized results only");
                out.printf("%-4s %-40s%n", "rank", "quantized (probability)");
                for (int i = 0; i < qr.size(); i++) {
                    out.printf("%-4d %-40s%n", i + 1, cell(qr.get(i)));
                }
            } else {
                out.printf("%-4s %-40s %-40s%n", "rank", "float (probability)", "quantized (probability)");
                for (int i = 0; i < qr.size(); i++) {
                    out.printf("%-4d %-40s %-40s%n", i + 1, cell(fr.get(i)), cell(qr.get(i)));
                }
            }
        }
        out.flush();
        return 0;
    }

    private static String cell(Classify.Ranked r) {
        String l = r.label().length() > 28 ? r.label().substring(0, 27) + "~" : r.label();
        return String.format("%s (%.4f)", l, r.probability());
    }

    private static ArrayNode ranked(ObjectMapper om, List<Classify.Ranked> rs) {
        ArrayNode a = om.createArrayNode();
        for (Classify.Ranked r : rs) {
            a.addObject().put("index", r.index()).put("label", r.label()).put("probability", r.probability()).put("logit", r.logit());
        }
        return a;
    }
}
