package agora.pod;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every row of docs/security.md that names a test as its proof has a control in
 * docs/security-controls.txt whose removal that test was checked to catch, and every removal there
 * still finds its text in the code (deploy/tools/ControlCheck.java; {@code ./agora controls} runs the
 * removals themselves, which takes the better part of an hour).
 */
class SecurityControlsTest {

    @Test
    void everyProofInTheSecurityMapHasAControlWhoseRemovalItsTestCatches() throws IOException, InterruptedException {
        Path root = Path.of("../..").toAbsolutePath().normalize();
        Process check = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "deploy/tools/ControlCheck.java", "--check")
                .directory(root.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, check.waitFor(), output);
    }
}
