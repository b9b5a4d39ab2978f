package agora.pod;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Runs one of the project's single-file tools (deploy/tools) from the project root, as ./agora does. */
final class ProjectTools {

    private ProjectTools() {
    }

    /** Fails with the tool's output unless it exits 0. */
    static void assertSucceeds(String tool, String... arguments) throws IOException, InterruptedException {
        Path root = Path.of("../..").toAbsolutePath().normalize();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "deploy/tools/" + tool));
        command.addAll(List.of(arguments));
        Process run = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true).start();
        String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, run.waitFor(), output);
    }
}
