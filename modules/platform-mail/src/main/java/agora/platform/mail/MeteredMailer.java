package agora.platform.mail;

import java.util.List;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Meter;
import io.helidon.metrics.api.Metrics;
import io.helidon.metrics.api.Tag;

/**
 * Counts a mailer's mails as sent and failed ({@code agora_mail_sent_total},
 * {@code agora_mail_failed_total}), so a mail server that stops accepting shows on a dashboard
 * before users report missing links. Through Helidon's metrics API only, like every Agora meter.
 */
final class MeteredMailer implements Mailer {
    private final Mailer mailer;
    private final Counter sent;
    private final Counter failed;

    MeteredMailer(String name, Mailer mailer) {
        this.mailer = mailer;
        this.sent = counter("agora.mail.sent", name);
        this.failed = counter("agora.mail.failed", name);
    }

    private static Counter counter(String meter, String mailer) {
        return Metrics.globalRegistry().getOrCreate(Counter.builder(meter)
                .scope(Meter.Scope.APPLICATION)
                .tags(List.of(Tag.create("mailer", mailer))));
    }

    @Override
    public void send(Mail mail) {
        try {
            mailer.send(mail);
        } catch (RuntimeException e) {
            failed.increment();
            throw e;
        }
        sent.increment();
    }

    @Override
    public String description() {
        return mailer.description();
    }
}
