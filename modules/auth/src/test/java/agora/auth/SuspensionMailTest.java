package agora.auth;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import agora.auth.api.AccountSuspensions;
import agora.auth.api.AccountSuspensions.ModerationSuspension;
import agora.platform.host.testing.Eventually;
import agora.platform.host.testing.Member;
import agora.platform.host.testing.TestMail;
import agora.platform.testing.Body;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A member is mailed about a suspension's start and end only once the change has committed: a
 * change whose commit fails (here a deferred trigger that fails every commit touching
 * {@code auth_suspensions}, after everything the change does) mails nobody, and the change that
 * then commits mails once, in the member's language.
 */
class SuspensionMailTest {
    private static final String SUSPENDED = "Din Agora-konto er suspenderet";
    private static final String ACTIVE_AGAIN = "Din Agora-konto er aktiv igen";
    private static AuthHarness harness;
    private static Member firstAdmin;
    /** Signed in afresh by each test: a test moves the clock by an hour, past any earlier token. */
    private Member admin;

    @BeforeAll
    static void start() {
        // Not kept between the mutation run's single tests (AuthHarness.shared): the failed commits leave
        // the outbox's retry waiting longer, past what the next run of a test allows for its mail.
        harness = AuthHarness.start("RW", Map.of("agora.timers.poll-interval", "PT0.1S"));
        firstAdmin = harness.admin();
        harness.platform.database().runInTerritory(harness.territory, db -> {
            db.dml("CREATE SEQUENCE IF NOT EXISTS territory_rw.failed_commits");
            // (IF NOT EXISTS, OR REPLACE: the schema outlives the harness in this JVM's database, and the
            // mutation run starts the class again.)
            // Counts each commit it fails (a sequence is not rolled back), so the test knows one was tried.
            db.dml("CREATE OR REPLACE FUNCTION territory_rw.fail_commit() RETURNS trigger LANGUAGE plpgsql AS "
                    + "'BEGIN PERFORM nextval(''territory_rw.failed_commits''); "
                    + "RAISE EXCEPTION ''the commit fails after the change''; END'");
        });
    }

    @BeforeEach
    void signIn() {
        admin = harness.signedInAgain(firstAdmin);
    }

    @AfterEach
    void commitsAgain() {
        harness.platform.database().runInTerritory(harness.territory, db ->
                db.dml("DROP TRIGGER IF EXISTS fail_commit ON auth_suspensions"));
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void aSuspensionEndedByItsTimerIsMailedOnlyOnceItsEndHasCommitted() {
        Member member = danish(harness.member(admin));
        Instant until = harness.clock.instant().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
        harness.client(admin.access()).post("/api/auth/accounts/" + member.id() + "/suspend",
                Body.of("reason", "Spam", "until", until.toString())).expect(200);
        assertEquals(List.of(SUSPENDED), subjects(member));

        failCommitsOn("UPDATE");
        long failedBefore = failedCommits();
        harness.clock.advance(Duration.ofHours(1).plusMinutes(1));
        // The timer fires, ends the suspension in its transaction, and its commit fails: at least twice.
        Eventually.within(Duration.ofSeconds(10), SuspensionMailTest::failedCommits, failed -> failed >= failedBefore + 2);
        assertEquals(List.of(SUSPENDED), subjects(member), "no mail for an end that did not happen");
        assertEquals("suspended", status(member.id()));

        commitsAgain();
        Eventually.within(Duration.ofSeconds(10), () -> status(member.id()), "active"::equals);
        Eventually.within(Duration.ofSeconds(5), () -> subjects(member), subjects -> subjects.size() == 2);
        assertEquals(List.of(SUSPENDED, ACTIVE_AGAIN), subjects(member), "one mail for the end, in Danish");
    }

    @Test
    void aModerationSuspensionWhoseCommitFailsIsNotMailedAndOneThatCommitsIsMailedOnce() {
        Member member = danish(harness.member(admin));
        AccountSuspensions moderation = harness.pod.host().facts(AccountSuspensions.class);
        ModerationSuspension order = new ModerationSuspension(member.id(), UUID.randomUUID(), admin.id(),
                Optional.empty(), "Threats");
        failCommitsOn("INSERT");
        assertThrows(RuntimeException.class, () -> moderation.suspend(harness.territory, order));
        assertEquals(List.of(), subjects(member));
        assertEquals("active", status(member.id()));

        commitsAgain();
        moderation.suspend(harness.territory, order);
        assertEquals(List.of(SUSPENDED), subjects(member));
    }

    /** The member, whose latest sign-in was in Danish: mails that no request carries are in Danish. */
    private static Member danish(Member member) {
        harness.client(null, "Accept-Language", "da").post("/api/auth/login",
                Body.of("email", member.email(), "password", Member.PASSWORD)).expect(200);
        return member;
    }

    /** From now on, every commit that has inserted or updated (the event) a suspension fails. */
    private static void failCommitsOn(String event) {
        harness.platform.database().runInTerritory(harness.territory, db -> db.dml(
                "CREATE CONSTRAINT TRIGGER fail_commit AFTER " + event + " ON auth_suspensions "
                        + "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION territory_rw.fail_commit()"));
    }

    private static long failedCommits() {
        return harness.platform.database().inTerritory(harness.territory, db -> db.get(
                "SELECT CASE WHEN is_called THEN last_value ELSE 0 END AS n FROM territory_rw.failed_commits")
                .orElseThrow().column("n").get(Long.class));
    }

    /** The suspension mails a member got, in Danish (the verification mail at registration aside). */
    private static List<String> subjects(Member member) {
        return harness.mail.to(member.email()).stream().map(TestMail.Received::subject)
                .filter(subject -> subject.equals(SUSPENDED) || subject.equals(ACTIVE_AGAIN)).toList();
    }

    private static String status(UUID account) {
        return harness.platform.database().inTerritory(harness.territory, db -> db.get(
                "SELECT status FROM auth_accounts WHERE id = ?", account).orElseThrow().column("status").get(String.class));
    }
}
