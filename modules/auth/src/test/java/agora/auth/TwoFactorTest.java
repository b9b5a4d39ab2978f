package agora.auth;


import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;

import agora.platform.host.testing.AuthenticatorApp;
import agora.platform.host.testing.Member;
import agora.platform.testing.Body;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two-factor sign-in: setting up an authenticator app, the login's second step, recovery codes,
 * turning it off, the {@code amr} claim, and the roles that need it. Codes are computed here from the
 * secret the service hands out, as an authenticator app would (RFC 6238), and the clock moves by hand.
 */
class TwoFactorTest {
    private static final String PASSWORD = Member.PASSWORD;
    private static final byte[] RFC_KEY = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
    private static AuthHarness harness;
    private static Member admin;

    @BeforeAll
    static void start() {
        harness = AuthHarness.shared("FI", Map.of());
        admin = harness.admin();
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void aTypedRecoveryCodeIsReadWithSeparatorsAndLookalikesButNothingElse() {
        String plain = RecoveryCodes.generate().getFirst().replaceAll("[- ]", "");
        assertEquals(RecoveryCodes.LENGTH, plain.length());
        assertEquals(java.util.Optional.of(plain), RecoveryCodes.normalise(plain.toUpperCase(java.util.Locale.ROOT)));
        assertEquals(java.util.Optional.of(plain), RecoveryCodes.normalise(plain.replace('1', 'l').replace('0', 'O')),
                "l, i and o are read as 1 and 0");
        // A separator after every character is the longest input read; one more is not a code.
        String spaced = plain.replaceAll("(.)", "$1 ");
        assertEquals(RecoveryCodes.MAX_TYPED, spaced.length());
        assertEquals(java.util.Optional.of(plain), RecoveryCodes.normalise(spaced));
        assertEquals(java.util.Optional.empty(), RecoveryCodes.normalise(spaced + "-"));
        assertEquals(java.util.Optional.empty(), RecoveryCodes.normalise(plain.substring(1) + "u"), "u is not in the alphabet");
        assertEquals(java.util.Optional.empty(), RecoveryCodes.normalise(plain.substring(1)), "one character short");
    }

    @Test
    void totpMatchesTheSha1TestVectorsOfRfc6238() {
        Map<Long, String> vectors = Map.of(59L, "94287082", 1111111109L, "07081804", 1111111111L, "14050471",
                1234567890L, "89005924", 2000000000L, "69279037", 20000000000L, "65353130");
        vectors.forEach((time, expected) -> {
            long step = Totp.step(Instant.ofEpochSecond(time));
            assertEquals(expected, Totp.code(RFC_KEY, step, 8), "T = " + time);
            assertEquals(expected, AuthenticatorApp.code(RFC_KEY, step, 8), "the tests' own authenticator, T = " + time);
            assertEquals(expected.substring(2), Totp.code(RFC_KEY, step), "six digits are the last six");
        });
        // One to eight digits: a ninth would outgrow the 31 bits RFC 4226 truncates to.
        assertEquals("2", Totp.code(RFC_KEY, Totp.step(Instant.ofEpochSecond(59)), 1));
        assertThrows(IllegalArgumentException.class, () -> Totp.code(RFC_KEY, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> Totp.code(RFC_KEY, 1, 9));
        // RFC 4648's base32 test vector, and a round trip through what the tests decode.
        assertEquals("MZXW6YTBOI", Totp.base32("foobar".getBytes(StandardCharsets.US_ASCII)));
        byte[] secret = Totp.newSecret();
        assertEquals(20, secret.length);
        assertArrayEquals(secret, AuthenticatorApp.base32(Totp.base32(secret)));
        // A code matches its own step and one either side, never a step already used.
        Instant now = Instant.ofEpochSecond(1_700_000_000L);
        long step = Totp.step(now);
        assertEquals(OptionalLong.of(step - 1), Totp.match(RFC_KEY, Totp.code(RFC_KEY, step - 1), now, OptionalLong.empty()));
        assertEquals(OptionalLong.of(step + 1), Totp.match(RFC_KEY, Totp.code(RFC_KEY, step + 1), now, OptionalLong.empty()));
        assertTrue(Totp.match(RFC_KEY, Totp.code(RFC_KEY, step + 2), now, OptionalLong.empty()).isEmpty());
        assertTrue(Totp.match(RFC_KEY, Totp.code(RFC_KEY, step - 2), now, OptionalLong.empty()).isEmpty());
        assertTrue(Totp.match(RFC_KEY, Totp.code(RFC_KEY, step), now, OptionalLong.of(step)).isEmpty());
    }

    @Test
    void settingUpGivesASecretAndAKeyUriAndTheFirstCodeTurnsItOn() {
        Member member = member();
        assertEquals(422, harness.post("/api/auth/two-factor/totp", member.access(), Body.of()).statusCode());
        HttpResponse<String> wrong = harness.post("/api/auth/two-factor/totp", member.access(),
                Body.of("password", "not the password"));
        assertEquals(403, wrong.statusCode());
        assertEquals("wrong-password", harness.json(wrong).get("code").asText());

        HttpResponse<String> started = harness.post("/api/auth/two-factor/totp", member.access(),
                Body.of("password", PASSWORD));
        assertEquals(200, started.statusCode(), started.body());
        assertEquals("no-store", started.headers().firstValue("Cache-Control").orElseThrow());
        JsonNode enrolment = harness.json(started);
        assertEquals(harness.clock.instant().plus(Duration.ofMinutes(15)), Instant.parse(enrolment.get("expiresAt").asText()),
                "the set-up waits the enrolment lifetime for its first code");
        String secret = enrolment.get("secret").asText();
        assertTrue(secret.matches("[A-Z2-7]{32}"), secret);
        assertEquals("otpauth://totp/Agora%20(FI):" + member.email() + "?secret=" + secret
                + "&issuer=Agora&algorithm=SHA1&digits=6&period=30", enrolment.get("otpauthUri").asText());
        JsonNode pending = status(member);
        assertFalse(pending.get("enabled").asBoolean());
        assertFalse(pending.get("pendingUntil").isNull());
        // At rest the secret is sealed (nonce, 20 bytes of ciphertext, tag), not stored as given.
        byte[] stored = harness.platform.database().inTerritory(harness.territory, db -> db.get(
                "SELECT secret_encrypted FROM auth_two_factor WHERE account_id = ?", member.id()).orElseThrow()
                .column("secret_encrypted").get(byte[].class));
        assertEquals(12 + 20 + 16, stored.length);
        assertFalse(new String(stored, StandardCharsets.ISO_8859_1).contains(
                new String(AuthenticatorApp.base32(secret), StandardCharsets.ISO_8859_1)));

        byte[] key = AuthenticatorApp.base32(secret);
        HttpResponse<String> wrongCode = confirm(member, AuthenticatorApp.code(key, harness.clock.instant(), 3));
        assertEquals(403, wrongCode.statusCode());
        assertEquals("wrong-two-factor-code", harness.json(wrongCode).get("code").asText());
        assertEquals(422, harness.post("/api/auth/two-factor/totp/confirm", member.access(), Body.of()).statusCode(),
                "no code at all is a validation error, not a server error");
        HttpResponse<String> notACode = confirm(member, "12ab56");
        assertEquals(422, notACode.statusCode());
        assertEquals("/code", harness.json(notACode).get("errors").get(0).get("pointer").asText());

        HttpResponse<String> confirmed = confirm(member, AuthenticatorApp.code(key, harness.clock.instant(), 0));
        assertEquals(200, confirmed.statusCode(), confirmed.body());
        assertEquals("no-store", confirmed.headers().firstValue("Cache-Control").orElseThrow());
        JsonNode codes = harness.json(confirmed).get("recoveryCodes");
        assertEquals(10, codes.size());
        HashSet<String> distinct = new HashSet<>();
        codes.forEach(code -> {
            assertTrue(code.asText().matches("[0-9a-hjkmnp-tv-z]{4}(-[0-9a-hjkmnp-tv-z]{4}){3}"), code.asText());
            distinct.add(code.asText());
        });
        assertEquals(10, distinct.size());
        JsonNode enabled = status(member);
        assertTrue(enabled.get("enabled").asBoolean());
        assertEquals(10, enabled.get("recoveryCodesLeft").asInt());
        assertTrue(enabled.get("requiredFor").isEmpty(), "a member's roles need nothing");
        assertEquals(1, harness.audited(admin(), member.id(), "auth.two-factor.enabled").size());
        harness.clock.advance(Duration.ofSeconds(30));
        HttpResponse<String> confirmedAgain = confirm(member, AuthenticatorApp.code(key, harness.clock.instant(), 0));
        assertEquals(409, confirmedAgain.statusCode());
        assertEquals("two-factor-already-enabled", harness.json(confirmedAgain).get("code").asText());

        HttpResponse<String> again = harness.post("/api/auth/two-factor/totp", member.access(),
                Body.of("password", PASSWORD));
        assertEquals(409, again.statusCode());
        assertEquals("two-factor-already-enabled", harness.json(again).get("code").asText());
        JsonNode challenge = challenge(member.email(), "body");
        assertTrue(challenge.get("twoFactorRequired").asBoolean());
        assertNull(challenge.get("accessToken"), "no tokens before the second step");
        assertEquals("[\"totp\",\"recovery-code\"]", challenge.get("methods").toString());
        assertEquals(harness.clock.instant().plus(Duration.ofMinutes(5)),
                Instant.parse(challenge.get("expiresAt").asText()));
    }

    @Test
    void aSetUpNotConfirmedInTimeMustStartAgain() {
        Member member = member();
        HttpResponse<String> none = confirm(member, "123456");
        assertEquals(409, none.statusCode());
        assertEquals("two-factor-not-pending", harness.json(none).get("code").asText());
        byte[] key = start(member);
        harness.clock.advance(Duration.ofMinutes(16));
        // Signed in again: the access token from before has expired meanwhile.
        Member later = new Member(member.id(), member.email(),
                harness.login(member.email(), PASSWORD));
        HttpResponse<String> late = confirm(later, AuthenticatorApp.code(key, harness.clock.instant(), 0));
        assertEquals(409, late.statusCode());
        assertEquals("two-factor-not-pending", harness.json(late).get("code").asText());
        byte[] second = start(later);
        assertNotEquals(new String(key, StandardCharsets.ISO_8859_1), new String(second, StandardCharsets.ISO_8859_1));
        assertEquals(200, confirm(later, AuthenticatorApp.code(second, harness.clock.instant(), 0)).statusCode());
    }

    @Test
    void aCodeCountsOneStepEitherSideButNotTwoAndNeverTwice() {
        Member member = member();
        byte[] key = enrol(member);
        Instant confirmedAt = harness.clock.instant();
        // The confirming code's step is used: the first login needs a later one.
        JsonNode first = challenge(member.email(), "body");
        assertRefused(second(first, "code", AuthenticatorApp.code(key, confirmedAt, 0)));

        harness.clock.advance(Duration.ofSeconds(60));
        Instant now = harness.clock.instant();
        JsonNode challenge = challenge(member.email(), "body");
        assertRefused(second(challenge, "code", AuthenticatorApp.code(key, now, 2)));
        assertRefused(second(challenge, "code", AuthenticatorApp.code(key, now, -2)));
        assertGranted(second(challenge, "code", AuthenticatorApp.code(key, now, -1)));

        assertGranted(second(challenge(member.email(), "body"), "code", AuthenticatorApp.code(key, now, 1)));
        // The current step lies before the one just used, and a used code stays used.
        JsonNode replay = challenge(member.email(), "body");
        assertRefused(second(replay, "code", AuthenticatorApp.code(key, now, 0)));
        assertRefused(second(replay, "code", AuthenticatorApp.code(key, now, 1)));
        harness.clock.advance(Duration.ofSeconds(30));
        assertGranted(second(replay, "code", AuthenticatorApp.code(key, harness.clock.instant(), 1)));
    }

    @Test
    void theSecondStepAnswersAsLoginDoesWithTheDeliveryChosenWithThePassword() throws Exception {
        Member member = member();
        byte[] key = enrol(member);
        harness.clock.advance(Duration.ofSeconds(30));

        HttpResponse<String> body = second(challenge(member.email(), "body"), "code",
                AuthenticatorApp.code(key, harness.clock.instant(), 0));
        assertEquals(200, body.statusCode(), body.body());
        assertEquals("no-store", body.headers().firstValue("Cache-Control").orElseThrow());
        JsonNode tokens = harness.json(body);
        assertFalse(tokens.get("refreshToken").isNull());
        assertTrue(tokens.get("csrfToken").isNull());
        assertTrue(body.headers().allValues("Set-Cookie").isEmpty());
        JWTClaimsSet claims = SignedJWT.parse(tokens.get("accessToken").asText()).getJWTClaimsSet();
        assertEquals(List.of("pwd", "otp"), claims.getStringListClaim("amr"));
        assertEquals(member.id().toString(), claims.getSubject());
        assertEquals(200, harness.get("/api/auth/me", tokens.get("accessToken").asText()).statusCode());
        JsonNode refreshed = harness.json(harness.post("/api/auth/refresh", null,
                Body.of("refreshToken", tokens.get("refreshToken").asText())));
        assertEquals(List.of("pwd", "otp"), SignedJWT.parse(refreshed.get("accessToken").asText()).getJWTClaimsSet()
                .getStringListClaim("amr"), "a refreshed token keeps the session's amr");
        JsonNode session = session(tokens.get("accessToken").asText(), tokens.get("sessionId").asText());
        assertEquals("[\"pwd\",\"otp\"]", session.get("amr").toString());
        assertEquals("totp", session.get("secondFactor").asText());

        harness.clock.advance(Duration.ofSeconds(30));
        JsonNode challenge = challenge(member.email(), "cookie");
        // The delivery was chosen with the password; the second step takes no other.
        assertEquals(422, harness.post("/api/auth/login/two-factor", null, Body.of("challenge", challenge.get("challenge").asText(), "code", "123456", "refreshTokenDelivery", "body"))
                .statusCode());
        HttpResponse<String> cookie = second(challenge, "code", AuthenticatorApp.code(key, harness.clock.instant(), 0));
        assertEquals(200, cookie.statusCode(), cookie.body());
        JsonNode cookieTokens = harness.json(cookie);
        assertTrue(cookieTokens.get("refreshToken").isNull(), "in the cookie, not the body");
        String csrf = cookieTokens.get("csrfToken").asText();
        String refreshCookie = cookie.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("__Host-agora-refresh=")).findFirst().orElseThrow();
        assertTrue(refreshCookie.contains("HttpOnly") && refreshCookie.contains("SameSite=Strict"), refreshCookie);
        String refresh = refreshCookie.substring(refreshCookie.indexOf('=') + 1, refreshCookie.indexOf(';'));
        HttpResponse<String> viaCookie = harness.post("/api/auth/refresh", null, (JsonNode) null, "Cookie",
                "__Host-agora-refresh=" + refresh + "; __Host-agora-csrf=" + csrf, "X-CSRF-Token", csrf);
        assertEquals(200, viaCookie.statusCode(), viaCookie.body());
        assertEquals(List.of("pwd", "otp"), SignedJWT.parse(harness.json(viaCookie).get("accessToken").asText())
                .getJWTClaimsSet().getStringListClaim("amr"));
    }

    @Test
    void aChallengeExpiresIsUsedOnceAndDiesAfterFiveWrongCodes() {
        Member member = member();
        byte[] key = enrol(member);

        JsonNode expiring = challenge(member.email(), "body");
        harness.clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        assertChallengeInvalid(second(expiring, "code", AuthenticatorApp.code(key, harness.clock.instant(), 0)));

        JsonNode once = challenge(member.email(), "body");
        assertGranted(second(once, "code", AuthenticatorApp.code(key, harness.clock.instant(), 0)));
        assertChallengeInvalid(second(once, "code", AuthenticatorApp.code(key, harness.clock.instant(), 1)));

        harness.clock.advance(Duration.ofSeconds(30));
        JsonNode guessed = challenge(member.email(), "body");
        for (int i = 0; i < 5; i++) {
            assertRefused(second(guessed, "code", wrongCode(key)));
        }
        assertChallengeInvalid(second(guessed, "code", AuthenticatorApp.code(key, harness.clock.instant(), 0)));
        assertGranted(second(challenge(member.email(), "body"), "code", AuthenticatorApp.code(key, harness.clock.instant(), 0)));

        HttpResponse<String> unknown = harness.post("/api/auth/login/two-factor", null,
                Body.of("challenge", Secrets.token(Secrets.TOKEN_BYTES), "code", "123456"));
        assertChallengeInvalid(unknown);
        assertEquals(422, harness.post("/api/auth/login/two-factor", null,
                Body.of("challenge", Secrets.token(Secrets.TOKEN_BYTES))).statusCode());
    }

    @Test
    void tenWrongCodesInARowMakeTheAccountWaitAcrossChallenges() {
        Member member = member();
        byte[] key = enrol(member);
        harness.clock.advance(Duration.ofSeconds(30));
        for (int round = 0; round < 2; round++) {
            JsonNode challenge = challenge(member.email(), "body");
            for (int i = 0; i < 5; i++) {
                assertRefused(second(challenge, "code", wrongCode(key)));
            }
        }
        HttpResponse<String> locked = second(challenge(member.email(), "body"), "code",
                AuthenticatorApp.code(key, harness.clock.instant(), 0));
        assertEquals(429, locked.statusCode(), locked.body());
        assertEquals("too-many-requests", harness.json(locked).get("code").asText());
        assertEquals("900", locked.headers().firstValue("Retry-After").orElseThrow());
        assertEquals("Too many wrong codes in a row; try again in 15 minutes.", harness.json(locked).get("detail").asText());

        harness.clock.advance(Duration.ofMinutes(15));
        assertGranted(second(challenge(member.email(), "body"), "code", AuthenticatorApp.code(key, harness.clock.instant(), 0)));
    }

    @Test
    void aRecoveryCodeThatSignsInClearsTheRunOfWrongCodes() {
        Member member = member();
        List<String> codes = harness.enrol(member.email(), PASSWORD, member.access());
        byte[] key = harness.secret(member.email());
        harness.clock.advance(Duration.ofSeconds(30));
        JsonNode first = challenge(member.email(), "body");
        for (int i = 0; i < 5; i++) {
            assertRefused(second(first, "code", wrongCode(key)));
        }
        JsonNode again = challenge(member.email(), "body");
        for (int i = 0; i < 4; i++) {
            assertRefused(second(again, "code", wrongCode(key)));
        }
        assertGranted(second(again, "recoveryCode", codes.getFirst()));
        // Nine wrong codes, a right one, one more wrong: not ten in a row, so a right code still counts.
        assertRefused(second(challenge(member.email(), "body"), "code", wrongCode(key)));
        assertGranted(second(challenge(member.email(), "body"), "code", AuthenticatorApp.code(key, harness.clock.instant(), 0)));
    }

    @Test
    void aRecoveryCodeSignsInOnceAndNewCodesReplaceTheOld() throws Exception {
        Member member = member();
        List<String> codes = harness.enrol(member.email(), PASSWORD, member.access());
        byte[] key = harness.secret(member.email());

        // Typed in capitals with spaces instead of hyphens: still the code.
        String typed = codes.getFirst().toUpperCase(Locale.ROOT).replace('-', ' ');
        HttpResponse<String> recovered = second(challenge(member.email(), "body"), "recoveryCode", typed);
        assertGranted(recovered);
        JsonNode tokens = harness.json(recovered);
        assertEquals(List.of("pwd", "otp"), SignedJWT.parse(tokens.get("accessToken").asText()).getJWTClaimsSet()
                .getStringListClaim("amr"));
        assertEquals("recovery-code", session(tokens.get("accessToken").asText(), tokens.get("sessionId").asText())
                .get("secondFactor").asText());
        assertRefused(second(challenge(member.email(), "body"), "recoveryCode", codes.getFirst()));
        assertEquals(9, status(member).get("recoveryCodesLeft").asInt());

        assertEquals(422, harness.post("/api/auth/login/two-factor", null, Body.of("challenge", challenge(member.email(), "body").get("challenge").asText(), "code", "123456", "recoveryCode", codes.get(1))).statusCode());
        HttpResponse<String> wrongPassword = harness.post("/api/auth/two-factor/recovery-codes", member.access(),
                Body.of("password", "not the password", "recoveryCode", codes.get(1)));
        assertEquals(403, wrongPassword.statusCode());
        assertEquals("wrong-password", harness.json(wrongPassword).get("code").asText());
        HttpResponse<String> wrongCode = harness.post("/api/auth/two-factor/recovery-codes", member.access(),
                Body.of("password", PASSWORD, "code", wrongCode(key)));
        assertEquals(403, wrongCode.statusCode());
        assertEquals("wrong-two-factor-code", harness.json(wrongCode).get("code").asText());

        HttpResponse<String> renewed = harness.post("/api/auth/two-factor/recovery-codes", member.access(),
                Body.of("password", PASSWORD, "code", harness.nextCode(member.email())));
        assertEquals(200, renewed.statusCode(), renewed.body());
        assertEquals("no-store", renewed.headers().firstValue("Cache-Control").orElseThrow());
        JsonNode fresh = harness.json(renewed).get("recoveryCodes");
        assertEquals(10, fresh.size());
        assertEquals(10, status(member).get("recoveryCodesLeft").asInt());
        assertEquals(1, harness.audited(admin(), member.id(), "auth.two-factor.recovery-codes-replaced").size());
        assertRefused(second(challenge(member.email(), "body"), "recoveryCode", codes.get(1)));
        assertGranted(second(challenge(member.email(), "body"), "recoveryCode", fresh.get(0).asText()));
    }

    @Test
    void turningItOffNeedsThePasswordAndACodeAndEndsPendingChallenges() throws Exception {
        Member plain = member();
        HttpResponse<String> notOn = harness.delete("/api/auth/two-factor/totp", plain.access(),
                Body.of("password", PASSWORD, "code", "123456"));
        assertEquals(409, notOn.statusCode());
        assertEquals("two-factor-not-enabled", harness.json(notOn).get("code").asText());

        Member member = member();
        List<String> codes = harness.enrol(member.email(), PASSWORD, member.access());
        byte[] key = harness.secret(member.email());
        HttpResponse<String> wrongPassword = harness.delete("/api/auth/two-factor/totp", member.access(),
                Body.of("password", "not the password", "code", harness.nextCode(member.email())));
        assertEquals("wrong-password", harness.json(wrongPassword).get("code").asText());
        HttpResponse<String> wrongCode = harness.delete("/api/auth/two-factor/totp", member.access(),
                Body.of("password", PASSWORD, "code", wrongCode(key)));
        assertEquals(403, wrongCode.statusCode());
        assertEquals("wrong-two-factor-code", harness.json(wrongCode).get("code").asText());

        assertEquals(422, harness.delete("/api/auth/two-factor/totp", member.access(), Body.of()).statusCode());
        JsonNode pending = challenge(member.email(), "body");
        assertEquals(204, harness.delete("/api/auth/two-factor/totp", member.access(),
                Body.of("password", PASSWORD, "recoveryCode", codes.get(2))).statusCode());
        assertFalse(status(member).get("enabled").asBoolean());
        assertEquals(0L, challenges(member), "the pending challenge is gone, not only refused when used");
        assertEquals(1, harness.audited(admin(), member.id(), "auth.two-factor.disabled").size());
        assertChallengeInvalid(second(pending, "code", AuthenticatorApp.code(key, harness.clock.instant(), 1)));
        JsonNode login = harness.json(harness.post("/api/auth/login", null,
                Body.of("email", member.email(), "password", PASSWORD)));
        assertEquals(List.of("pwd"), SignedJWT.parse(login.get("accessToken").asText()).getJWTClaimsSet()
                .getStringListClaim("amr"));
        assertEquals(0L, (long) harness.platform.database().inTerritory(harness.territory, db -> db.get(
                "SELECT count(*) AS n FROM auth_recovery_codes WHERE account_id = ?", member.id()).orElseThrow()
                .column("n").get(Long.class)));
        assertEquals(200, harness.get("/api/auth/me", member.access()).statusCode(), "sessions stay as they were");
    }

    @Test
    void deletingTheAccountErasesItsSecretCodesAndPendingChallenges() {
        Member member = member();
        enrol(member);
        challenge(member.email(), "body");
        assertEquals(1L, challenges(member));
        assertEquals(204, harness.delete("/api/auth/account", member.access(),
                Body.of("password", PASSWORD)).statusCode());
        assertEquals(0L, (long) harness.platform.database().inTerritory(harness.territory, db -> db.get(
                "SELECT (SELECT count(*) FROM auth_two_factor WHERE account_id = ?) "
                        + "+ (SELECT count(*) FROM auth_recovery_codes WHERE account_id = ?) AS n",
                member.id(), member.id()).orElseThrow().column("n").get(Long.class)));
        assertEquals(0L, challenges(member), "a challenge names the account it signs in to");
    }

    private static long challenges(Member member) {
        return harness.platform.database().inTerritory(harness.territory, db -> db.get(
                "SELECT count(*) AS n FROM auth_login_challenges WHERE account_id = ?", member.id())
                .orElseThrow().column("n").get(Long.class));
    }

    @Test
    void aRoleThatNeedsTwoFactorIsWithheldUntilTheAccountSignsInWithIt() throws Exception {
        String email = "admin-" + UUID.randomUUID() + "@example.org";
        JsonNode account = harness.register(harness.bootstrapInvitation(), email, PASSWORD);
        harness.verify(email);
        String id = account.get("id").asText();

        // The password alone still signs in, as a member: the admin role waits for two-factor.
        JsonNode login = harness.login(email, PASSWORD);
        String token = login.get("accessToken").asText();
        JWTClaimsSet claims = SignedJWT.parse(token).getJWTClaimsSet();
        assertEquals(List.of(), claims.getStringListClaim("roles"));
        assertEquals(List.of("territory-admin"), claims.getStringListClaim("withheld_roles"));
        assertEquals(List.of("pwd"), claims.getStringListClaim("amr"));
        HttpResponse<String> adminRoute = harness.get("/api/auth/accounts/" + id, token);
        assertEquals(403, adminRoute.statusCode());
        assertEquals("two-factor-enrolment-required", harness.json(adminRoute).get("code").asText());
        HttpResponse<String> danish = harness.get("/api/auth/accounts/" + id, token, "Accept-Language", "da");
        assertTrue(harness.json(danish).get("detail").asText().startsWith("Rollen territory-admin kræver"),
                danish.body());
        HttpResponse<String> elsewhere = harness.other(AuthHarness.OTHER_ADMIN_ROUTE, token);
        assertEquals(403, elsewhere.statusCode(), "another service's role guard withholds it too");
        assertEquals("two-factor-enrolment-required", harness.json(elsewhere).get("code").asText());
        assertEquals(200, harness.other(token).statusCode());
        assertEquals(200, harness.get("/api/auth/me", token).statusCode());
        HttpResponse<String> roleInvitation = harness.post("/api/auth/invitations", token,
                Body.of("role", "moderator"));
        assertEquals(403, roleInvitation.statusCode());
        assertEquals("two-factor-enrolment-required", harness.json(roleInvitation).get("code").asText());
        assertEquals("[\"territory-admin\"]", status(token).get("requiredFor").toString());

        // Turning it on does not lift the session it was turned on in: that one signed in with a password.
        harness.enrol(email, PASSWORD, token);
        JsonNode refreshed = harness.json(harness.post("/api/auth/refresh", null,
                Body.of("refreshToken", login.get("refreshToken").asText())));
        assertEquals(List.of("territory-admin"), SignedJWT.parse(refreshed.get("accessToken").asText())
                .getJWTClaimsSet().getStringListClaim("withheld_roles"));

        JsonNode signedIn = harness.login(email, PASSWORD);
        String full = signedIn.get("accessToken").asText();
        JWTClaimsSet fullClaims = SignedJWT.parse(full).getJWTClaimsSet();
        assertEquals(List.of("territory-admin"), fullClaims.getStringListClaim("roles"));
        assertEquals(List.of("pwd", "otp"), fullClaims.getStringListClaim("amr"));
        assertNull(fullClaims.getClaim("withheld_roles"));
        assertEquals(200, harness.get("/api/auth/accounts/" + id, full).statusCode());
        assertEquals(200, harness.other(AuthHarness.OTHER_ADMIN_ROUTE, full).statusCode());
        JsonNode refreshedFull = harness.json(harness.post("/api/auth/refresh", null,
                Body.of("refreshToken", signedIn.get("refreshToken").asText())));
        assertEquals(List.of("territory-admin"), SignedJWT.parse(refreshedFull.get("accessToken").asText())
                .getJWTClaimsSet().getStringListClaim("roles"));
    }

    @Test
    void moderatorsNeedItTooAndMembersDoNot() throws Exception {
        HttpResponse<String> created = harness.post("/api/auth/invitations", admin().access(),
                Body.of("role", "moderator"));
        assertEquals(201, created.statusCode(), created.body());
        String email = "moderator-" + UUID.randomUUID() + "@example.org";
        harness.register(harness.json(created).get("token").asText(), email, PASSWORD);
        JWTClaimsSet moderator = SignedJWT.parse(harness.login(email, PASSWORD).get("accessToken").asText())
                .getJWTClaimsSet();
        assertEquals(List.of(), moderator.getStringListClaim("roles"));
        assertEquals(List.of("moderator"), moderator.getStringListClaim("withheld_roles"));

        JWTClaimsSet member = SignedJWT.parse(member().access()).getJWTClaimsSet();
        assertEquals(List.of(), member.getStringListClaim("roles"));
        assertEquals(List.of("pwd"), member.getStringListClaim("amr"));
        assertNull(member.getClaim("withheld_roles"));
    }

    @Test
    void theRequiredRolesAreConfigurable() {
        TwoFactorConfig defaults = TwoFactorConfig.from(Config.empty());
        assertEquals(Set.of("territory-admin", "moderator"), defaults.requiredRoles());
        TwoFactorConfig none = TwoFactorConfig.from(Config.just(ConfigSources.create(
                Map.of("agora.auth.two-factor.required-roles", ""))).get("agora.auth.two-factor"));
        assertTrue(none.requiredRoles().isEmpty());
        assertTrue(none.withheld(List.of("territory-admin"), List.of("pwd")).isEmpty());
        TwoFactorConfig admins = TwoFactorConfig.from(Config.just(ConfigSources.create(
                Map.of("agora.auth.two-factor.required-roles", "territory-admin"))).get("agora.auth.two-factor"));
        assertEquals(Set.of("territory-admin"),
                admins.withheld(List.of("territory-admin", "moderator"), List.of("pwd")));
        assertThrows(IllegalArgumentException.class, () -> TwoFactorConfig.from(Config.just(ConfigSources.create(
                Map.of("agora.auth.two-factor.required-roles", "root"))).get("agora.auth.two-factor")));
    }

    @Test
    void aChallengeTakesAtLeastOneCodeAndTheRunLimitIsNoShorterThanAChallenge() {
        assertThrows(IllegalArgumentException.class, () -> twoFactorConfig("0", "10"));
        assertEquals(1, twoFactorConfig("1", "1").challengeAttempts());
        assertThrows(IllegalArgumentException.class, () -> twoFactorConfig("5", "4"),
                "a run limit below a challenge's attempts would lock an account inside one sign-in");
        assertEquals(5, twoFactorConfig("5", "5").failureLimit());
    }

    private static TwoFactorConfig twoFactorConfig(String challengeAttempts, String failureLimit) {
        return TwoFactorConfig.from(Config.just(ConfigSources.create(Map.of(
                "agora.auth.two-factor.challenge-attempts", challengeAttempts,
                "agora.auth.two-factor.failure-limit", failureLimit))).get("agora.auth.two-factor"));
    }

    // ---- helpers --------------------------------------------------------------------------------

    /** The admin, signed in afresh: tests move the clock past its token's expiry. */
    private static Member admin() {
        return new Member(admin.id(), admin.email(), harness.login(admin.email(), PASSWORD));
    }

    private static Member member() {
        return harness.member(admin());
    }

    /** Starts a set-up; the secret. */
    private static byte[] start(Member member) {
        HttpResponse<String> started = harness.post("/api/auth/two-factor/totp", member.access(),
                Body.of("password", PASSWORD));
        assertEquals(200, started.statusCode(), started.body());
        return AuthenticatorApp.base32(harness.json(started).get("secret").asText());
    }

    /** Turns two-factor on with the current step's code; the secret. */
    private static byte[] enrol(Member member) {
        byte[] key = start(member);
        assertEquals(200, confirm(member, AuthenticatorApp.code(key, harness.clock.instant(), 0)).statusCode());
        return key;
    }

    private static HttpResponse<String> confirm(Member member, String code) {
        return harness.post("/api/auth/two-factor/totp/confirm", member.access(), Body.of("code", code));
    }

    private static JsonNode status(Member member) {
        return status(member.access());
    }

    private static JsonNode status(String token) {
        HttpResponse<String> response = harness.get("/api/auth/two-factor", token);
        assertEquals(200, response.statusCode(), response.body());
        return harness.json(response);
    }

    private static JsonNode challenge(String email, String delivery) {
        HttpResponse<String> response = harness.post("/api/auth/login", null, Body.of("email", email, "password", PASSWORD, "refreshTokenDelivery", delivery));
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("no-store", response.headers().firstValue("Cache-Control").orElseThrow());
        JsonNode challenge = harness.json(response);
        assertTrue(challenge.path("twoFactorRequired").asBoolean(), response.body());
        return challenge;
    }

    private static HttpResponse<String> second(JsonNode challenge, String field, String value) {
        return harness.post("/api/auth/login/two-factor", null, Body.of("challenge", challenge.get("challenge").asText(), field, value));
    }

    private static JsonNode session(String access, String id) {
        HttpResponse<String> list = harness.get("/api/auth/sessions", access);
        assertEquals(200, list.statusCode(), list.body());
        for (JsonNode item : harness.json(list).get("items")) {
            if (item.get("id").asText().equals(id)) {
                return item;
            }
        }
        throw new AssertionError("no session " + id + " in " + list.body());
    }

    /** A code that is none of the window's. */
    private static String wrongCode(byte[] key) {
        Instant now = harness.clock.instant();
        List<String> valid = List.of(AuthenticatorApp.code(key, now, -1), AuthenticatorApp.code(key, now, 0), AuthenticatorApp.code(key, now, 1));
        for (int candidate = 0; ; candidate++) {
            String code = String.format(Locale.ROOT, "%06d", candidate);
            if (!valid.contains(code)) {
                return code;
            }
        }
    }

    private static void assertGranted(HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), response.body());
        assertFalse(harness.json(response).get("accessToken").asText().isEmpty());
    }

    private static void assertRefused(HttpResponse<String> response) {
        assertEquals(401, response.statusCode(), response.body());
        assertEquals("two-factor-code-invalid", harness.json(response).get("code").asText());
    }

    private static void assertChallengeInvalid(HttpResponse<String> response) {
        assertEquals(401, response.statusCode(), response.body());
        assertEquals("login-challenge-invalid", harness.json(response).get("code").asText());
    }
}
