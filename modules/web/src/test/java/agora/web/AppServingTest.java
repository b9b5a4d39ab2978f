package agora.web;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import agora.platform.host.testing.ApiClient;
import agora.platform.host.testing.ApiResponse;
import agora.platform.host.testing.TestHost;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The app as a browser gets it from the pod: its files with the right caching, its routes answered
 * with {@code index.html} only for a page request, and the server's own paths left alone.
 */
class AppServingTest {
    private static final String INDEX = "<!DOCTYPE html><html><head><script type=\"module\" src=\"/assets/index-abc123.js\"></script></head></html>";
    private static final String PAGE = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
    private static TestHost pod;

    @BeforeAll
    static void start() {
        pod = TestHost.with(TestHost.service("territory"), TestHost.service("auth"), new WebService(Assets.of(Map.of(
                        "index.html", INDEX.getBytes(StandardCharsets.UTF_8),
                        "assets/index-abc123.js", "console.log('app')".getBytes(StandardCharsets.UTF_8),
                        "assets/index-abc123.css", "body{}".getBytes(StandardCharsets.UTF_8),
                        "favicon.svg", "<svg/>".getBytes(StandardCharsets.UTF_8)))))
                .territory("IN").start();
    }

    @AfterAll
    static void stop() {
        pod.close();
    }

    private static ApiClient browser() {
        return pod.api().header("Accept", PAGE);
    }

    @Test
    void theRootAndEveryAppRouteAnswerTheAppUncached() {
        for (String path : new String[] {"/", "/sign-in", "/verify-email", "/members/7f0c/followers", "/no/such/page"}) {
            ApiResponse page = browser().get(path).expect(200);
            assertEquals(INDEX, page.body(), path);
            assertEquals("text/html; charset=UTF-8", page.header("Content-Type").orElseThrow(), path);
            assertEquals("no-cache", page.header("Cache-Control").orElseThrow(), path);
            assertEquals(AppFilter.CONTENT_SECURITY_POLICY, page.header("Content-Security-Policy").orElseThrow(), path);
        }
    }

    @Test
    void theContentSecurityPolicyAllowsOnlyOurOwnOriginAndNoInlineScript() {
        String policy = browser().get("/").expect(200).header("Content-Security-Policy").orElseThrow();
        assertTrue(policy.contains("default-src 'self'"), policy);
        assertTrue(policy.contains("script-src 'self';"), policy);
        assertTrue(policy.contains("connect-src 'self'"), policy);
        assertTrue(policy.contains("frame-ancestors 'none'"), policy);
        assertFalse(policy.contains("unsafe-inline"), policy);
        assertFalse(policy.contains("unsafe-eval"), policy);
        assertFalse(policy.contains("http"), policy);
    }

    @Test
    void hashedAssetsAreCachedForAYearAndOtherFilesRevalidated() {
        ApiResponse script = pod.api().get("/assets/index-abc123.js").expect(200);
        assertEquals("console.log('app')", script.body());
        assertEquals("text/javascript; charset=UTF-8", script.header("Content-Type").orElseThrow());
        assertEquals("public, max-age=31536000, immutable", script.header("Cache-Control").orElseThrow());
        assertEquals("nosniff", script.header("X-Content-Type-Options").orElseThrow());
        assertEquals("text/css; charset=UTF-8", pod.api().get("/assets/index-abc123.css").expect(200)
                .header("Content-Type").orElseThrow());
        ApiResponse icon = browser().get("/favicon.svg").expect(200);
        assertEquals("image/svg+xml", icon.header("Content-Type").orElseThrow());
        assertEquals("no-cache", icon.header("Cache-Control").orElseThrow());
    }

    @Test
    void anUnknownFileIsA404ProblemEvenForABrowser() {
        browser().get("/assets/index-000000.js").problem(404, "no-such-route");
        pod.api().get("/assets/index-000000.js").problem(404, "no-such-route");
        browser().get("/robots.txt").problem(404, "no-such-route");
        browser().get("/assets/%2e%2e/index.html").problem(404, "no-such-route");
        browser().get("/assets/.hidden.js").problem(404, "no-such-route");
    }

    @Test
    void onlyAPageRequestGetsTheApp() {
        pod.api().get("/sign-in").problem(404, "no-such-route");
        pod.api().header("Accept", "*/*").get("/sign-in").problem(404, "no-such-route");
        pod.api().header("Accept", "application/json").get("/sign-in").problem(404, "no-such-route");
        pod.api().header("Accept", "text/html;q=0").get("/sign-in").problem(404, "no-such-route");
        browser().post("/sign-in", null).problem(404, "no-such-route");
        browser().delete("/").problem(404, "no-such-route");
    }

    @Test
    void theServersOwnPathsKeepTheirAnswersForABrowserToo() {
        assertTrue(browser().get("/api/territories").expect(200).header("Content-Type").orElseThrow()
                .startsWith("application/json"));
        browser().get("/api/no-such-thing").problem(404, "no-such-route");
        browser().get("/avatars/x").problem(404, "no-such-route");
        browser().get("/.well-known/nothing").problem(404, "no-such-route");
        browser().get("/operator").problem(404, "no-such-route");
        assertEquals(200, browser().get("/observe/health").status());
        assertFalse(browser().get("/openapi").body().contains("<!DOCTYPE html>"));
    }

    @Test
    void theAppTakesOverTheMailLinkPagesForABrowserAndAuthKeepsThemForEveryoneElse() {
        assertEquals(INDEX, browser().get("/verify-email?territory=IN&token=abc").expect(200).body());
        ApiResponse authPage = pod.api().get("/verify-email?territory=IN&token=abc").expect(200);
        assertFalse(authPage.body().contains("/assets/index-abc123.js"), authPage.body());
        assertTrue(authPage.header("Content-Security-Policy").orElseThrow().contains("sha256-"));
        assertEquals(204, pod.api().sendRaw("POST", "/api/auth/password/check",
                "{\"password\": \"river stones and paper lanterns\"}", "application/json").status());
    }

    @Test
    void aPodWithoutTheBuiltAppSaysHowToBuildItAndStillServesTheApi() {
        try (TestHost bare = TestHost.with(TestHost.service("territory"), new WebService(Assets.of(Map.of())))
                .territory("ID").start()) {
            ApiResponse page = bare.api().header("Accept", PAGE).get("/").expect(503);
            assertTrue(page.body().contains("Node 20"), page.body());
            bare.api().get("/api/territories").expect(200);
            bare.api().get("/assets/index-abc123.js").problem(404, "no-such-route");
        }
    }
}
