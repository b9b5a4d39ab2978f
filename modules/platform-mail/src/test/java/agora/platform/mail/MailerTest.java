package agora.platform.mail;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which mailer the configuration gives, and what it refuses. */
class MailerTest {

    @Test
    void withoutAHostMailGoesToTheLog() {
        Mailer mailer = Mailer.from(SmtpServer.config(Map.of("from", "no-reply@agora.test")));

        assertEquals("written to the log (set AGORA_MAIL_SMTP_HOST to send it)", mailer.description());
    }

    @Test
    void startTlsIsRequiredOnTheSubmissionPortUnlessSaidOtherwise() {
        assertEquals("SMTP smtp.example.org:587 (STARTTLS required)", mailer(Map.of()).description());
        assertEquals("SMTP smtp.example.org:587 (STARTTLS when offered)",
                mailer(Map.of("smtp.starttls", "optional")).description());
        assertEquals("SMTP smtp.example.org:25 (no TLS)", mailer(Map.of("smtp.starttls", "none")).description());
        assertEquals("SMTP smtp.example.org:2525 (STARTTLS required)", mailer(Map.of("smtp.port", "2525")).description());
    }

    @Test
    void aHostNeedsASender() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> Mailer.from(SmtpServer.config(Map.of("smtp.host", "smtp.example.org"))));
        assertTrue(refused.getMessage().contains("from"), refused.getMessage());
    }

    @Test
    void malformedSettingsAreRefusedAtStartUp() {
        assertThrows(IllegalArgumentException.class, () -> mailer(Map.of("from", "no-reply")));
        assertThrows(IllegalArgumentException.class, () -> mailer(Map.of("from", "a@agora.test, b@agora.test")));
        assertThrows(IllegalArgumentException.class, () -> mailer(Map.of("smtp.starttls", "sometimes")));
        assertThrows(IllegalArgumentException.class, () -> mailer(Map.of("smtp.port", "70000")));
        assertThrows(IllegalArgumentException.class, () -> mailer(Map.of("smtp.username", "agora")));
        assertThrows(IllegalArgumentException.class, () -> mailer(Map.of("smtp.password", "s3cret")));
        assertThrows(IllegalArgumentException.class, () -> mailer(Map.of("smtp.port", "smtp")));
        assertThrows(IllegalArgumentException.class, () -> mailer(Map.of("timeout", "PT0S")));
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> mailer(Map.of("timeout", "10s")));
        assertTrue(refused.getMessage().contains("PT10S"), refused.getMessage());
    }

    private static Mailer mailer(Map<String, String> extra) {
        Map<String, String> keys = new HashMap<>(Map.of("smtp.host", "smtp.example.org", "from", "Agora <no-reply@agora.test>"));
        keys.putAll(extra);
        return Mailer.from(SmtpServer.config(keys));
    }
}
