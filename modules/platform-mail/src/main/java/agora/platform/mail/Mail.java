package agora.platform.mail;

import java.util.Objects;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

/**
 * One plain-text mail to one recipient: what a service sends when it tells a user something
 * (a verification link, a password reset).
 *
 * <p>The recipient is checked here, when the mail is made, so a malformed address fails in the
 * caller before any server is contacted. It must be a bare {@code local@domain} address in ASCII
 * ({@link #isAddress(String)}, for checking a user's input by the same rule): no display name, no
 * group, no second address, at most 254 characters (SMTP's limit). Addresses with non-ASCII characters are refused,
 * because they need SMTPUTF8 on every hop; subject and body may hold any text and are sent as
 * UTF-8. The subject is one line: a line break in it could add headers.
 *
 * @param to      the recipient's address, {@code local@domain}
 * @param subject the subject, one line
 * @param body    the plain-text body
 */
public record Mail(String to, String subject, String body) {

    /**
     * A mail, checked.
     *
     * @throws IllegalArgumentException when the recipient is not a bare address or the subject
     *                                  holds a line break (the message does not repeat the address:
     *                                  it is personal data, and messages end up in logs)
     */
    public Mail {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(body, "body");
        if (!isAddress(to)) {
            throw new IllegalArgumentException("the recipient is not a mail address of the form local@domain");
        }
        if (subject.indexOf('\r') >= 0 || subject.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("the subject holds a line break");
        }
    }

    /**
     * Whether the text is an address a mail can go to: one bare {@code local@domain} in ASCII.
     * For checking a user's input with the same rule before a mail is made (a field error beats
     * a failed mail later).
     *
     * @param address the text
     * @return whether it is
     */
    public static boolean isAddress(String address) {
        if (address.length() > 254 || !address.chars().allMatch(c -> c > ' ' && c < 0x7f)) {
            // Jakarta Mail accepts UTF-8 here, but only servers offering SMTPUTF8 would take it.
            return false;
        }
        try {
            // Strict parsing follows RFC 822; validation insists on the @domain part.
            InternetAddress parsed = new InternetAddress(address, true);
            parsed.validate();
            return !parsed.isGroup() && parsed.getPersonal() == null && address.equals(parsed.getAddress());
        } catch (AddressException e) {
            return false;
        }
    }
}
