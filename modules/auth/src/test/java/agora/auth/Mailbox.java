package agora.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/** What the tests' SMTP server received, read by recipient. */
final class Mailbox {
    private static final Pattern TOKEN = Pattern.compile("[?&]token=([A-Za-z0-9_-]+)");

    private final GreenMail mail;

    Mailbox(GreenMail mail) {
        this.mail = mail;
    }

    /** Every mail to an address (ignoring case), oldest first. */
    List<Received> to(String address) {
        return Arrays.stream(mail.getReceivedMessages())
                .filter(message -> recipient(message).equalsIgnoreCase(address))
                .map(Mailbox::received)
                .toList();
    }

    /** The {@code n}th mail (1-based) to an address, waiting up to ten seconds for it. */
    Received nth(String address, int n) {
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

    /**
     * One mail.
     *
     * @param subject its subject
     * @param body    its text
     */
    record Received(String subject, String body) {
        /** The token of the link in the mail, if it has one. */
        Optional<String> token() {
            Matcher matcher = TOKEN.matcher(body);
            return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
        }
    }
}
