package agora.platform.mail;

/**
 * Writes each mail to the log instead of sending it: the embedded default, so that a pod run on a
 * laptop without a mail server still shows the links it would have mailed. Never fails.
 */
final class LogMailer implements Mailer {
    private static final System.Logger LOG = System.getLogger(LogMailer.class.getName());

    @Override
    public void send(Mail mail) {
        LOG.log(System.Logger.Level.INFO, "Mail to {0}, subject \"{1}\" (not sent: no SMTP server configured):\n{2}",
                mail.to(), mail.subject(), mail.body());
    }

    @Override
    public String description() {
        return "written to the log (set AGORA_MAIL_SMTP_HOST to send it)";
    }
}
