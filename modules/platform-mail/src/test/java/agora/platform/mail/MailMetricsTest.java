package agora.platform.mail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Metrics;
import io.helidon.metrics.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Sent and failed mails show in the process's meters, by mailer. */
class MailMetricsTest {

    @Test
    void aLoggedMailCountsAsSent() {
        long before = count("agora.mail.sent", "log");

        Mailer.from(SmtpServer.config(Map.of())).send(new Mail("member@agora.test", "Welcome", "Hello"));

        assertEquals(before + 1, count("agora.mail.sent", "log"));
    }

    @Test
    void aMailTheServerDidNotTakeCountsAsFailed() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Mailer mailer = Mailer.from(SmtpServer.config(Map.of("smtp.host", "127.0.0.1", "smtp.port", Integer.toString(port),
                "smtp.starttls", "none", "from", "no-reply@agora.test")));
        long sent = count("agora.mail.sent", "smtp");
        long failed = count("agora.mail.failed", "smtp");

        assertThrows(MailUnavailableException.class, () -> mailer.send(new Mail("member@agora.test", "Welcome", "Hello")));

        assertEquals(failed + 1, count("agora.mail.failed", "smtp"));
        assertEquals(sent, count("agora.mail.sent", "smtp"));
    }

    private static long count(String meter, String mailer) {
        return Metrics.globalRegistry().counter(meter, List.of(Tag.create("mailer", mailer))).map(Counter::count).orElse(0L);
    }
}
