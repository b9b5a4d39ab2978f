package agora.platform.mail;

import io.helidon.config.Config;

/**
 * Sends a service's mails. One per process, made at start-up with {@link #from(Config)} and
 * handed to what sends mail; safe to use from many threads at once.
 */
public interface Mailer {

    /**
     * The mailer the configuration asks for: SMTP when {@code smtp.host} is set under the node,
     * else the log (the embedded default, for a pod run without a mail server). Keys, relative to
     * the node: {@code smtp.host}, {@code smtp.port} (default 587, or 25 without STARTTLS),
     * {@code smtp.starttls} ({@code none}, {@code optional} or {@code required}, the default),
     * {@code smtp.username} and {@code smtp.password}, {@code from} (the sender, required with a
     * host) and {@code timeout} (an ISO-8601 duration, default {@code PT10S}). The password
     * belongs in the environment: for the node {@code agora.mail} that is
     * {@code AGORA_MAIL_SMTP_PASSWORD}, which Helidon's environment source maps onto the key.
     *
     * <p>Sent and failed mails are counted ({@code agora_mail_sent_total},
     * {@code agora_mail_failed_total}, tagged {@code mailer=smtp|log}).
     *
     * @param mail the mail node, {@code agora.mail} in the services
     * @return the mailer
     * @throws IllegalArgumentException when a value is missing or malformed
     */
    static Mailer from(Config mail) {
        return MailConfig.from(mail)
                .map(smtp -> new MeteredMailer("smtp", new SmtpMailer(smtp)))
                .orElseGet(() -> new MeteredMailer("log", new LogMailer()));
    }

    /**
     * Sends the mail, or fails: it returns once the server has accepted the mail, and never
     * retries. Whether a failure matters (and whether to try again later) is the caller's call.
     *
     * @param mail the mail
     * @throws MailUnavailableException when the server cannot be reached within the timeout or
     *                                  refuses the connection, the credentials, sender or recipient
     */
    void send(Mail mail);

    /**
     * One line for the start-up log: where mail goes and how to change it.
     *
     * @return the description
     */
    String description();
}
