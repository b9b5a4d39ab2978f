package agora.platform.mail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** A server that is down or silent costs the caller a bounded wait and a {@link MailUnavailableException}. */
class UnreachableServerTest {
    private static final Mail MAIL = new Mail("member@agora.test", "Welcome", "Hello");

    @Test
    void aClosedPortFailsAtOnce() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Mailer mailer = mailer(port);

        assertTimeoutPreemptively(Duration.ofSeconds(2),
                () -> assertThrows(MailUnavailableException.class, () -> mailer.send(MAIL)));
    }

    @Test
    void aServerThatNeverAnswersFailsWithinTheTimeout() throws IOException {
        // Accepts connections (the backlog completes the handshake) but never sends a greeting.
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Mailer mailer = mailer(silent.getLocalPort());

            // The greeting never comes: one read timeout (1 s), with room for a slow machine.
            assertTimeoutPreemptively(Duration.ofSeconds(5),
                    () -> assertThrows(MailUnavailableException.class, () -> mailer.send(MAIL)));
        }
    }

    @Test
    void aBadRecipientIsRefusedBeforeAnyConnection() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Mailer mailer = mailer(silent.getLocalPort());

            // Were the address checked by the server, this would wait for the silent one's timeout.
            assertTimeoutPreemptively(Duration.ofMillis(500), () -> assertThrows(IllegalArgumentException.class,
                    () -> mailer.send(new Mail("member@", "Welcome", "Hello"))));
        }
    }

    private static Mailer mailer(int port) {
        return Mailer.from(SmtpServer.config(Map.of(
                "smtp.host", InetAddress.getLoopbackAddress().getHostAddress(),
                "smtp.port", Integer.toString(port),
                "smtp.starttls", "none",
                "from", "no-reply@agora.test",
                "timeout", "PT1S")));
    }
}
