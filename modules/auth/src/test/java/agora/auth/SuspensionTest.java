package agora.auth;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import agora.auth.api.AccountSuspensions;
import agora.auth.api.AccountSuspensions.ModerationSuspension;
import agora.platform.host.testing.Member;
import agora.platform.testing.Body;
import agora.platform.host.testing.Eventually;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Suspensions with terms: they end by themselves at their end (through the durable timer, the
 * test clock moved instead of waiting), overlap, are lifted one by one, and are told to the member
 * by mail and at sign-in; a suspended member's session is restricted to the routes that admit it.
 */
class SuspensionTest {
    private static final String PASSWORD = Member.PASSWORD;
    private static AuthHarness harness;
    private static Member firstAdmin;
    /** Signed in afresh by each test: tests move the clock by hours, past any earlier token. */
    private Member admin;

    @BeforeAll
    static void start() {
        harness = AuthHarness.shared("BG", Map.of("agora.timers.poll-interval", "PT0.1S"));
        firstAdmin = harness.admin();
    }

    @org.junit.jupiter.api.BeforeEach
    void signIn() {
        admin = harness.signedInAgain(firstAdmin);
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void aSuspensionWithATermEndsByItselfAtItsEndWithEventsAndMailsInTheMembersLanguage() {
        Member member = harness.member(admin);
        // The member's latest sign-in was in Danish: the mails no request carries are in Danish.
        harness.post("/api/auth/login", null, Body.of("email", member.email(), "password", PASSWORD),
                "Accept-Language", "da");
        Instant until = harness.clock.instant().plus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS);
        HttpResponse<String> suspended = harness.post("/api/auth/accounts/" + member.id() + "/suspend", admin.access(),
                Body.of("reason", "Spam in the forum", "until", until.toString()));
        assertEquals(200, suspended.statusCode(), suspended.body());
        JsonNode view = harness.json(suspended);
        assertEquals("suspended", view.get("status").asText());
        assertEquals(until, Instant.parse(view.get("suspension").get("until").asText()));
        assertEquals("Spam in the forum", view.get("suspension").get("reason").asText());
        HttpResponse<String> refused = AuthHarness.within(Duration.ofSeconds(1), () -> harness.other(member.access()),
                response -> response.statusCode() == 403);
        assertEquals("account-suspended", harness.json(refused).get("code").asText());
        var mail = harness.mail.to(member.email()).getLast();
        assertEquals("Din Agora-konto er suspenderet", mail.subject());
        assertTrue(mail.body().contains("Spam in the forum"), mail.body());
        assertTrue(mail.body().contains("Member " + member.email().substring(0, member.email().indexOf('@'))),
                "addressed by the member's display name: " + mail.body());
        String danishEnd = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.LONG, FormatStyle.SHORT)
                .withLocale(Locale.of("da")).withZone(ZoneOffset.UTC).format(until) + " UTC";
        assertTrue(mail.body().contains(danishEnd), "until when, in Danish (" + danishEnd + "): " + mail.body());

        JsonNode event = events(member.id(), "account_suspended").getLast();
        assertEquals("manual", event.get("cause").asText());
        assertEquals(admin.id().toString(), event.get("suspendedBy").asText());
        assertEquals(until, Instant.parse(event.get("until").asText()));

