package agora.platform.mail;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

import io.helidon.config.Config;
import io.helidon.config.ConfigMappingException;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

/**
 * The SMTP settings under the node a service hands over ({@code agora.mail} in the services):
 *
 * <pre>
 * smtp:
 *   host: smtp.example.org     # none: mail goes to the log
 *   port: 587                  # default 587, or 25 with starttls none
 *   starttls: required         # none | optional | required (default)
 *   username: agora            # optional; then password too
 *   password: …                # from the environment: AGORA_MAIL_SMTP_PASSWORD
 * from: "Agora &lt;no-reply@example.org&gt;"  # required with a host
 * timeout: PT10S               # connect, read and write, each
 * </pre>
 *
 * <p>STARTTLS is required unless configured otherwise, so credentials and links never cross the
 * network in clear by accident; {@code none} is for a relay on the same host.
 *
 * @param host        the SMTP server
 * @param port        its port
 * @param startTls    whether the connection turns to TLS
 * @param credentials for SMTP AUTH, when the server wants them
 * @param from        the sender, perhaps with a display name
 * @param timeout     the longest wait to connect, and for each read and write
 */
record MailConfig(String host, int port, StartTls startTls, Optional<Credentials> credentials,
                  String from, Duration timeout) {
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    /** Whether and how the connection is upgraded to TLS. */
    enum StartTls {
        /** Plain text: a relay on the same host or network. */
        NONE,
        /** TLS when the server offers it; a man in the middle can suppress the offer. */
        OPTIONAL,
        /** TLS or no mail. */
        REQUIRED
    }

    /**
     * SMTP AUTH credentials; the password stays out of {@code toString()}, and so out of logs.
     *
     * @param username the user
     * @param password the password
     */
    record Credentials(String username, String password) {
        @Override
        public String toString() {
            return "Credentials[username=" + username + ", password=***]";
        }
    }

    /**
     * The SMTP settings, or empty when no host is configured.
     *
     * @param mail the mail node
     * @return the settings
     * @throws IllegalArgumentException when a value is missing or malformed
     */
    static Optional<MailConfig> from(Config mail) {
        Optional<String> host = nonBlank(mail.get("smtp.host"));
        if (host.isEmpty()) {
            return Optional.empty();
        }
        StartTls startTls = nonBlank(mail.get("smtp.starttls"))
                .map(value -> startTls(key(mail, "smtp.starttls"), value))
                .orElse(StartTls.REQUIRED);
        int port = mapped(mail.get("smtp.port"), Integer.class, "a port number")
                .orElse(startTls == StartTls.NONE ? 25 : 587);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(key(mail, "smtp.port") + " must be 1-65535, not " + port);
        }
        Optional<String> username = nonBlank(mail.get("smtp.username"));
        Optional<String> password = mail.get("smtp.password").asString().asOptional().filter(p -> !p.isEmpty());
        if (username.isPresent() != password.isPresent()) {
            throw new IllegalArgumentException(key(mail, "smtp.username") + " and " + key(mail, "smtp.password")
                    + " go together (the password from the environment)");
        }
        String from = nonBlank(mail.get("from")).orElseThrow(() -> new IllegalArgumentException(
                key(mail, "from") + " (the sender's address) is required when " + key(mail, "smtp.host") + " is set"));
        if (!isSender(from)) {
            throw new IllegalArgumentException(key(mail, "from") + " is not a mail address: " + from);
        }
        Duration timeout = mapped(mail.get("timeout"), Duration.class, "an ISO-8601 duration such as PT10S")
                .orElse(DEFAULT_TIMEOUT);
        if (timeout.isNegative() || timeout.isZero() || timeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(key(mail, "timeout") + " must be positive, not " + timeout);
        }
        return Optional.of(new MailConfig(host.get(), port, startTls,
                username.map(u -> new Credentials(u, password.get())), from, timeout));
    }

    private static StartTls startTls(String key, String value) {
        try {
            return StartTls.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + " must be none, optional or required, not " + value);
        }
    }

    /** The sender may carry a display name ({@code Agora <no-reply@example.org>}); the address inside must be bare. */
    private static boolean isSender(String from) {
        try {
            return Mail.isAddress(new InternetAddress(from, true).getAddress());
        } catch (AddressException e) {
            return false;
        }
    }

    /** Helidon's mapping failure, as this module reports every malformed value. */
    private static <T> Optional<T> mapped(Config node, Class<T> type, String expected) {
        try {
            return node.as(type).asOptional();
        } catch (ConfigMappingException e) {
            throw new IllegalArgumentException(node.key() + " must be " + expected + ", not "
                    + node.asString().orElse(""), e);
        }
    }

    private static Optional<String> nonBlank(Config node) {
        return node.asString().asOptional().map(String::strip).filter(value -> !value.isEmpty());
    }

    private static String key(Config mail, String child) {
        return mail.get(child).key().toString();
    }
}
