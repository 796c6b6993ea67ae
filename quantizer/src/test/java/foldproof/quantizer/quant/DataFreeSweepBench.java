package foldproof.quantizer.quant;

import foldproof.quantizer.model.QModel;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The measurement behind {@link DataFreeCalibration#DEFAULT_SPREAD} and its residual rule: on all 1,000
 * dev images (pixels-dev.rgb), image calibration (200 images, every 5th) against data-free calibration
 * with m = 3, 4, 5, 6 and both residual rules (properties {@code bench.spreads}, default {@code 3,4,5,6}, and
 * {@code bench.rules}, default {@code INDEPENDENT,ALIGNED}; {@code -Dbench.image=false} skips the image row). Models: property {@code bench.models} (default
 * {@code cifar10-resnet20}; e.g. {@code cifar10-resnet20,cifar10-resnet56}). Run:
 * {@code mvn -B -q -ntp -o -pl quantizer test -Dtest=DataFreeSweepBench -DexcludedGroups= -Dsurefire.failIfNoSpecifiedTests=false}
 */
@Tag("bench")
class DataFreeSweepBench {
    @Test
    void sweep() {
        for (String dir : System.getProperty("bench.models", "cifar10-resnet20").split(",")) {
            Optional<DevSet> set = DevSet.load(dir, "model.safetensors");
            assumeTrue(set.isPresent(), "shared/data/" + dir + " not found");
            DevSet d = set.get();
            float[][] fl = d.floatLogits();
            if (!"false".equals(System.getProperty("bench.image"))) {
                QModel img = Quantizer.quantize(d.net(), d.calibration(5, 200));
                System.out.printf("%s images=%d | image calibration (200) | %s%n", dir, fl.length, d.fidelity(img, fl));
            }
            for (String r : System.getProperty("bench.rules", "INDEPENDENT,ALIGNED").split(",")) {
                DataFreeCalibration.Residual rule = DataFreeCalibration.Residual.valueOf(r);
                for (String ms : System.getProperty("bench.spreads", "3,4,5,6").split(",")) {
                    double m = Double.parseDouble(ms);
                    double[] clips = DataFreeCalibration.clips(d.net(), m, rule);
                    QModel q = Quantizer.build(d.net(), Math.max(clips[0], 1e-6) / 127.0, clips, Calibration.DEFAULT, "sweep");
                    System.out.printf("%s images=%d | data-free %s m=%.0f | %s%n", dir, fl.length, rule, m, d.fidelity(q, fl));
                }
            }
        }
    }
}
