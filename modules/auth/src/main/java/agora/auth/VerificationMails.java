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
 * Writes and sends the email-verification mail. Sent after the registration has committed: a mail
 * server that is down loses no account (the member asks for a new link), and no mail goes out for
 * a registration that was rolled back.
 */
final class VerificationMails {
    private static final System.Logger LOG = System.getLogger(VerificationMails.class.getName());
    private static final Messages TEXTS = Messages.of(locale -> ResourceBundle.getBundle("agora.auth.mails", locale));

    private final Mailer mailer;
    private final URI link;

    VerificationMails(Mailer mailer, URI link) {
        this.mailer = mailer;
        this.link = link;
    }

    void send(TerritoryCode territory, String email, String displayName, String token, Locale language) {
        String url = link + "?territory=" + territory.value() + "&token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
        try {
            mailer.send(new Mail(email, TEXTS.text("verify.subject").in(language),
                    TEXTS.text("verify.body", displayName, url).in(language)));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "The verification mail could not be sent ({0}); the member can ask "
                    + "for a new link", e.toString());
        }
    }
}
