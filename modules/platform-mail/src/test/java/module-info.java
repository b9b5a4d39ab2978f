/**
 * Tests of mail on the module path, against a real SMTP server (GreenMail) started per test.
 *
 * <p>GreenMail ships no module descriptor: {@code greenmail} and {@code greenmail.junit5} are
 * automatic modules, required here by their derived names. GreenMail's own dependency on Angus'
 * all-in-one {@code jakarta.mail} jar is excluded in the parent pom: that jar is also called
 * {@code jakarta.mail} and repeats Angus' packages, so it would clash with the API and
 * implementation jars the main module uses. {@code java.logging}: the log mailer's test reads
 * the log.
 *
 * <p>Surefire starts the tests with {@code --add-modules ALL-MODULE-PATH}, so they do not show
 * that service binding alone finds Angus; the main module-info says how that was checked.
 */
open module agora.platform.mail {
    requires transitive io.helidon.config;
    requires io.helidon.metrics.api;
    requires jakarta.mail;

    requires greenmail;
    requires greenmail.junit5;
    requires java.logging;
    requires agora.platform.testing;
    requires org.junit.jupiter.api;
    requires org.junit.jupiter.params;
    // No exports: an open module's descriptor may only name packages of the test output.
}
