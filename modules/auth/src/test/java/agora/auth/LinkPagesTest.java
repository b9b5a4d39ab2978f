package agora.auth;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import agora.platform.host.testing.Member;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pages the mails link to ({@code /verify-email}, {@code /reset-password}, {@code /confirm-email}):
 * until a web UI exists the pod serves a minimal page at each, whose button posts the link's token
 * to the API. Opening a link does nothing by itself (mail scanners open links before people do).
 */
class LinkPagesTest {
    private static final Pattern SCRIPT = Pattern.compile("<script>(.*?)</script>", Pattern.DOTALL);
    private static final Pattern STYLE = Pattern.compile("<style>(.*?)</style>", Pattern.DOTALL);
    private static AuthHarness harness;

    @BeforeAll
    static void start() {
        harness = AuthHarness.shared("LT", Map.of(
                "agora.auth.password-reset.link", "https://agora.example/reset-password",
                "agora.auth.email.change-link", "https://agora.example/confirm-email"));
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void eachMailLinkOpensAPageWhoseButtonPostsTheTokenToTheApi() {
        Map<String, String> pages = Map.of(
                "/verify-email", "/api/auth/email/verify",
                "/reset-password", "/api/auth/password/reset",
                "/confirm-email", "/api/auth/email/change/confirm");
        pages.forEach((page, api) -> {
            HttpResponse<String> answer = harness.get(page + "?territory=LT&token=abcdefghijklmnopqrstuvwxyz012345", null);
            assertEquals(200, answer.statusCode(), page);
            assertEquals("text/html; charset=UTF-8", answer.headers().firstValue("Content-Type").orElseThrow(), page);
            String html = answer.body();
            assertTrue(html.startsWith("<!DOCTYPE html>"), page);
            assertTrue(html.contains("<html lang=\"en\">"), page);
            assertTrue(html.contains("<form") && html.contains("<button type=\"submit\""), page + ": a form and its button");
            assertTrue(html.contains("data-api=\"" + api + "\""), page + " posts to " + api);
            assertTrue(html.contains("role=\"status\"") || html.contains("aria-live"), page + ": the outcome is announced");
            for (String outcome : List.of("done", "failed", "missing")) {
                assertTrue(java.util.regex.Pattern.compile(" data-" + outcome + "=\"[^\"<>]+\"").matcher(html).find(),
                        page + ": the script's text for '" + outcome + "' is on the form");
            }
            assertFalse(html.contains("abcdefghijklmnopqrstuvwxyz012345"), page + ": the page is the same for every token");
            assertFalse(html.contains("http://") || html.contains("https://"), page + ": no external resources");
            assertSecurityHeaders(page, answer);
        });
    }

    @Test
    void theResetPageHasANewPasswordFieldAndWithoutATokenAsksForALink() {
        String html = harness.get("/reset-password?territory=LT&token=abc", null).body();
        assertTrue(html.contains("type=\"password\"") && html.contains("autocomplete=\"new-password\""), html);
        assertTrue(html.contains("<label for=\"password\""), "the field has a label");
        assertTrue(html.contains("<form id=\"ask\" hidden data-api=\"/api/auth/password/reset-request\""),
                "the page also asks for a new link when it came without a token (the password-changed notice links here)");
        assertTrue(html.contains("type=\"email\"") && html.contains("autocomplete=\"email\""), html);
    }

    @Test
    void openingAVerificationLinkVerifiesNothingUntilTheButtonIsPressed() {
        Member admin = harness.admin();
        String email = "newcomer-" + java.util.UUID.randomUUID() + "@example.org";
        harness.register(harness.invitation(admin, 1), email, Member.PASSWORD);
        String token = harness.verificationToken(email);
        assertTrue(harness.mail.to(email).getFirst().body().contains("https://agora.example/verify-email?territory=LT&token="),
                "the mail links to the page");

        assertEquals(200, harness.get("/verify-email?territory=LT&token=" + token, null).statusCode());
        String access = harness.login(email, Member.PASSWORD).get("accessToken").asText();
        assertFalse(harness.json(harness.get("/api/auth/me", access)).get("emailVerified").asBoolean(),
                "a GET changes nothing");
    }

    @Test
    void thePagesSpeakTheReadersLanguage() {
        for (Map.Entry<String, String> language : Map.of("da", "Bekræft", "sv", "Bekräfta", "nb", "Bekreft",
                "nn", "Stadfest").entrySet()) {
            String html = harness.get("/verify-email?territory=LT&token=x", null, "Accept-Language", language.getKey())
                    .body();
            assertTrue(html.contains("<html lang=\"" + language.getKey() + "\">"), language.getKey());
            assertTrue(html.contains(language.getValue()), language.getKey() + ": " + html);
        }
    }

    @Test
    void onlyGetIsServedAtThePages() {
        HttpResponse<String> post = harness.postRaw("/verify-email", null, "{}");
        assertEquals(405, post.statusCode());
    }

    private static void assertSecurityHeaders(String page, HttpResponse<String> answer) {
        String csp = answer.headers().firstValue("Content-Security-Policy").orElseThrow();
        List<String> directives = List.of(csp.split(";\\s*"));
        assertTrue(directives.contains("default-src 'none'"), csp);
        assertTrue(directives.contains("connect-src 'self'"), csp);
        assertTrue(directives.contains("frame-ancestors 'none'"), csp);
        assertTrue(directives.contains("base-uri 'none'"), csp);
        assertTrue(directives.contains("form-action 'none'"), csp);
        assertFalse(csp.contains("unsafe"), csp);
        // The inline script and style run only because the policy names their hashes.
        String html = answer.body();
        assertTrue(directives.contains("script-src '" + hash(SCRIPT, html) + "'"), page + ": " + csp);
        assertTrue(directives.contains("style-src '" + hash(STYLE, html) + "'"), page + ": " + csp);
        assertEquals("no-referrer", answer.headers().firstValue("Referrer-Policy").orElseThrow(), page);
        assertEquals("nosniff", answer.headers().firstValue("X-Content-Type-Options").orElseThrow(), page);
        assertTrue(answer.headers().firstValue("Cache-Control").orElseThrow().contains("no-store"), page);
    }

    private static String hash(Pattern element, String html) {
        Matcher matcher = element.matcher(html);
        assertTrue(matcher.find(), "no " + element);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(matcher.group(1).getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
