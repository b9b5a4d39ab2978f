package agora.auth;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.ResourceBundle;

import agora.platform.contract.TerritoryCode;
import agora.platform.core.problem.Messages;
import agora.platform.mail.Mail;
import agora.platform.mail.Mailer;

/**
 * Writes and sends the mails of password reset and email change (texts in
 * {@code agora/auth/mails*.properties}). Each is sent after its transaction committed; a mail that
 * cannot be sent is logged, never reported to the caller (the member asks again).
 */
final class RecoveryMails {
    private static final System.Logger LOG = System.getLogger(RecoveryMails.class.getName());
    private static final Messages TEXTS = Messages.of(locale -> ResourceBundle.getBundle("agora.auth.mails", locale));

    private final Mailer mailer;
    private final RecoveryConfig config;

    RecoveryMails(Mailer mailer, RecoveryConfig config) {
        this.mailer = mailer;
        this.config = config;
    }

    /** The reset link, to the account's confirmed address. */
    void reset(TerritoryCode territory, String email, String displayName, String token, Locale language) {
        send("reset", email, language, displayName, link(config.resetLink(), territory, token),
                Math.max(1, config.resetLifetime().toMinutes()));
    }

    /** After a reset or change: the password was changed, and what to do if that was not the owner. */
    void passwordChanged(TerritoryCode territory, String email, String displayName, Locale language) {
        send("password-changed", email, language, displayName, page(config.resetLink(), territory));
    }

    /** The confirmation link, to the new address. */
    void confirmEmailChange(TerritoryCode territory, String newEmail, String displayName, String token,
                            Locale language) {
        send("email-change", newEmail, language, displayName, link(config.emailChangeLink(), territory, token),
                Math.max(1, config.emailChangeLifetime().toHours()));
    }

    /** To the current address: a change to another address was asked for. */
    void emailChangeRequested(TerritoryCode territory, String oldEmail, String displayName, Locale language) {
        send("email-change-requested", oldEmail, language, displayName, page(config.resetLink(), territory));
    }

    /** To the former address: the change went through. */
    void emailChanged(TerritoryCode territory, String oldEmail, String displayName, Locale language) {
        // No reset link here: a reset now mails the new address, which may be the intruder's.
        send("email-changed", oldEmail, language, displayName);
    }

    private void send(String kind, String to, Locale language, Object... args) {
        try {
            mailer.send(new Mail(to, TEXTS.text(kind + ".subject").in(language),
                    TEXTS.text(kind + ".body", args).in(language)));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "The {0} mail could not be sent: {1}", kind, e.toString());
        }
    }

    private static String link(URI page, TerritoryCode territory, String token) {
        return page(page, territory) + "&token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
    }

    private static String page(URI page, TerritoryCode territory) {
        return page + "?territory=" + territory.value();
    }
}
