package agora.platform.host.testing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs a module's tests as the mutation run does, with hosts kept ({@link KeptHosts}): each test
 * alone in a JUnit run of its own, every test once in order, then again in shuffled orders. A test
 * that fails here would count as a kill for whatever mutant PIT ran it for, so the module's run is
 * honest only when this passes ({@code ./agora mutate --rerun <module>}).
 *
 * <p>Arguments: the test classes (comma-separated), the number of passes, the seed of the shuffles.
 */
public final class KeptHostsCheck {
    private KeptHostsCheck() {
    }

    /**
     * Runs the check and exits 0 when every test passed in every pass, 1 otherwise.
     *
     * @param args test classes, passes, seed
     * @throws ClassNotFoundException when a named class is not on the path
     */
    public static void main(String[] args) throws ClassNotFoundException {
        System.setProperty(KeptHosts.PROPERTY, "true");
        Launcher launcher = LauncherFactory.create();
        List<String> tests = new ArrayList<>();
        for (String name : args[0].split(",")) {
            TestPlan plan = launcher.discover(LauncherDiscoveryRequestBuilder.request()
                    .selectors(DiscoverySelectors.selectClass(Class.forName(name))).build());
            for (TestIdentifier root : plan.getRoots()) {
                for (TestIdentifier each : plan.getDescendants(root)) {
                    if (each.isTest()) {
                        tests.add(each.getUniqueId());
                    }
                }
            }
        }
        int passes = Integer.parseInt(args[1]);
        Random random = new Random(Long.parseLong(args[2]));
        List<String> failures = new ArrayList<>();
        for (int pass = 1; pass <= passes; pass++) {
            List<String> order = new ArrayList<>(tests);
            if (pass > 1) {
                Collections.shuffle(order, random);
            }
            long started = System.nanoTime();
            for (String test : order) {
                SummaryGeneratingListener listener = new SummaryGeneratingListener();
                LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
                        .selectors(DiscoverySelectors.selectUniqueId(test)).build(), listener);
                TestExecutionSummary summary = listener.getSummary();
                if (summary.getTotalFailureCount() > 0 || summary.getTestsSucceededCount() != 1) {
                    String why = summary.getFailures().isEmpty() ? "did not run"
                            : String.valueOf(summary.getFailures().getFirst().getException());
                    String line = "pass " + pass + ": " + test + ": " + why.lines().findFirst().orElse("");
                    failures.add(line);
                    System.out.println("rerun: FAILED " + line);
                }
            }
            System.out.printf("rerun: pass %d of %d: %d tests one by one in %.0f s%n", pass, passes, order.size(),
                    (System.nanoTime() - started) / 1e9);
        }
        System.out.println("rerun: " + (failures.isEmpty() ? "every test passed in every pass"
                : failures.size() + " failed:"));
        failures.forEach(line -> System.out.println("  " + line));
        System.exit(failures.isEmpty() ? 0 : 1);
    }
}
