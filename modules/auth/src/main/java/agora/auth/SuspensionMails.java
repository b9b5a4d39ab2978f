package agora.auth;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;
import java.util.Optional;
import java.util.ResourceBundle;

import agora.platform.core.problem.Messages;
import agora.platform.mail.Mail;
import agora.platform.mail.Mailer;

import io.helidon.dbclient.DbExecute;

/**
 * Tells a member that a suspension began (until when and why) and that their account is active
 * again, in the language of their latest sign-in (English when none is known). The mail is composed
 * inside the change's transaction and sent after it; a mail that cannot be sent is logged, never
 * a reason to undo the change.
 */
final class SuspensionMails {
    private static final System.Logger LOG = System.getLogger(SuspensionMails.class.getName());
    private static final Messages TEXTS = Messages.of(locale -> ResourceBundle.getBundle("agora.auth.mails", locale));

    private final Mailer mailer;

    SuspensionMails(Mailer mailer) {
        this.mailer = mailer;
    }

    /** The mail that a suspension began, for an account with an address. */
    Optional<Runnable> suspended(DbExecute db, Account account, SuspensionStore.Term term) {
        Locale language = language(db, account);
        String reason = term.reason().orElseGet(() -> TEXTS.text("suspended.no-reason").in(language));
        String body = term.until()
                .map(until -> TEXTS.text("suspended.body-until", name(account), when(until, language), reason))
                .orElseGet(() -> TEXTS.text("suspended.body", name(account), reason)).in(language);
        return compose(account, TEXTS.text("suspended.subject").in(language), body);
    }

    /** The mail that the account is active again. */
    Optional<Runnable> reactivated(DbExecute db, Account account) {
        Locale language = language(db, account);
        return compose(account, TEXTS.text("reactivated.subject").in(language),
                TEXTS.text("reactivated.body", name(account)).in(language));
    }

    private Optional<Runnable> compose(Account account, String subject, String body) {
        return account.email().map(address -> () -> {
            try {
                mailer.send(new Mail(address, subject, body));
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "A suspension mail could not be sent ({0}); the member sees "
                        + "the suspension when signing in", e.toString());
            }
        });
    }

    private static String name(Account account) {
        return account.displayName().orElse("");
    }

    private static Locale language(DbExecute db, Account account) {
        return SuspensionStore.language(db, account.id()).map(Locale::of).orElse(Locale.ENGLISH);
    }

    /** A moment in the member's language, in UTC (the mail cannot know the reader's zone). */
    static String when(Instant instant, Locale language) {
        return DateTimeFormatter.ofLocalizedDateTime(FormatStyle.LONG, FormatStyle.SHORT).withLocale(language)
                .withZone(ZoneOffset.UTC).format(instant) + " UTC";
    }
}
