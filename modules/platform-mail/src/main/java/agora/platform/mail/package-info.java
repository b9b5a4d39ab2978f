/**
 * Transactional email: build a {@link agora.platform.mail.Mail}, hand it to the process's
 * {@link agora.platform.mail.Mailer}.
 */
package agora.platform.mail;
