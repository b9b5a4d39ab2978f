package agora.pod;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The module map in docs/architecture.md is the descriptors' own (deploy/tools/ModuleMap.java makes
 * it), and each test descriptor requires at least what its main one does.
 */
class ModuleMapTest {

    @Test
    void theDocumentedModuleMapAndTheTestDescriptorsAgreeWithTheDescriptors() throws IOException, InterruptedException {
        Path root = Path.of("../..").toAbsolutePath().normalize();
        Process check = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "deploy/tools/ModuleMap.java", "check")
                .directory(root.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, check.waitFor(), output);
    }
}
