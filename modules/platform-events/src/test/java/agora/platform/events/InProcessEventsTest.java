package agora.platform.events;

import java.util.Optional;

import agora.platform.contract.TerritoryCode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The event contract through the in-process bus of a single-process pod. */
class InProcessEventsTest extends EventContract {
    private static Harness harness;

    @BeforeAll
    static void start() {
        harness = Harness.start(Optional.empty(), Harness.uniquePrefix(), TerritoryCode.of("FI"));
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Override
    Harness harness() {
        return harness;
    }
}
