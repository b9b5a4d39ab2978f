package agora.platform.mail;

import java.text.MessageFormat;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import agora.platform.testing.LogCapture;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The embedded default: with no SMTP server the mail shows in the log. Here the log is what the
 * user (a developer running a pod on a laptop) reads, so the test reads it too.
 */
class LogMailerTest {

    @Test
    void eachMailIsWrittenToTheLogWithItsRecipientSubjectAndBody() {
        try (LogCapture capture = LogCapture.of("agora.platform.mail.LogMailer")) {
            List<LogRecord> records = capture.records();
            Mailer mailer = Mailer.from(SmtpServer.config(Map.of()));

            mailer.send(new Mail("soren@agora.test", "Bekræft din e-mail", "https://agora.test/verify?t=æøå"));

            assertEquals(1, records.size());
            LogRecord record = records.getFirst();
            assertEquals(Level.INFO, record.getLevel());
            String text = MessageFormat.format(record.getMessage(), record.getParameters());
            assertTrue(text.contains("soren@agora.test"), text);
            assertTrue(text.contains("Bekræft din e-mail"), text);
            assertTrue(text.contains("https://agora.test/verify?t=æøå"), text);
        }
    }
}
