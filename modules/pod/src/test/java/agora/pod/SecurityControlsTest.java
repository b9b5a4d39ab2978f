package agora.pod;

import java.io.IOException;

import org.junit.jupiter.api.Test;

/**
 * Every row of docs/security.md that names a test as its proof has a control in
 * docs/security-controls.txt whose removal that test was checked to catch, and every removal there
 * still finds its text in the code (deploy/tools/ControlCheck.java; {@code ./agora controls} runs the
 * removals themselves, which takes about an hour).
 */
class SecurityControlsTest {

    @Test
    void everyProofInTheSecurityMapHasAControlWhoseRemovalItsTestCatches() throws IOException, InterruptedException {
        ProjectTools.assertSucceeds("ControlCheck.java", "--check");
    }
}
