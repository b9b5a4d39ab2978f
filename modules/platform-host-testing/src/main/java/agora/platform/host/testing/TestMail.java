package agora.platform.host.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/**
 * A real SMTP server (GreenMail) on a free loopback port for one test host, and what it received,
 * read by recipient.
 */
public final class TestMail implements AutoCloseable {
    private static final Pattern TOKEN = Pattern.compile("[?&]token=([A-Za-z0-9_-]+)");

    private final GreenMail mail;
    private final int port;

    private TestMail(GreenMail mail, int port) {
        this.mail = mail;
        this.port = port;
    }

    static TestMail start() {
        int port = freePort();
        GreenMail mail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        return new TestMail(mail, port);
    }

    /** The configuration that sends a process's mail here. */
    Map<String, String> config() {
        return Map.of("agora.mail.smtp.host", "127.0.0.1",
                "agora.mail.smtp.port", String.valueOf(port),
                "agora.mail.smtp.starttls", "none",
                "agora.mail.from", "agora@example.org");
    }

    /**
     * Every mail to an address (ignoring case), oldest first.
     *
     * @param address the recipient
     * @return the mails
     */
    public List<Received> to(String address) {
        return Arrays.stream(mail.getReceivedMessages())
                .filter(message -> recipient(message).equalsIgnoreCase(address))
                .map(TestMail::received)
                .toList();
    }

    /**
     * The {@code n}th mail (1-based) to an address, waiting up to ten seconds for it.
     *
     * @param address the recipient
     * @param n       which mail
     * @return the mail
     */
    public Received nth(String address, int n) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            List<Received> received = to(address);
            if (received.size() >= n) {
                return received.get(n - 1);
            }
            mail.waitForIncomingEmail(200, mail.getReceivedMessages().length + 1);
        }
        throw new AssertionError("fewer than " + n + " mails to " + address);
    }

    /**
     * The token of the link in the newest mail to an address, waiting up to ten seconds for a mail.
     *
     * @param address the recipient
     * @return the token
     */
    public String newestToken(String address) {
        List<Received> received = to(address);
        Received newest = received.isEmpty() ? nth(address, 1) : received.getLast();
        return newest.token().orElseThrow(() -> new AssertionError("no token in " + newest.body()));
    }

    /** How many mails arrived in all. */
    public int count() {
        return mail.getReceivedMessages().length;
    }

    @Override
    public void close() {
        mail.stop();
    }

    private static Received received(MimeMessage message) {
        try {
            return new Received(message.getSubject(), message.getContent().toString());
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String recipient(MimeMessage message) {
        try {
            return message.getAllRecipients()[0].toString();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * One mail.
     *
     * @param subject its subject
     * @param body    its text
     */
    public record Received(String subject, String body) {
        /** The token of the link in the mail, if it has one. */
        public Optional<String> token() {
            Matcher matcher = TOKEN.matcher(body);
            return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
        }
    }
}
