package agora.auth;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import agora.platform.host.testing.Member;
import agora.platform.testing.Body;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Login, refresh-token rotation and reuse detection, cookie mode, logout and the sessions list. */
class SessionTest {
    private static final String PASSWORD = Member.PASSWORD;
    private static AuthHarness harness;
    private static Member admin;

    @BeforeAll
    static void start() {
        harness = AuthHarness.shared("LU", Map.of("agora.auth.refresh.grace", "PT5S",
                "agora.auth.refresh.idle-timeout", "PT1H", "agora.auth.refresh.lifetime", "PT3H"));
        admin = harness.admin();
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void aRefreshIsRefusedOnceTheAccountIsSuspendedEvenWhereItsSessionStillStands() {
        Member member = harness.member(admin());
        // A suspension ends the sessions in the same transaction; the refresh checks the account's
        // status all the same, so a session that outlives a suspension (a path that sets the status
        // alone, a row restored from a backup) cannot mint tokens. Set the status on its own here.
        harness.platform.database().inTerritory(harness.territory, db -> db.dml(
                "UPDATE auth_accounts SET status = 'suspended' WHERE id = ?", member.id()));
        HttpResponse<String> refused = harness.post("/api/auth/refresh", null, Body.of("refreshToken", member.refresh()));
        assertEquals(403, refused.statusCode(), refused.body());
        assertEquals("account-suspended", harness.json(refused).get("code").asText());
        harness.platform.database().inTerritory(harness.territory, db -> db.dml(
                "UPDATE auth_accounts SET status = 'active' WHERE id = ?", member.id()));
        assertEquals(200, harness.post("/api/auth/refresh", null, Body.of("refreshToken", member.refresh())).statusCode(),
                "the same session refreshes once the account is active again");
    }

    @Test
    void theAccessTokenCarriesWhatDesignMdSays() throws Exception {
        Member member = harness.member(admin());
        SignedJWT jwt = SignedJWT.parse(member.access());
        assertEquals("RS256", jwt.getHeader().getAlgorithm().getName());
        assertEquals("at+jwt", jwt.getHeader().getType().getType());
        var claims = jwt.getJWTClaimsSet();
        assertEquals("urn:agora:auth", claims.getIssuer());
        assertEquals(List.of("agora:lu"), claims.getAudience());
        assertEquals(member.id().toString(), claims.getSubject());
        assertEquals(member.login().get("sessionId").asText(), claims.getStringClaim("sid"));
        assertFalse(claims.getJWTID().isBlank());
        assertEquals(600, (claims.getExpirationTime().getTime() - claims.getIssueTime().getTime()) / 1000);
        assertEquals(claims.getIssueTime(), claims.getNotBeforeTime());
        assertTrue(claims.getClaims().keySet().stream().noneMatch(name -> name.contains("perm")), "no permissions");
        assertEquals(List.of("territory-admin"), SignedJWT.parse(admin().access()).getJWTClaimsSet().getStringListClaim("roles"));
        assertEquals("no-store", harness.post("/api/auth/login", null,
                Body.of("email", member.email(), "password", PASSWORD)).headers()
                .firstValue("Cache-Control").orElseThrow());
    }

    @Test
    void anUnknownEmailAndAWrongPasswordGetTheSameAnswer() {
        Member member = harness.member(admin());
        HttpResponse<String> wrong = harness.post("/api/auth/login", null,
                Body.of("email", member.email(), "password", "not the password"));
        HttpResponse<String> unknown = harness.post("/api/auth/login", null,
                Body.of("email", "nobody-" + UUID.randomUUID() + "@example.org", "password", "not the password"));
        assertEquals(401, wrong.statusCode());
        assertEquals(401, unknown.statusCode());
        assertEquals(harness.json(wrong).get("code"), harness.json(unknown).get("code"));
        assertEquals(harness.json(wrong).get("detail"), harness.json(unknown).get("detail"));
        assertEquals("invalid-credentials", harness.json(wrong).get("code").asText());
    }

    @Test
    void aRefreshRotatesTheTokenAndTheOldOneStopsWorkingAfterTheGraceWindow() {
        Member member = harness.member(admin());
        String first = member.refresh();
        JsonNode refreshed = refresh(first);
        String second = refreshed.get("refreshToken").asText();
        assertNotEquals(first, second);
        assertEquals(200, harness.get("/api/auth/me", refreshed.get("accessToken").asText()).statusCode());
        JsonNode third = refresh(second);
        assertNotEquals(second, third.get("refreshToken").asText());

        harness.clock.advance(Duration.ofSeconds(6));
        HttpResponse<String> reused = harness.post("/api/auth/refresh", null, Body.of("refreshToken", first));
        assertEquals(401, reused.statusCode());
        assertEquals("refresh-token-reused", harness.json(reused).get("code").asText());
        // The whole family is gone: the newest refresh token and the session's access tokens too.
        HttpResponse<String> newest = harness.post("/api/auth/refresh", null,
                Body.of("refreshToken", third.get("refreshToken").asText()));
        assertEquals(401, newest.statusCode());
        assertEquals("session-revoked", harness.json(newest).get("code").asText());
        HttpResponse<String> me = harness.get("/api/auth/me", third.get("accessToken").asText());
        assertEquals(401, me.statusCode());
        assertEquals("session-revoked", harness.json(me).get("code").asText());

        // Past the window the old token is a reuse even while its successor lies unused.
        Member unused = harness.member(admin());
        String successor = refresh(unused.refresh()).get("refreshToken").asText();
        harness.clock.advance(Duration.ofSeconds(6));
        HttpResponse<String> late = harness.post("/api/auth/refresh", null, Body.of("refreshToken", unused.refresh()));
        assertEquals("refresh-token-reused", harness.json(late).get("code").asText());
        assertEquals("session-revoked", harness.json(harness.post("/api/auth/refresh", null,
                Body.of("refreshToken", successor))).get("code").asText());
    }

    @Test
    void aRetryWithinTheGraceWindowGetsTheSameSuccessor() {
        Member member = harness.member(admin());
        JsonNode once = refresh(member.refresh());
        harness.clock.advance(Duration.ofSeconds(4));
        JsonNode retried = refresh(member.refresh());
        assertEquals(once.get("refreshToken").asText(), retried.get("refreshToken").asText());
        assertEquals(200, harness.get("/api/auth/me", retried.get("accessToken").asText()).statusCode());
        refresh(retried.get("refreshToken").asText());
        // Once the successor has been used, the old token is a reuse even inside the window.
        HttpResponse<String> late = harness.post("/api/auth/refresh", null,
                Body.of("refreshToken", member.refresh()));
        assertEquals("refresh-token-reused", harness.json(late).get("code").asText());
    }

    @Test
    void aSessionEndsWhenIdleTooLongAndAtItsAbsoluteLifetime() {
        Member idle = harness.member(admin());
        harness.clock.advance(Duration.ofMinutes(61));
        HttpResponse<String> expired = harness.post("/api/auth/refresh", null,
                Body.of("refreshToken", idle.refresh()));
        assertEquals(401, expired.statusCode());
        assertEquals("session-expired", harness.json(expired).get("code").asText());

        Member busy = harness.member(admin());
        String token = busy.refresh();
        for (int i = 0; i < 3; i++) {
            harness.clock.advance(Duration.ofMinutes(55));
            token = refresh(token).get("refreshToken").asText();
        }
        harness.clock.advance(Duration.ofMinutes(20));
        HttpResponse<String> absolute = harness.post("/api/auth/refresh", null, Body.of("refreshToken", token));
        assertEquals("session-expired", harness.json(absolute).get("code").asText());
    }

    @Test
    void housekeepingForgetsUsedTokensAfterTheReuseWindowAndEndedSessionsAfterThirtyDays() {
        Member member = harness.member(admin());
        String next = refresh(member.refresh()).get("refreshToken").asText();
        harness.clock.advance(Duration.ofMinutes(50));
        next = refresh(next).get("refreshToken").asText();
        harness.clock.advance(Duration.ofMinutes(50));
        next = refresh(next).get("refreshToken").asText();
        long before = count("SELECT count(*) AS n FROM auth_refresh_tokens WHERE session_id = ?", member);
        harness.clock.advance(Duration.ofHours(23).plusMinutes(30));
        assertTrue(harness.auth.housekeep() > 0);
        long after = count("SELECT count(*) AS n FROM auth_refresh_tokens WHERE session_id = ?", member);
        assertEquals(4, before);
        assertEquals(2, after, "the two tokens used over a day ago go; the newest used one and the current stay");
        HttpResponse<String> forgotten = harness.post("/api/auth/refresh", null,
                Body.of("refreshToken", member.refresh()));
        assertEquals("invalid-refresh-token", harness.json(forgotten).get("code").asText(),
                "too old to tell reuse from a stranger's guess: refused, the session lives on");

        harness.clock.advance(Duration.ofDays(31));
        harness.auth.housekeep();
        assertEquals(0, count("SELECT count(*) AS n FROM auth_sessions WHERE id = ?", member));
    }

    private static long count(String sql, Member member) {
        java.util.UUID session = java.util.UUID.fromString(member.login().get("sessionId").asText());
        return harness.platform.database().inTerritory(harness.territory, db -> db.get(sql, session).orElseThrow()
                .column("n").get(Long.class));
    }

    @Test
    void logoutEndsThisSessionOnlyAndLogoutAllEndsEvery() {
        Member member = harness.member(admin());
        JsonNode second = harness.login(member.email(), PASSWORD);
        assertEquals(204, harness.post("/api/auth/logout", member.access(), (JsonNode) null).statusCode());
        assertEquals("session-revoked", harness.json(harness.get("/api/auth/me", member.access())).get("code").asText());
        assertEquals(401, harness.post("/api/auth/refresh", null, Body.of("refreshToken", member.refresh()))
                .statusCode());
        assertEquals(200, harness.get("/api/auth/me", second.get("accessToken").asText()).statusCode());

        JsonNode third = harness.login(member.email(), PASSWORD);
        assertEquals(204, harness.post("/api/auth/logout-all", third.get("accessToken").asText(), (JsonNode) null).statusCode());
        assertEquals(401, harness.get("/api/auth/me", second.get("accessToken").asText()).statusCode());
        assertEquals(401, harness.get("/api/auth/me", third.get("accessToken").asText()).statusCode());
        assertEquals(401, harness.post("/api/auth/logout", null, (JsonNode) null).statusCode());
    }

    @Test
    void loggingOutOfASessionThatHasAlreadyEndedAnswersAsTheFirstLogoutDid() {
        Member member = harness.member(admin());
        assertEquals(204, harness.post("/api/auth/logout", member.access(), (JsonNode) null).statusCode());
        HttpResponse<String> again = harness.post("/api/auth/logout", member.access(), (JsonNode) null);
        assertEquals(204, again.statusCode(), again.body());

        JsonNode other = harness.login(member.email(), PASSWORD);
        assertEquals(204, harness.post("/api/auth/logout-all", other.get("accessToken").asText(), (JsonNode) null)
                .statusCode());
        assertEquals(204, harness.post("/api/auth/logout", other.get("accessToken").asText(), (JsonNode) null)
                .statusCode(), "ended by logout-all");
        assertEquals(204, harness.post("/api/auth/logout", other.get("accessToken").asText(),
                Body.of("refreshToken", other.get("refreshToken").asText())).statusCode(), "the refresh token too");

        HttpResponse<String> forged = harness.post("/api/auth/logout", member.access() + "x", (JsonNode) null);
        assertEquals(401, forged.statusCode(), "a token that is not genuine is still refused");
        assertEquals("invalid-token", harness.json(forged).get("code").asText());
        harness.clock.advance(Duration.ofMinutes(11));
        HttpResponse<String> expired = harness.post("/api/auth/logout", member.access(), (JsonNode) null);
        assertEquals("token-expired", harness.json(expired).get("code").asText(), "nor an expired one");
    }

    @Test
    void aLogoutByRefreshTokenEndsItsSession() {
        Member member = harness.member(admin());
        assertEquals(204, harness.post("/api/auth/logout", null, Body.of("refreshToken", member.refresh()))
                .statusCode());
        assertEquals(401, harness.get("/api/auth/me", member.access()).statusCode());
    }

    @Test
    void theSessionsListShowsLiveSessionsAndOneCanBeRevoked() {
        Member member = harness.member(admin());
        JsonNode phone = harness.login(member.email(), PASSWORD);
        HttpResponse<String> list = harness.get("/api/auth/sessions", member.access(), "User-Agent", "test-agent");
        assertEquals(200, list.statusCode(), list.body());
        JsonNode items = harness.json(list).get("items");
        assertEquals(2, items.size());
        long current = 0;
        for (JsonNode item : items) {
            current += item.get("current").asBoolean() ? 1 : 0;
        }
        assertEquals(1, current);
        String phoneSession = phone.get("sessionId").asText();
        assertEquals(204, harness.delete("/api/auth/sessions/" + phoneSession, member.access(), null).statusCode());
        assertEquals(401, harness.get("/api/auth/me", phone.get("accessToken").asText()).statusCode());
        assertEquals(1, harness.json(harness.get("/api/auth/sessions", member.access())).get("items").size());
        assertEquals(204, harness.delete("/api/auth/sessions/" + phoneSession, member.access(), null).statusCode(),
                "ending it again answers the same");
        assertEquals(1, harness.events(member.id(), "auth.session_revoked").stream()
                .filter(event -> event.get("sessionId").asText().equals(phoneSession)).count(), "and publishes nothing more");
        assertEquals(1, harness.audited(admin(), UUID.fromString(phoneSession), "auth.session.revoked").size());
        HttpResponse<String> notAnId = harness.delete("/api/auth/sessions/not-a-uuid", member.access(), null);
        assertEquals(404, notAnId.statusCode());
        assertEquals("session-not-found", harness.json(notAnId).get("code").asText());
        // Someone else's session is not yours to see or end.
        Member stranger = harness.member(admin());
        HttpResponse<String> foreign = harness.delete("/api/auth/sessions/" + member.login().get("sessionId").asText(),
                stranger.access(), null);
        assertEquals(404, foreign.statusCode());
        assertEquals(200, harness.get("/api/auth/me", member.access()).statusCode());
    }

    @Test
    void theSessionsListPagesAndShowsTheDeviceShortenedAndEachLoginIsAudited() {
        Member member = harness.member(admin());
        HttpResponse<String> login = harness.post("/api/auth/login", null,
                Body.of("email", member.email(), "password", PASSWORD), "User-Agent", "A".repeat(1000));
        assertEquals(200, login.statusCode(), login.body());
        String laptop = harness.json(login).get("sessionId").asText();
        JsonNode first = harness.json(harness.get("/api/auth/sessions?limit=1", member.access()));
        assertEquals(1, first.get("items").size());
        JsonNode second = harness.json(harness.get("/api/auth/sessions?limit=1&cursor=" + first.get("next").asText(),
                member.access()));
        assertEquals(1, second.get("items").size());
        assertTrue(second.get("next").isNull(), second.toString());
        JsonNode later = second.get("items").get(0);
        assertEquals(laptop, later.get("id").asText(), "oldest first");
        assertEquals("A".repeat(300), later.get("userAgent").asText(), "kept to 300 characters");

        JsonNode audited = harness.audited(admin(), UUID.fromString(laptop), "auth.login.succeeded");
        assertEquals(1, audited.size());
        assertEquals("pwd", audited.get(0).get("details").get("amr").asText());
        assertTrue(audited.get(0).get("details").path("scope").isMissingNode(), "a full session");
    }

    @Test
    void browsersGetTheRefreshTokenAsAHostCookieAndMustSendTheCsrfHeader() {
        Member member = harness.member(admin());
        HttpResponse<String> login = harness.post("/api/auth/login", null, Body.of("email", member.email(), "password", PASSWORD, "refreshTokenDelivery", "cookie"));
        assertEquals(200, login.statusCode(), login.body());
        JsonNode body = harness.json(login);
        assertTrue(body.get("refreshToken").isNull(), "not in the body");
        String csrf = body.get("csrfToken").asText();
        List<String> cookies = login.headers().allValues("Set-Cookie");
        String refreshCookie = cookies.stream().filter(c -> c.startsWith("__Host-agora-refresh=")).findFirst().orElseThrow();
        String csrfCookie = cookies.stream().filter(c -> c.startsWith("__Host-agora-csrf=")).findFirst().orElseThrow();
        for (String attribute : List.of("Path=/", "Secure", "HttpOnly", "SameSite=Strict")) {
            assertTrue(refreshCookie.contains(attribute), refreshCookie);
        }
        assertFalse(refreshCookie.contains("Domain"), refreshCookie);
        assertFalse(csrfCookie.contains("HttpOnly"), "scripts of our origin read the CSRF token");
        assertTrue(csrfCookie.contains("__Host-agora-csrf=" + csrf + ";"), csrfCookie);
        String refresh = value(refreshCookie);
        String cookieHeader = "__Host-agora-refresh=" + refresh + "; __Host-agora-csrf=" + csrf;

        HttpResponse<String> without = harness.post("/api/auth/refresh", null, (JsonNode) null, "Cookie", cookieHeader);
        assertEquals(403, without.statusCode());
        assertEquals("csrf-check-failed", harness.json(without).get("code").asText());
        HttpResponse<String> forged = harness.post("/api/auth/refresh", null, (JsonNode) null, "Cookie",
                "__Host-agora-refresh=" + refresh + "; __Host-agora-csrf=forged", "X-CSRF-Token", "forged");
        assertEquals(403, forged.statusCode());
        HttpResponse<String> cookieForged = harness.post("/api/auth/refresh", null, (JsonNode) null, "Cookie",
                "__Host-agora-refresh=" + refresh + "; __Host-agora-csrf=forged", "X-CSRF-Token", csrf);
        assertEquals(403, cookieForged.statusCode(), "the header and the cookie must agree (double submit)");

        HttpResponse<String> with = harness.post("/api/auth/refresh", null, (JsonNode) null, "Cookie", cookieHeader,
                "X-CSRF-Token", csrf);
        assertEquals(200, with.statusCode(), with.body());
        String next = value(with.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("__Host-agora-refresh=")).findFirst().orElseThrow());
        assertNotEquals(refresh, next);
        // A cookie-mode token is not accepted in the body (scripts never see it there).
        assertEquals(401, harness.post("/api/auth/refresh", null, Body.of("refreshToken", next)).statusCode());

        String nextCookies = "__Host-agora-refresh=" + next + "; __Host-agora-csrf=" + csrf;
        assertEquals(403, harness.post("/api/auth/logout", null, (JsonNode) null, "Cookie", nextCookies).statusCode());
        HttpResponse<String> logout = harness.post("/api/auth/logout", null, (JsonNode) null, "Cookie", nextCookies,
                "X-CSRF-Token", csrf);
        assertEquals(204, logout.statusCode());
        assertTrue(logout.headers().allValues("Set-Cookie").stream()
                .anyMatch(c -> c.startsWith("__Host-agora-refresh=;") && c.contains("Expires=Thu, 1 Jan 1970")),
                logout.headers().toString());
        assertEquals(401, harness.get("/api/auth/me", harness.json(with).get("accessToken").asText()).statusCode());

        HttpResponse<String> again = harness.post("/api/auth/login", null, Body.of("email", member.email(),
                "password", PASSWORD, "refreshTokenDelivery", "cookie"));
        String cookie = "__Host-agora-refresh=" + value(again.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("__Host-agora-refresh=")).findFirst().orElseThrow());
        HttpResponse<String> all = harness.post("/api/auth/logout-all", harness.json(again).get("accessToken").asText(),
                (JsonNode) null, "Cookie", cookie);
        assertEquals(204, all.statusCode(), all.body());
        assertTrue(all.headers().allValues("Set-Cookie").stream()
                .anyMatch(c -> c.startsWith("__Host-agora-refresh=;") && c.contains("Expires=Thu, 1 Jan 1970")),
                "logging out everywhere clears this browser's cookie too: " + all.headers());
    }

    @Test
    void malformedRefreshTokensAreRefusedWithoutALookup() {
        HttpResponse<String> response = harness.post("/api/auth/refresh", null, Body.of("refreshToken", "abc"));
        assertEquals(401, response.statusCode());
        assertEquals("invalid-refresh-token", harness.json(response).get("code").asText());
        assertEquals(422, harness.post("/api/auth/refresh", null, Body.of()).statusCode());
        assertEquals(422, harness.post("/api/auth/login", null, Body.of("email", "a@b.c", "password", "x", "refreshTokenDelivery", "carrier-pigeon")).statusCode());
    }

    @Test
    void refreshTokensCarryTwoHundredFiftySixBitsAndAreNeverHandedOutTwice() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            Member member = harness.member(admin());
            String next = refresh(member.refresh()).get("refreshToken").asText();
            for (String token : List.of(member.refresh(), next)) {
                assertEquals(32, Base64.getUrlDecoder().decode(token).length, token);
                assertTrue(seen.add(token), "handed out twice: " + token);
            }
        }
    }

    /** The admin, signed in afresh: some tests move the clock past its token's expiry. */
    private static Member admin() {
        return harness.signedInAgain(admin);
    }

    private static JsonNode refresh(String token) {
        HttpResponse<String> response = harness.post("/api/auth/refresh", null, Body.of("refreshToken", token));
        assertEquals(200, response.statusCode(), response.body());
        return harness.json(response);
    }

    private static String value(String setCookie) {
        return setCookie.substring(setCookie.indexOf('=') + 1, setCookie.indexOf(';'));
    }
}
