package agora.platform.mail;

/**
 * A mail could not be handed to the SMTP server: it cannot be reached within the timeout, or it
 * refused the connection, the credentials, the sender or the recipient. The mail was not sent.
 *
 * <p>Unchecked, and deliberately not a problem+json exception: the caller decides what a failed
 * mail means. A sign-up may keep the account and offer to resend the link, a password reset may
 * answer 503; left uncaught in a handler it becomes a plain 500.
 */
public final class MailUnavailableException extends RuntimeException {

    /**
     * The server failed. Public so that a caller's tests can stand in a failing {@link Mailer}.
     *
     * @param message what failed
     * @param cause   what the mail client reported
     */
    public MailUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
