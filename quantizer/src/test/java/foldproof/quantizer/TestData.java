package foldproof.quantizer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;

/**
 * Test-side locator of the third-party {@code shared/data} folder for quantizer tests (the quantizer
 * module cannot depend on {@code fixtures}, which depends on it). Same rules as
 * {@code foldproof.fixtures.SharedData}: property {@code foldproof.data}, env {@code FOLDPROOF_DATA},
 * then {@code shared/data} beside the working directory or an ancestor. Use with {@code assumeTrue}.
 */
public final class TestData {
    private TestData() { }

    public static Optional<Path> dir() {
        String prop = System.getProperty("foldproof.data", System.getenv("FOLDPROOF_DATA"));
        if (prop != null && !prop.isBlank()) {
            Path p = Paths.get(prop);
            return Files.isDirectory(p) ? Optional.of(p) : Optional.empty();
        }
        for (Path d = Paths.get("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path candidate = d.resolve("shared").resolve("data");
            if (Files.isDirectory(candidate) && Files.isRegularFile(candidate.resolve("README.md"))) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** A file or folder inside the data folder, if the folder and the entry exist. */
    public static Optional<Path> resolve(String relative) {
        return dir().map(d -> d.resolve(relative)).filter(Files::exists);
    }
}
