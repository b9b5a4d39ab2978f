package agora.pod;

import java.io.IOException;

import org.junit.jupiter.api.Test;

/**
 * The module map in docs/architecture.md is the descriptors' own (deploy/tools/ModuleMap.java makes
 * it), and each test descriptor requires at least what its main one does.
 */
class ModuleMapTest {

    @Test
    void theDocumentedModuleMapAndTheTestDescriptorsAgreeWithTheDescriptors() throws IOException, InterruptedException {
        ProjectTools.assertSucceeds("ModuleMap.java", "check");
    }
}
