/**
 * Transactional email (verification links, password resets): a {@link agora.platform.mail.Mailer}
 * that sends over SMTP when a server is configured and writes each mail to the log when none is,
 * so a pod started with nothing installed still shows what it would have sent.
 *
 * <p>Helidon's config type appears in {@link agora.platform.mail.Mailer#from}, so it is required
 * transitively. Jakarta Mail stays behind this module: callers see only
 * {@link agora.platform.mail.Mail}, {@link agora.platform.mail.Mailer} and
 * {@link agora.platform.mail.MailUnavailableException}.
 *
 * <p>Every mail jar is a named module: {@code jakarta.mail} (the API), {@code jakarta.activation},
 * and their implementations {@code org.eclipse.angus.mail} and {@code org.eclipse.angus.activation}.
 * The implementations are deliberately not required: the APIs declare {@code uses} for their
 * providers ({@code jakarta.mail.Provider}, {@code jakarta.mail.util.StreamProvider},
 * {@code jakarta.activation.spi.MailcapRegistryProvider}), the Angus modules declare
 * {@code provides … with}, and service binding at start-up puts them in the module graph whenever
 * they are on the module path (checked here with a plain {@code java -p … -m}, without
 * {@code --add-modules}: the mail went out). Without Angus, Jakarta Mail fails when the
 * {@link agora.platform.mail.Mailer} is made, at start-up. {@code org.eclipse.angus.mail}
 * requires {@code java.desktop}, so an image that sends mail links that JDK module.
 */
module agora.platform.mail {
    requires transitive io.helidon.config;
    requires io.helidon.metrics.api;
    requires jakarta.mail;

    exports agora.platform.mail;
}
