package agora.platform.mail;

import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Properties;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.NoSuchProviderException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/**
 * Sends mail to an SMTP server through Jakarta Mail (Angus). Each mail opens its own connection
 * and closes it: transactional mail is rare enough that a pool would only add state, and a fresh
 * connection recovers from a restarted server by itself.
 *
 * <p>Connecting, reading and writing are each bounded by the configured timeout, so a server that
 * does not answer costs the caller at most a few timeouts, never a hung thread.
 */
final class SmtpMailer implements Mailer {
    private static final System.Logger LOG = System.getLogger(SmtpMailer.class.getName());

    private final MailConfig config;
    private final Session session;
    private final InternetAddress from;
    private final String description;

    SmtpMailer(MailConfig config) {
        this.config = config;
        this.session = Session.getInstance(properties(config));
        try {
            this.from = new InternetAddress(config.from(), true);
            // Fails at start-up, not at the first mail, without an SMTP implementation (Angus):
            // Session.getInstance above already fails without any, this without an SMTP one.
            session.getProvider("smtp");
        } catch (AddressException e) {
            throw new IllegalArgumentException("not a sender address: " + config.from(), e);
        } catch (NoSuchProviderException e) {
            throw new IllegalStateException("no SMTP implementation found (org.eclipse.angus.mail)", e);
        }
        this.description = "SMTP " + config.host() + ":" + config.port() + switch (config.startTls()) {
            case NONE -> " (no TLS)";
            case OPTIONAL -> " (STARTTLS when offered)";
            case REQUIRED -> " (STARTTLS required)";
        } + config.credentials().map(c -> " as " + c.username()).orElse("");
    }

    private static Properties properties(MailConfig config) {
        String timeout = Long.toString(config.timeout().toMillis());
        Properties properties = new Properties();
        properties.setProperty("mail.smtp.host", config.host());
        properties.setProperty("mail.smtp.port", Integer.toString(config.port()));
        properties.setProperty("mail.smtp.connectiontimeout", timeout);
        properties.setProperty("mail.smtp.timeout", timeout);
        properties.setProperty("mail.smtp.writetimeout", timeout);
        properties.setProperty("mail.smtp.auth", Boolean.toString(config.credentials().isPresent()));
        boolean tls = config.startTls() != MailConfig.StartTls.NONE;
        properties.setProperty("mail.smtp.starttls.enable", Boolean.toString(tls));
        properties.setProperty("mail.smtp.starttls.required", Boolean.toString(config.startTls() == MailConfig.StartTls.REQUIRED));
        // Angus checks the certificate against the host name by default; said here so it stays so.
        properties.setProperty("mail.smtp.ssl.checkserveridentity", "true");
        return properties;
    }

    @Override
    public void send(Mail mail) {
        MimeMessage message = message(mail);
        Transport transport;
        try {
            transport = session.getTransport("smtp");
        } catch (NoSuchProviderException e) {
            throw new IllegalStateException("no SMTP implementation found", e);
        }
        try {
            transport.connect(config.host(), config.port(),
                    config.credentials().map(MailConfig.Credentials::username).orElse(null),
                    config.credentials().map(MailConfig.Credentials::password).orElse(null));
            transport.sendMessage(message, message.getAllRecipients());
        } catch (MessagingException e) {
            throw new MailUnavailableException("SMTP " + config.host() + ":" + config.port()
                    + " did not accept the mail: " + e.getMessage(), e);
        } finally {
            close(transport);
        }
    }

    private MimeMessage message(Mail mail) {
        try {
            MimeMessage message = new MimeMessage(session);
            message.setFrom(from);
            message.setRecipient(Message.RecipientType.TO, new InternetAddress(mail.to(), true));
            message.setSubject(mail.subject(), StandardCharsets.UTF_8.name());
            message.setText(mail.body(), StandardCharsets.UTF_8.name());
            message.setSentDate(new Date());
            message.saveChanges();
            return message;
        } catch (MessagingException e) {
            // Mail has checked the address and the rest is text: nothing here depends on the server.
            throw new IllegalStateException("cannot build a message", e);
        }
    }

    /** Once the server has accepted the mail it is sent; a failing goodbye must not say otherwise. */
    private static void close(Transport transport) {
        try {
            transport.close();
        } catch (MessagingException e) {
            LOG.log(System.Logger.Level.DEBUG, "SMTP close failed", e);
        }
    }

    @Override
    public String description() {
        return description;
    }
}
