package agora.platform.events;

import java.util.Optional;

import agora.platform.contract.TerritoryCode;
import agora.platform.testing.Leftovers;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The event contract through NATS JetStream on this machine (127.0.0.1:4222, or AGORA_TEST_NATS_URL). */
class JetStreamEventsTest extends EventContract {
    static final String NATS = Optional.ofNullable(System.getenv("AGORA_TEST_NATS_URL")).orElse("nats://127.0.0.1:4222");

    private static Harness harness;
    private static String prefix;

    @BeforeAll
    static void start() {
        prefix = Harness.uniquePrefix();
        harness = Harness.start(Optional.of(NATS), prefix, TerritoryCode.of("IS"));
    }

    @AfterAll
    static void stop() throws Exception {
        harness.close();
        Leftovers.deleteStreams(NATS, prefix);
    }

    @Override
    Harness harness() {
        return harness;
    }
}
