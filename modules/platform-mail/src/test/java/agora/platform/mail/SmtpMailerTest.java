package agora.platform.mail;

import java.util.Locale;
import java.util.Map;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Mail over SMTP, against a real server on the loopback interface. */
class SmtpMailerTest {
    @RegisterExtension
    final GreenMailExtension server = SmtpServer.extension();

    @Test
    void aMailArrivesWithItsRecipientSubjectAndBodyIntact() throws Exception {
        Mailer mailer = Mailer.from(SmtpServer.mailNode(server, Map.of()));
        String body = "Hej Søren,\n\nbekræft din e-mailadresse: https://agora.test/verify?t=æøå\n\nVenlig hilsen\nÆØÅ";

        mailer.send(new Mail("soren@agora.test", "Bekræft din e-mail – Agora", body));

        assertTrue(server.waitForIncomingEmail(5_000, 1));
        MimeMessage received = server.getReceivedMessages()[0];
        assertArrayEquals(new Address[] {new InternetAddress("soren@agora.test")},
                received.getRecipients(Message.RecipientType.TO));
        assertArrayEquals(new Address[] {new InternetAddress("no-reply@agora.test", "Agora")}, received.getFrom());
        assertEquals("Bekræft din e-mail – Agora", received.getSubject());
        assertEquals(body, ((String) received.getContent()).replace("\r\n", "\n"));
        assertTrue(received.getContentType().toLowerCase(Locale.ROOT).contains("charset=utf-8"), received.getContentType());
    }

    @Test
    void thePasswordComesFromTheEnvironment() {
        // The pom gives the test JVM AGORA_MAIL_SMTP_PASSWORD, as an operator gives it a service.
        server.setUser("no-reply@agora.test", "agora", "s3cret-from-the-environment");
        Config root = Config.just(ConfigSources.environmentVariables(), ConfigSources.create(Map.of(
                "agora.mail.smtp.host", "127.0.0.1",
                "agora.mail.smtp.port", Integer.toString(server.getSmtp().getPort()),
                "agora.mail.smtp.starttls", "none",
                "agora.mail.smtp.username", "agora",
                "agora.mail.from", "no-reply@agora.test")));
        Mailer mailer = Mailer.from(root.get("agora.mail"));

        mailer.send(new Mail("member@agora.test", "Welcome", "Hello"));

        assertTrue(server.waitForIncomingEmail(5_000, 1));
        assertEquals("SMTP 127.0.0.1:" + server.getSmtp().getPort() + " (no TLS) as agora", mailer.description());
    }

    @Test
    void aWrongPasswordIsRefused() {
        server.setUser("no-reply@agora.test", "agora", "s3cret");
        Mailer mailer = Mailer.from(SmtpServer.mailNode(server, Map.of(
                "smtp.username", "agora", "smtp.password", "wrong")));

        MailUnavailableException refused = assertThrows(MailUnavailableException.class,
                () -> mailer.send(new Mail("member@agora.test", "Welcome", "Hello")));
        assertInstanceOf(AuthenticationFailedException.class, refused.getCause());
        assertEquals(0, server.getReceivedMessages().length);
    }

    @Test
    void requiredStartTlsSendsNothingToAServerWithoutIt() {
        Mailer mailer = Mailer.from(SmtpServer.mailNode(server, Map.of("smtp.starttls", "required")));

        MailUnavailableException refused = assertThrows(MailUnavailableException.class,
                () -> mailer.send(new Mail("member@agora.test", "Welcome", "Hello")));
        assertTrue(refused.getMessage().contains("STARTTLS"), refused.getMessage());
        assertEquals(0, server.getReceivedMessages().length);
    }

    @Test
    void aBadRecipientIsRefusedBeforeAnythingIsSent() {
        Mailer mailer = Mailer.from(SmtpServer.mailNode(server, Map.of()));

        assertThrows(IllegalArgumentException.class, () -> mailer.send(new Mail("not an address", "Welcome", "Hello")));
        assertEquals(0, server.getReceivedMessages().length);
    }
}
