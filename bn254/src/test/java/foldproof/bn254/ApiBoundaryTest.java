package foldproof.bn254;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The module's boundary in source: no main code of another module uses {@code foldproof.bn254.internal}
 * (bn254/README.md, "API"), and bn254's main code uses nothing of foldproof outside bn254.
 */
class ApiBoundaryTest {
    @Test
    void noOtherModuleUsesInternalAndBn254UsesNoOtherModule() throws IOException {
        Path root = GeneratedCodeTest.checkoutRoot();
        List<String> bad = new ArrayList<>();
        try (Stream<Path> s = Files.walk(root)) {
            s.filter(p -> p.toString().endsWith(".java")).forEach(p -> {
                String rel = root.relativize(p).toString();
                if (!rel.contains("/src/main/") || rel.contains("/target/")) return;
                String text = GeneratedCodeTest.read(p);
                if (rel.startsWith("bn254/")) {
                    if (text.matches("(?s).*\\bimport (static )?foldproof\\.(?!bn254\\b).*")) bad.add(rel + " imports another foldproof module");
                } else if (text.contains("foldproof.bn254.internal")) {
                    bad.add(rel + " uses foldproof.bn254.internal (not API)");
                }
            });
        }
        assertEquals(List.of(), bad);
    }
}
