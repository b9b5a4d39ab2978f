package agora.platform.events;

import java.util.Locale;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;

/** Removes a test's streams, so the shared NATS server keeps nothing of a test run. */
final class Streams {
    private Streams() {
    }

    static void delete(String url, String prefix) throws Exception {
        try (Connection connection = Nats.connect(url)) {
            JetStreamManagement management = connection.jetStreamManagement();
            for (String stream : management.getStreamNames()) {
                if (stream.startsWith(prefix.toUpperCase(Locale.ROOT) + "_")) {
                    management.deleteStream(stream);
                }
            }
        }
    }
}
