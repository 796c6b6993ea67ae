package foldproof.cli;

import foldproof.quantizer.QuantizerException;

import java.nio.file.Files;
import java.nio.file.Path;

/** Early checks of input paths, so a missing file is a one-line error (exit 2) before any work. */
final class Inputs {
    private Inputs() { }

    /** {@code file} must be a readable regular file; {@code what} names it in the message ("image", "proof file"). */
    static void requireFile(Path file, String what) {
        if (Files.isDirectory(file)) {
            throw new QuantizerException(what + " " + file + " is a directory, not a file");
        }
        if (!Files.isRegularFile(file)) {
            throw new QuantizerException(what + " not found: " + file);
        }
        if (!Files.isReadable(file)) {
            throw new QuantizerException(what + " is not readable: " + file);
        }
    }

    /** {@code dir} must be an existing directory. */
    static void requireDir(Path dir, String what) {
        if (!Files.isDirectory(dir)) {
            throw new QuantizerException(what + " not found (expected a folder): " + dir);
        }
    }
}
