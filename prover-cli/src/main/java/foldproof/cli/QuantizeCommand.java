package foldproof.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import foldproof.quantizer.QuantizerException;
import foldproof.quantizer.model.QModel;
import foldproof.quantizer.quant.ModelFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code foldproof quantize}: float model + calibration images (or, for a model with BatchNorm statistics,
 * none: data-free) -> quantized model file. The output is checked first (never the model, its config or a
 * file of the calibration folder; its folder writable) and written atomically by {@link OutputTarget}, so a
 * failure leaves nothing half-written.
 */
@Command(name = "quantize", mixinStandardHelpOptions = true, description = "Quantize a float model (ONNX / safetensors, or a built-in demo model) with calibration images (or data-free from its BatchNorm statistics) into a .fpq model file for prove and verify.")
public final class QuantizeCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    FloatModelOptions model;

    @Mixin
    CalibrationOptions calibration;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Output model file (.fpq), written atomically; never one of the inputs.")
    Path out;

    @Override
    public Integer call() throws Exception {
        return common.inPool(this::run);
    }

    private Integer run() throws IOException {
        calibration.check();
        List<Path> inputs = new ArrayList<>(ModelSource.inputFiles(model.model, model.config));
        if (calibration.calib != null) {
            inputs.addAll(ImageFolders.allFiles(calibration.calib));
        }
        OutputTarget target = OutputTarget.check(out, "--out", inputs);
        ModelSource src = model.source();
        if (src.kind() == ModelSource.Kind.QUANTIZED_FILE) {
            throw new QuantizerException(model.model + " is already a quantized model file; quantize needs a float model");
        }
        long t0 = System.nanoTime();
        PrintWriter err = spec.commandLine().getErr();
        CalibrationOptions.Calibrated c = calibration.quantize(src.floatNet(), Progress.mode(err, !common.json), err);
        QModel q = c.model();
        if (src.kind() == ModelSource.Kind.BUILTIN) {
            q = new QModel(q.name(), src.quantized().description(), q.preprocess(), q.input(), q.inputScale(), q.scales(),
                    q.layers(), q.labels());
        }
        target.write(ModelFile.toBytes(q), inputs);
        double secs = (System.nanoTime() - t0) / 1e9;
        PrintWriter w = spec.commandLine().getOut();
        String digest = ModelFile.digestHex(q);
        if (common.json) {
            w.println(new ObjectMapper().createObjectNode().put("model", q.name()).put("detected", src.detected())
                    .put("out", out.toString()).put("calibration", c.how()).put("digest", digest).put("layers", q.layers().size())
                    .put("seconds", Math.round(secs * 100) / 100.0).toString());
        } else {
            w.println("model:  " + src.detected());
            w.println("calib:  " + c.how());
            w.println("wrote:  " + out + " (" + q.layers().size() + " layers, input " + q.input() + ", input scale "
                    + String.format("%.6g", q.inputScale()) + ")");
            w.println("digest: " + digest);
        }
        w.flush();
        return 0;
    }
}
