package foldproof.cli;

import foldproof.api.Proof;
import foldproof.quantizer.QuantizerException;
import foldproof.quantizer.model.QModel;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The images of {@code prove --images}, and the per-image lines of a batch. */
final class BatchImages {
    private BatchImages() { }

    /**
     * The batch, in order: each argument is an image file, or a folder whose images (its own, then its class
     * subfolders' taken one folder after another, as for calibration) are added; at most {@code limit} in
     * all (null: no limit).
     */
    static List<Path> resolve(List<Path> args, Integer limit) {
        int max = limit == null ? Integer.MAX_VALUE : limit;
        List<Path> out = new ArrayList<>();
        for (Path a : args) {
            if (out.size() >= max) {
                break;
            }
            if (Files.isDirectory(a)) {
                try {
                    out.addAll(ImageFolders.calibration(a, max - out.size()));
                } catch (QuantizerException e) {
                    throw new IllegalArgumentException("--images folder " + a + ": " + e.getMessage().replace("calibration folder", "folder"));
                }
            } else {
                out.add(a);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("--images names no image");
        }
        return out;
    }

    /** One line per image: its index in the batch, file, label and top-5. */
    static void print(PrintWriter o, QModel m, Proof proof, List<Path> files) {
        for (int n = 0; n < proof.batchSize(); n++) {
            o.println(String.format("image %3d: %s -> %s", n, files.get(n), Labels.describe(m, proof.label(n))));
        }
        o.flush();
    }
}
