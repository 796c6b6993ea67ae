package foldproof.cli;

import foldproof.quantizer.QuantizerException;
import foldproof.quantizer.model.FloatLayer;
import foldproof.quantizer.model.FloatNet;
import foldproof.quantizer.model.QModel;
import foldproof.quantizer.quant.Calibration;
import foldproof.quantizer.quant.DataFreeCalibration;
import foldproof.quantizer.quant.Quantizer;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * {@code --calib DIR [--calib-limit N] | --data-free} of the commands that quantize a float model
 * ({@code infer}, {@code eval}, {@code quantize}), mixed in with {@code @Mixin CalibrationOptions calibration;}.
 * Without {@code --calib}, a model whose BatchNorm statistics survived import (safetensors, ONNX with
 * unfolded BatchNormalization) is calibrated data-free (docs/quantizer.md: quantized top-1 within 0.2 points of image
 * calibration on the real ResNet-20/56); {@code --data-free} asks for it explicitly.
 */
final class CalibrationOptions {
    @Option(names = "--calib", paramLabel = "DIR", description = "Calibration images (a folder of images, or one subfolder per class)."
            + " Without it, a float model with BatchNorm statistics is calibrated data-free.")
    Path calib;

    @Option(names = "--calib-limit", paramLabel = "N", description = "At most N calibration images, round-robin over class folders (default: ${DEFAULT-VALUE}).")
    int calibLimit = 200;

    @Option(names = "--data-free", description = "Calibrate from the model's BatchNorm statistics (mean + "
            + (int) DataFreeCalibration.DEFAULT_SPREAD + " x spread per channel), no images (the default without --calib);"
            + " refused for a model without them, such as an ONNX file with BatchNorm folded.")
    boolean dataFree;

    /** A quantized model and how it was calibrated, in words. */
    record Calibrated(QModel model, String how) { }

    /** Checks the combination and the folder before any work. */
    void check() {
        if (dataFree && calib != null) {
            throw new QuantizerException("--data-free and --calib exclude each other: pass one");
        }
        if (calib != null) {
            Inputs.requireDir(calib, "--calib folder");
        }
    }

    /**
     * Quantizes {@code net} with the {@code --calib} images, else data-free (which refuses, with a message
     * naming {@code --calib}, a model without BatchNorm statistics).
     */
    Calibrated quantize(FloatNet net, Progress.Mode mode, PrintWriter err) {
        if (calib != null) {
            return new Calibrated(Classify.quantize(net, calib, calibLimit, mode, err),
                    "up to " + calibLimit + " images from " + calib);
        }
        double m = DataFreeCalibration.DEFAULT_SPREAD;
        return new Calibrated(Quantizer.quantizeDataFree(net, Calibration.DEFAULT, m),
                "data-free, from the BatchNorm statistics (mean + " + (int) m + " x spread per channel)");
    }

    /** Every conv (and projection shortcut) kept its BatchNorm's gamma and beta. */
    static boolean hasBnStats(FloatNet net) {
        boolean any = false;
        for (FloatLayer l : net.layers()) {
            if (l instanceof FloatLayer.Conv c) {
                if (c.bn() == null || (c.skip() instanceof FloatLayer.Skip.Projection p && p.bn() == null)) {
                    return false;
                }
                any = true;
            }
        }
        return any;
    }
}
