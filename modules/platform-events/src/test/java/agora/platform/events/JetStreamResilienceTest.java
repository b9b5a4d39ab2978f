package agora.platform.events;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import agora.platform.contract.TerritoryCode;
import agora.platform.testing.Leftovers;
import agora.platform.testing.PrivateNats;

import io.nats.client.Connection;
import io.nats.client.Nats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** NATS going away and relays racing each other lose no event and apply none twice. */
class JetStreamResilienceTest {

    @TempDir
    Path store;

    @Test
    void eventsWaitInTheOutboxWhileNatsIsDownAndFlowWhenItIsBack() throws Exception {
        try (PrivateNats nats = new PrivateNats(store)) {
            nats.start();
            try (Harness harness = Harness.start(Optional.of(nats.url()), Harness.uniquePrefix(), TerritoryCode.of("EE"))) {
                String run = "outage-" + Harness.note() + "-";
                for (int i = 0; i < 10; i++) {
                    harness.sell(run + "a", i + 1, run + i);
                }
                Harness.await("the first events are applied", () -> harness.applied(run) == 10);

                nats.stop();
                for (int i = 10; i < 30; i++) {
                    harness.sell(run + "a", i + 1, run + i);
                }
                // An absence has no event to wait for: the relay, woken by each commit, tries at once;
                // half a second gives it room to (wrongly) deliver something.
                Thread.sleep(500);
                assertTrue(harness.unsent() > 0, "events wait in the outbox while NATS is down");
                assertEquals(10, harness.applied(run));

                nats.start();
                Harness.await("every event is applied after NATS returns", () -> harness.applied(run) == 30);
                Harness.await("the outbox is drained", () -> harness.unsent() == 0);
                assertEquals(30, harness.applied(run));
                assertEquals(List.of(), harness.orderViolations);
            }
        }
    }

    @Test
    void twoRelayInstancesRacingPublishEachEventOnce() throws Exception {
        String prefix = Harness.uniquePrefix();
        try (Harness first = Harness.start(Optional.of(JetStreamEventsTest.NATS), prefix, TerritoryCode.of("LV"));
             Harness second = Harness.start(Optional.of(JetStreamEventsTest.NATS), prefix, TerritoryCode.of("LV"))) {
            String run = "race-" + Harness.note() + "-";
            try (ExecutorService producers = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<?>> sales = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    Harness producer = i % 2 == 0 ? first : second;
                    String note = run + i;
                    int aggregate = i % 10;
                    sales.add(producers.submit(() -> producer.sell(run + "agg" + aggregate + "-" + note, 1, note)));
                }
                for (Future<?> sale : sales) {
                    sale.get();
                }
            }
            Harness.await("every event is applied", () -> first.applied(run) == 200);
            Harness.await("the outbox is drained", () -> first.unsent() == 0);
            assertEquals(200, first.applied(run));
            try (Connection connection = Nats.connect(JetStreamEventsTest.NATS)) {
                long messages = connection.jetStreamManagement()
                        .getStreamInfo(prefix.toUpperCase(java.util.Locale.ROOT) + "_LV").getStreamState().getMsgCount();
                assertEquals(200, messages, "each event is in the stream once");
            }
        } finally {
            Leftovers.deleteStreams(JetStreamEventsTest.NATS, prefix);
        }
    }
}
