package agora.platform.host.testing;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * Tells {@link KeptHosts} when a test did not pass. JUnit's launcher finds it as a service; it matters only where the launcher
 * is a module beside this one and hosts are kept, as in the mutation run.
 */
public final class KeptHostsListener implements TestExecutionListener {
    /** Made by JUnit's service loading. */
    public KeptHostsListener() {
    }

    @Override
    public void executionFinished(TestIdentifier identifier, TestExecutionResult result) {
        if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
            KeptHosts.testFailed();
        }
    }
}