        harness.clock.advance(Duration.ofMinutes(119));
        admin = harness.signedInAgain(firstAdmin);
        assertEquals("suspended", status(member.id()), "not before its end");
        harness.clock.advance(Duration.ofMinutes(1));
        AuthHarness.within(Duration.ofSeconds(5), () -> harness.get("/api/auth/accounts/" + member.id(), admin.access()),
                response -> harness.json(response).get("status").asText().equals("active"));
        JsonNode reactivated = events(member.id(), "account_reactivated").getLast();
        assertEquals("expired", reactivated.get("how").asText());
        assertEquals("manual", reactivated.get("cause").asText());
        assertEquals(until, Instant.parse(reactivated.get("until").asText()));
        assertTrue(reactivated.get("reactivatedBy").isNull(), reactivated.toString());
        Eventually.within(Duration.ofSeconds(1), () -> harness.mail.to(member.email()).getLast(),
                last -> last.subject().equals("Din Agora-konto er aktiv igen"));
        // The member signs in again, to a full session that every service lets in.
        JsonNode login = harness.login(member.email(), PASSWORD);
        assertTrue(login.get("scope").isNull(), login.toString());
        AuthHarness.within(Duration.ofSeconds(1), () -> harness.other(login.get("accessToken").asText()),
                response -> response.statusCode() == 200);
    }

    @Test
    void overlappingSuspensionsKeepTheAccountSuspendedUntilTheLastOneEnds() {
        Member member = harness.member(admin);
        AccountSuspensions moderation = harness.pod.host().facts(AccountSuspensions.class);
        Instant now = harness.clock.instant().truncatedTo(ChronoUnit.SECONDS);
        harness.post("/api/auth/accounts/" + member.id() + "/suspend", admin.access(),
                Body.of("until", now.plus(Duration.ofHours(1)).toString()));
        UUID decision = UUID.randomUUID();
        UUID moderator = UUID.randomUUID();
        var strike = moderation.suspend(harness.territory, new ModerationSuspension(member.id(), decision, moderator,
                Optional.of(now.plus(Duration.ofHours(3))), "Third strike"));
        assertEquals(member.id(), strike.userId());
        assertFalse(strike.ended());
        assertEquals(strike.suspensionId(), moderation.suspend(harness.territory, new ModerationSuspension(member.id(),
                decision, moderator, Optional.of(now.plus(Duration.ofHours(9))), "Again")).suspensionId(),
                "one suspension per decision");

        harness.clock.advance(Duration.ofHours(1).plusMinutes(1));
        Eventually.within(Duration.ofSeconds(5), () -> events(member.id(), "suspension_ended"), ended -> ended.size() == 1);
        assertEquals("suspended", status(member.id()), "the strike's suspension still stands");
        assertTrue(events(member.id(), "suspension_ended").getFirst().get("accountSuspended").asBoolean());
        JsonNode login = harness.login(member.email(), PASSWORD);
        assertEquals("Third strike", login.get("suspension").get("reason").asText());
        assertEquals(now.plus(Duration.ofHours(3)), Instant.parse(login.get("suspension").get("until").asText()));

        harness.clock.advance(Duration.ofHours(2));
        Eventually.within(Duration.ofSeconds(5), () -> status(member.id()), "active"::equals);
        JsonNode reactivated = events(member.id(), "account_reactivated").getLast();
        assertEquals("moderation", reactivated.get("cause").asText());
        assertEquals(decision.toString(), reactivated.get("decisionId").asText());
        admin = harness.signedInAgain(firstAdmin);
        JsonNode audited = harness.audited(admin, member.id(), "auth.account.reactivated").get(0).get("details");
        assertEquals(decision.toString(), audited.get("decision").asText(), "the audit names the decision: " + audited);
    }

    @Test
    void aDeletedAccountCannotBeSuspended() {
        Member member = harness.member(admin);
        assertEquals(204, harness.delete("/api/auth/account", member.access(), Body.of("password", PASSWORD))
                .statusCode());
        HttpResponse<String> manual = harness.post("/api/auth/accounts/" + member.id() + "/suspend", admin.access(),
                Body.of("reason", "Spam"));
        assertEquals(404, manual.statusCode(), manual.body());
        assertEquals("account-not-found", harness.json(manual).get("code").asText());
        var problem = org.junit.jupiter.api.Assertions.assertThrows(agora.platform.core.problem.ProblemException.class,
                () -> strike(member, UUID.randomUUID(), Optional.empty(), "Threats"));
        assertEquals(404, problem.kind().status());
        assertEquals("deleted", status(member.id()));
        assertTrue(events(member.id(), "account_suspended").isEmpty(), "nothing was imposed");
    }

    @Test
    void liftingOneSuspensionLeavesTheOthersAndReactivationLiftsOnlyTheManualOne() {
        Member member = harness.member(admin);
        AccountSuspensions moderation = moderation();
        UUID decision = UUID.randomUUID();
        strike(member, decision, Optional.empty(), "Threats");
        harness.post("/api/auth/accounts/" + member.id() + "/suspend", admin.access(), Body.of("reason", "Spam"));

        HttpResponse<String> reactivated = harness.post("/api/auth/accounts/" + member.id() + "/reactivate",
                admin.access(), (JsonNode) null);
        assertEquals(200, reactivated.statusCode(), reactivated.body());
        assertEquals("suspended", harness.json(reactivated).get("status").asText(), "the decision's suspension stands");
        assertEquals("Threats", harness.json(reactivated).get("suspension").get("reason").asText());
        assertEquals(403, harness.other(member.access()).statusCode());

        harness.post("/api/auth/accounts/" + member.id() + "/suspend", admin.access(), Body.of("reason", "Spam"));
        var lifted = moderation.lift(harness.territory, decision, admin.id());
        assertTrue(lifted.lifted());
        assertTrue(lifted.accountSuspended(), "the manual suspension stands");
        assertFalse(moderation.lift(harness.territory, decision, admin.id()).lifted(), "lifted once");
        assertTrue(moderation.suspend(harness.territory, new ModerationSuspension(member.id(), decision, admin.id(),
                Optional.empty(), "Threats")).ended(), "a decision's suspension is not imposed again once lifted");
        assertFalse(moderation.lift(harness.territory, UUID.randomUUID(), admin.id()).lifted());
        assertEquals("suspended", status(member.id()));

        int mails = harness.mail.to(member.email()).size();
        harness.post("/api/auth/accounts/" + member.id() + "/reactivate", admin.access(), (JsonNode) null);
        assertEquals("active", status(member.id()));
        Eventually.within(Duration.ofSeconds(1), () -> harness.mail.to(member.email()),
                sent -> sent.size() == mails + 1 && sent.getLast().subject().equals("Your Agora account is active again"));
        JsonNode event = events(member.id(), "account_reactivated").getLast();
        assertEquals(admin.id().toString(), event.get("reactivatedBy").asText());
        assertEquals("lifted", event.get("how").asText());
    }

    @Test
    void aSuspendedMemberSignsInToARestrictedSessionThatReachesOnlyTheRoutesThatAdmitIt() {
        Member member = harness.member(admin);
        Instant until = harness.clock.instant().plus(Duration.ofDays(3)).truncatedTo(ChronoUnit.SECONDS);
        harness.post("/api/auth/accounts/" + member.id() + "/suspend", admin.access(),
                Body.of("reason", "Harassment", "until", until.toString()));
        JsonNode login = harness.login(member.email(), PASSWORD);
        assertEquals("appeal", login.get("scope").asText());
        assertEquals("appeal", harness.audited(admin, UUID.fromString(login.get("sessionId").asText()),
                "auth.login.succeeded").get(0).get("details").get("scope").asText(), "the audit says the session is restricted");
        assertEquals(until, Instant.parse(login.get("suspension").get("until").asText()));
        assertEquals("Harassment", login.get("suspension").get("reason").asText());
        String restricted = login.get("accessToken").asText();

        HttpResponse<String> me = harness.get("/api/auth/me", restricted);
        assertEquals(200, me.statusCode(), me.body());
        assertEquals("suspended", harness.json(me).get("status").asText());
        assertEquals("Harassment", harness.json(me).get("suspension").get("reason").asText());
        HttpResponse<String> appeal = harness.other(Probe.APPEAL, restricted);
        assertEquals(200, appeal.statusCode(), appeal.body());
        assertTrue(harness.json(appeal).get("restricted").asBoolean());
        for (HttpResponse<String> refused : List.of(harness.other(restricted), harness.get("/api/auth/sessions", restricted),
                harness.post("/api/auth/email/verification", restricted, (JsonNode) null))) {
            assertEquals(403, refused.statusCode(), refused.body());
            assertEquals("account-suspended", harness.json(refused).get("code").asText());
        }

        // Refresh keeps the scope, and so does the end of the suspension: only a new login is full.
        JsonNode refreshed = harness.json(harness.post("/api/auth/refresh", null,
                Body.of("refreshToken", login.get("refreshToken").asText())));
        assertEquals("appeal", refreshed.get("scope").asText(), refreshed.toString());
        harness.post("/api/auth/accounts/" + member.id() + "/reactivate", admin.access(), (JsonNode) null);
        JsonNode after = harness.json(harness.post("/api/auth/refresh", null,
                Body.of("refreshToken", refreshed.get("refreshToken").asText())));
        assertEquals("appeal", after.get("scope").asText(), after.toString());
        assertTrue(after.get("suspension").isNull(), "the account is not suspended any more");
        assertEquals(403, harness.other(after.get("accessToken").asText()).statusCode());
        String full = harness.login(member.email(), PASSWORD).get("accessToken").asText();
        AuthHarness.within(Duration.ofSeconds(1), () -> harness.other(full), response -> response.statusCode() == 200);
    }

    @Test
    void aNewlySuspendedAccountsFullSessionsLoseFullAccessWithinASecondEverywhere() {
        Member member = harness.member(admin);
        assertEquals(200, harness.other(Probe.APPEAL, member.access()).statusCode());
        harness.post("/api/auth/accounts/" + member.id() + "/suspend", admin.access(), (JsonNode) null);
        AuthHarness.within(Duration.ofSeconds(1), () -> harness.other(member.access()),
                response -> response.statusCode() == 403);
        AuthHarness.within(Duration.ofSeconds(1), () -> harness.other(Probe.APPEAL, member.access()),
                response -> response.statusCode() == 403);
        HttpResponse<String> refresh = harness.post("/api/auth/refresh", null, Body.of("refreshToken", member.refresh()));
        assertEquals(401, refresh.statusCode());
        assertEquals("session-revoked", harness.json(refresh).get("code").asText());
    }

    @Test
    void aTermMustLieAheadAndBeATimeAndModerationMustGiveAReason() {
        Member member = harness.member(admin);
        HttpResponse<String> past = harness.post("/api/auth/accounts/" + member.id() + "/suspend", admin.access(),
                Body.of("until", harness.clock.instant().minusSeconds(1).toString()));
        assertEquals(422, past.statusCode(), past.body());
        assertEquals("/until", harness.json(past).get("errors").get(0).get("pointer").asText());
        HttpResponse<String> garbled = harness.post("/api/auth/accounts/" + member.id() + "/suspend", admin.access(),
                Body.of("until", "next tuesday"));
        assertEquals(422, garbled.statusCode(), garbled.body());
        assertEquals("invalid-time", harness.json(garbled).get("errors").get(0).get("code").asText());
        assertEquals("active", status(member.id()));
        AccountSuspensions moderation = harness.pod.host().facts(AccountSuspensions.class);
        var problem = org.junit.jupiter.api.Assertions.assertThrows(agora.platform.core.problem.ProblemException.class,
                () -> moderation.suspend(harness.territory, new ModerationSuspension(member.id(), UUID.randomUUID(),
                        admin.id(), Optional.empty(), " ")));
        assertEquals(422, problem.kind().status());
        var now = org.junit.jupiter.api.Assertions.assertThrows(agora.platform.core.problem.ProblemException.class,
                () -> moderation.suspend(harness.territory, new ModerationSuspension(member.id(), UUID.randomUUID(),
                        admin.id(), Optional.of(harness.clock.instant()), "Spam")));
        assertEquals(422, now.kind().status(), "a moderation term must lie ahead too");
        var tooLong = org.junit.jupiter.api.Assertions.assertThrows(agora.platform.core.problem.ProblemException.class,
                () -> moderation.suspend(harness.territory, new ModerationSuspension(member.id(), UUID.randomUUID(),
                        admin.id(), Optional.empty(), "x".repeat(Suspensions.MAX_REASON + 1))));
        assertEquals(422, tooLong.kind().status());
        assertEquals("active", status(member.id()));
        moderation.suspend(harness.territory, new ModerationSuspension(member.id(), UUID.randomUUID(), admin.id(),
                Optional.empty(), "x".repeat(Suspensions.MAX_REASON)));
        assertEquals("suspended", status(member.id()), "a reason of the longest length is taken");
    }

    @Test
    void suspendingAgainChangesTheManualTermAndTheSameTermAgainChangesNothing() {
        Member member = harness.member(admin);
        Instant now = harness.clock.instant().truncatedTo(ChronoUnit.SECONDS);
        String path = "/api/auth/accounts/" + member.id() + "/suspend";
        harness.post(path, admin.access(), Body.of("reason", "Spam", "until", now.plus(Duration.ofHours(1)).toString()));
        HttpResponse<String> same = harness.post(path, admin.access(),
                Body.of("reason", "Spam", "until", now.plus(Duration.ofHours(1)).toString()));
        assertEquals(200, same.statusCode(), same.body());
        assertEquals("suspended", harness.json(same).get("status").asText());
        assertEquals(1, events(member.id(), "account_suspended").size(), "the same term again changes nothing");

        HttpResponse<String> longer = harness.post(path, admin.access(),
                Body.of("reason", "Spam, again", "until", now.plus(Duration.ofHours(2)).toString()));
        assertEquals(now.plus(Duration.ofHours(2)), Instant.parse(harness.json(longer).get("suspension").get("until").asText()));
        assertEquals("Spam, again", harness.json(longer).get("suspension").get("reason").asText());
        assertEquals(2, events(member.id(), "account_suspended").size());
        assertEquals(1, harness.json(harness.get("/api/auth/audit?target=" + member.id()
                + "&action=auth.account.suspension-changed", admin.access())).get("items").size());
        harness.clock.advance(Duration.ofMinutes(61));
        admin = harness.signedInAgain(firstAdmin);
        assertEquals("suspended", status(member.id()), "the first term no longer ends it");

        HttpResponse<String> own = harness.post("/api/auth/accounts/" + admin.id() + "/reactivate", admin.access(),
                (JsonNode) null);
        assertEquals(409, own.statusCode());
        assertEquals("own-status", harness.json(own).get("code").asText());
        Member active = harness.member(admin);
        HttpResponse<String> notSuspended = harness.post("/api/auth/accounts/" + active.id() + "/reactivate",
                admin.access(), (JsonNode) null);
        assertEquals(200, notSuspended.statusCode(), notSuspended.body());
        assertEquals("active", harness.json(notSuspended).get("status").asText());
        assertTrue(events(active.id(), "account_reactivated").isEmpty(), "nothing was lifted");
    }

    @Test
    void anUpheldAppealLiftsTheSuspensionAtOnceAndTheMemberIsToldByMail() {
        Member member = harness.member(admin);
        UUID decision = UUID.randomUUID();
        strike(member, decision, Optional.empty(), "Threats");
        var lifted = moderation().lift(harness.territory, decision, admin.id());
        assertTrue(lifted.lifted());
        assertFalse(lifted.accountSuspended());
        assertEquals("Your Agora account is active again", harness.mail.to(member.email()).getLast().subject());
        assertEquals(200, harness.other(harness.login(member.email(), PASSWORD).get("accessToken").asText())
                .statusCode(), "a new sign-in is a full one everywhere");
    }

    @Test
    void aManualSuspensionWithoutReasonOrEndTellsTheModerationReasonAndMailsThatNoneWasGiven() {
        Member member = harness.member(admin);
        strike(member, UUID.randomUUID(), Optional.of(harness.clock.instant().plus(Duration.ofHours(1))), "Threats");
        HttpResponse<String> manual = harness.post("/api/auth/accounts/" + member.id() + "/suspend", admin.access(),
                (JsonNode) null);
        JsonNode suspension = harness.json(manual).get("suspension");
        assertTrue(suspension.path("until").isMissingNode() || suspension.get("until").isNull(), suspension.toString());
        assertEquals("Threats", suspension.get("reason").asText(), "the one reason the member was given");

        Member without = harness.member(admin);
        harness.post("/api/auth/accounts/" + without.id() + "/suspend", admin.access(), (JsonNode) null);
        String body = harness.mail.to(without.email()).getLast().body();
        assertTrue(body.contains("no reason was given"), body);
    }

    /** A moderation decision's suspension of a member, decided by this test's admin. */
    private AccountSuspensions.Suspended strike(Member member, UUID decision, Optional<Instant> until, String reason) {
        return moderation().suspend(harness.territory, new ModerationSuspension(member.id(), decision, admin.id(), until,
                reason));
    }

    private static AccountSuspensions moderation() {
        return harness.pod.host().facts(AccountSuspensions.class);
    }

    private static String status(UUID account) {
        return harness.platform.database().inTerritory(harness.territory, db -> db.get(
                "SELECT status FROM auth_accounts WHERE id = ?", account).orElseThrow().column("status").get(String.class));
    }

    /** The data of an account's events of one type, oldest first. */
    static List<JsonNode> events(UUID account, String type) {
        return harness.events(account, "auth." + type);
    }
}
