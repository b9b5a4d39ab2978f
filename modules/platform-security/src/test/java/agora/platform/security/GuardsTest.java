package agora.platform.security;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import agora.auth.api.AccountRoles;
import agora.auth.api.AccountStatus;
import agora.platform.contract.Permission;
import agora.platform.core.Limits;
import agora.platform.data.Platform;
import agora.platform.data.territory.TerritoryResolver;
import agora.platform.security.authz.AuthorizationView;
import agora.platform.security.token.PublicKeys;
import agora.platform.security.token.TokenVerifier;
import agora.platform.state.InProcessState;
import agora.platform.testing.TestClock;
import agora.platform.web.AgoraServer;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.RSAKey;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.http.HeaderNames;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import org.junit.jupiter.api.Test;

import static agora.platform.security.TestPlatform.DK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Route guards over real HTTP: roles, permissions, account status and sessions from the
 * authorization view. A change made through the view (what the event consumers do) is
 * honoured by the very next request; facts the view does not hold are asked of their owner once.
 */
@ServerTest
class GuardsTest {
    private static final TestClock CLOCK = new TestClock(Instant.parse("2026-03-01T12:00:00Z"));
    private static final RSAKey KEY = Tokens.rsaKey("guards-key");
    private static final FakeOwners OWNERS = new FakeOwners();
    private static AuthorizationView view;
    private static Guards guards;

    private final Http1Client client;

    GuardsTest(Http1Client client) {
        this.client = client;
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        Platform platform = TestPlatform.get();
        SecurityConfig config = SecurityConfig.from(Config.just(ConfigSources.create(Map.of(
                "agora.security.issuer", Tokens.ISSUER,
                "agora.security.authorization-ttl", "PT10M",
                "agora.security.max-token-lifetime", "PT15M"))).get("agora.security"));
        PublicKeys keys = PublicKeys.inProcess(() -> Tokens.jwks(KEY), CLOCK, Duration.ofSeconds(10),
                Duration.ofMinutes(5));
        Security security = Security.create(config, CLOCK, TestPlatform.resolver(), keys,
                new InProcessState(CLOCK).cache("authz"), OWNERS, OWNERS);
        view = security.view();
        guards = security.guards();
        AgoraServer.configure(server, new AgoraServer.Settings("127.0.0.1", 0, 0, Limits.DEFAULT), platform.json(),
                routes -> routes
                        .get("/api/me", guards.authenticated(Echo::principal))
                        .get("/api/appeal", guards.allowingRestricted(Echo::principal))
                        .get("/api/appeal/inner", guards.allowingRestricted(guards.authenticated(Echo::principal)))
                        .get("/api/feed", guards.optional(Echo::principal))
                        .post("/api/logout", guards.endingSession(Echo::principal))
                        .get("/api/territory/settings", guards.role("territory-admin", Echo::principal))
                        .post("/api/posts", guards.permission(new Permission("forum.post"), Echo::principal))
                        .post("/api/moderation", guards.role("moderator", guards.permission(new Permission("forum.moderate"),
                                Echo::principal))),
                operator -> { });
    }

    @Test
    void roleGuardNeedsARoleTheAccountHolds() {
        Member member = new Member();
        JsonNode problem = Http.problem(member.get("/api/territory/settings"), 403, "forbidden");
        assertEquals("This needs the role territory-admin.", problem.get("detail").asText());
        Member admin = new Member("territory-admin");
        assertEquals(admin.user.toString(), Http.ok(admin.get("/api/territory/settings")).get("user").asText());
    }

    @Test
    void aRoleGrantedOrWithdrawnInTheViewCountsAtTheNextRequestWhateverTheTokenSays() {
        Member member = new Member();
        Http.problem(member.get("/api/territory/settings"), 403, "forbidden");
        view.setRoles(DK, member.user, new AccountRoles(Set.of("territory-admin"), Set.of()));
        Http.ok(member.get("/api/territory/settings"));

        Member admin = new Member("territory-admin");
        Http.ok(admin.get("/api/territory/settings"));
        view.setRoles(DK, admin.user, AccountRoles.NONE);
        Http.problem(admin.get("/api/territory/settings"), 403, "forbidden");

        // A grant of a role that needs a second factor is withheld from a password-only session.
        view.setRoles(DK, member.user, new AccountRoles(Set.of("territory-admin"), Set.of("territory-admin")));
        Http.problem(member.get("/api/territory/settings"), 403, "two-factor-enrolment-required");
    }

    @Test
    void aRoleTheTokenWithholdsUntilTwoFactorSignInIsRefusedWithItsOwnCode() {
        UUID user = UUID.randomUUID();
        OWNERS.roles.put(user, new AccountRoles(Set.of("territory-admin"), Set.of("territory-admin")));
        String withheld = Tokens.sign(KEY, Tokens.claims(user, UUID.randomUUID(), "dk", CLOCK.instant())
                .claim("amr", List.of("pwd"))
                .claim("withheld_roles", List.of("territory-admin")).build());
        HttpClientResponse response = get("/api/territory/settings", withheld);
        assertEquals("Bearer error=\"insufficient_scope\"",
                response.headers().first(HeaderNames.WWW_AUTHENTICATE).orElseThrow());
        JsonNode problem = Http.problem(response, 403, "two-factor-enrolment-required");
        assertTrue(problem.get("detail").asText().contains("territory-admin"), problem.toString());
        // Everything a member may do still works.
        Http.ok(get("/api/me", withheld));
        String signedInWithOtp = Tokens.sign(KEY, Tokens.claims(user, UUID.randomUUID(), "dk", CLOCK.instant(),
                "territory-admin").claim("amr", List.of("pwd", "otp")).build());
        Http.ok(get("/api/territory/settings", signedInWithOtp));
    }

    @Test
    void refusedRoleOrPermissionSaysInsufficientScope() {
        HttpClientResponse response = new Member().get("/api/territory/settings");
        assertEquals("Bearer error=\"insufficient_scope\"",
                response.headers().first(HeaderNames.WWW_AUTHENTICATE).orElseThrow());
        Http.problem(response, 403, "forbidden");
    }

    @Test
    void permissionGuardAsksTheViewAndNamesTheMissingPermission() {
        Member member = new Member();
        JsonNode problem = Http.problem(member.post("/api/posts"), 403, "missing-permission");
        assertTrue(problem.get("detail").asText().contains("forum.post"), problem.toString());
        JsonNode danish = Http.problem(client.post("/api/posts")
                .header(HeaderNames.AUTHORIZATION, "Bearer " + member.token)
                .header(HeaderNames.ACCEPT_LANGUAGE, "da")
                .request(), 403, "missing-permission");
        assertEquals("Dette kræver tilladelsen forum.post.", danish.get("detail").asText());
    }

    @Test
    void aGrantOrRevocationInTheViewIsHonouredByTheNextRequest() {
        Member member = new Member();
        Http.problem(member.post("/api/posts"), 403, "missing-permission");

        view.grant(DK, member.user, new Permission("forum.post"));
        Http.ok(member.post("/api/posts"));

        view.revoke(DK, member.user, new Permission("forum.post"));
        Http.problem(member.post("/api/posts"), 403, "missing-permission");
    }

    @Test
    void permissionsComeFromTheOwnerOnceThenFromTheView() {
        Member member = new Member();
        OWNERS.permissions.put(member.user, Set.of("forum.post"));
        int before = OWNERS.permissionLoads.get();
        Http.ok(member.post("/api/posts"));
        Http.ok(member.post("/api/posts"));
        Http.ok(member.post("/api/posts"));
        assertEquals(before + 1, OWNERS.permissionLoads.get(), "one load on the miss, none on hits");
    }

    @Test
    void aMissedEventHealsWhenTheEntryExpires() {
        Member member = new Member();
        view.grant(DK, member.user, new Permission("forum.post"));
        Http.ok(member.post("/api/posts"));
        // The owner revoked it, but the event never arrived: the entry's TTL bounds the damage.
        OWNERS.permissions.put(member.user, Set.of());
        CLOCK.advance(Duration.ofMinutes(9));
        Http.ok(member.post("/api/posts"));
        CLOCK.advance(Duration.ofMinutes(2));
        Member sameUserNewToken = new Member(member.user);
        Http.problem(sameUserNewToken.post("/api/posts"), 403, "missing-permission");
    }

    @Test
    void aRevokedSessionIsRefusedAtTheNextRequest() {
        Member member = new Member();
        Http.ok(member.get("/api/me"));
        view.revokeSession(DK, member.session);
        Http.invalidToken(member.get("/api/me"), "session-revoked");
        Http.invalidToken(member.get("/api/feed"), "session-revoked");
        // Another session of the same user is not affected.
        Http.ok(new Member(member.user).get("/api/me"));
    }

    @Test
    void aRevokedSessionIsRememberedLongerThanTheViewsTtl() {
        UUID user = UUID.randomUUID();
        UUID session = UUID.randomUUID();
        // A token that outlives the view's TTL (the longest lifetime the configuration allows).
        String token = Tokens.sign(KEY, Tokens.claims(user, session, "dk", CLOCK.instant())
                .expirationTime(Date.from(CLOCK.instant().plus(Duration.ofMinutes(15)))).build());
        view.revokeSession(DK, session);
        CLOCK.advance(Duration.ofMinutes(12));
        // The owner does not know (yet): the view's own record must still refuse.
        Http.invalidToken(get("/api/me", token), "session-revoked");
    }

    @Test
    void sessionsRevokedAtTheOwnerAreRefusedOnAMiss() {
        UUID session = UUID.randomUUID();
        OWNERS.revokedSessions.add(session);
        Member member = new Member(UUID.randomUUID(), session);
        Http.invalidToken(member.get("/api/me"), "session-revoked");
    }

    @Test
    void suspendedAndDeletedAccountsAreRefused() {
        Member member = new Member();
        Http.ok(member.get("/api/me"));

        view.setStatus(DK, member.user, AccountStatus.SUSPENDED);
        Http.problem(member.get("/api/me"), 403, "account-suspended");
        Http.problem(member.get("/api/feed"), 403, "account-suspended");

        view.setStatus(DK, member.user, AccountStatus.ACTIVE);
        Http.ok(member.get("/api/me"));

        view.setStatus(DK, member.user, AccountStatus.DELETED);
        Http.invalidToken(member.get("/api/me"), "account-deleted");
    }

    @Test
    void aRestrictedSessionReachesOnlyTheRoutesThatAdmitItWhateverItsAccountsStatus() {
        UUID user = UUID.randomUUID();
        String restricted = Tokens.sign(KEY, Tokens.claims(user, UUID.randomUUID(), "dk", CLOCK.instant(),
                "territory-admin").claim("scope", "appeal").build());
        view.setStatus(DK, user, AccountStatus.SUSPENDED);
        assertEquals(user.toString(), Http.ok(get("/api/appeal", restricted)).get("user").asText());
        for (String path : List.of("/api/me", "/api/feed", "/api/territory/settings", "/api/appeal/inner")) {
            JsonNode problem = Http.problem(get(path, restricted), 403, "account-suspended");
            assertTrue(problem.get("detail").asText().contains("Sign in again"), path + ": " + problem);
        }
        Http.problem(post("/api/posts", restricted), 403, "account-suspended");
        // The suspension ends; the session stays restricted until the member signs in again.
        view.setStatus(DK, user, AccountStatus.ACTIVE);
        Http.ok(get("/api/appeal", restricted));
        Http.problem(get("/api/me", restricted), 403, "account-suspended");
        // A full token of a suspended account is refused even where restricted sessions are admitted.
        Member full = new Member(user);
        view.setStatus(DK, user, AccountStatus.SUSPENDED);
        Http.problem(full.get("/api/appeal"), 403, "account-suspended");
        view.setStatus(DK, user, AccountStatus.ACTIVE);
        Http.ok(full.get("/api/appeal"));
        Http.ok(full.get("/api/me"));
        // Deleted accounts and revoked sessions are refused as ever.
        view.setStatus(DK, user, AccountStatus.DELETED);
        Http.invalidToken(get("/api/appeal", restricted), "account-deleted");
    }

    @Test
    void aScopeClaimThatIsNotASpaceSeparatedStringIsRefused() {
        UUID user = UUID.randomUUID();
        for (Object scope : List.<Object>of(List.of("appeal"), " appeal", "appeal  other", "", 7)) {
            String token = Tokens.sign(KEY, Tokens.claims(user, UUID.randomUUID(), "dk", CLOCK.instant())
                    .claim("scope", scope).build());
            Http.invalidToken(get("/api/appeal", token), "invalid-token");
        }
        String two = Tokens.sign(KEY, Tokens.claims(user, UUID.randomUUID(), "dk", CLOCK.instant())
                .claim("scope", "appeal appeal").build());
        Http.ok(get("/api/appeal", two));
    }

    private HttpClientResponse post(String path, String token) {
        return client.post(path)
                .header(HeaderNames.AUTHORIZATION, "Bearer " + token)
                .header(TerritoryResolver.TERRITORY_HEADER, "DK")
                .request();
    }

    @Test
    void statusComesFromTheOwnerOnAMiss() {
        UUID suspended = UUID.randomUUID();
        OWNERS.statuses.put(suspended, AccountStatus.SUSPENDED);
        Http.problem(new Member(suspended).get("/api/me"), 403, "account-suspended");
        int loads = OWNERS.statusLoads.get();
        Http.problem(new Member(suspended).get("/api/me"), 403, "account-suspended");
        assertEquals(loads, OWNERS.statusLoads.get(), "the second request is answered by the view");
    }

    /*
     * The server above is built once, before PIT attributes coverage to any test, so a guard that
     * wrapped nothing would go unseen there: here each guard is made inside the test and answers
     * an anonymous caller as its route promises.
     */
    @Test
    void eachGuardMadeForARouteAnswersAnAnonymousCallerAsDocumented() {
        WebServer server = AgoraServer.start(new AgoraServer.Settings("127.0.0.1", 0, 0, Limits.DEFAULT),
                TestPlatform.get().json(),
                routes -> routes
                        .get("/restricted", guards.allowingRestricted(Echo::principal))
                        .get("/optional", guards.optional(Echo::principal))
                        .post("/ending", guards.endingSession(Echo::principal))
                        .get("/role", guards.role("moderator", Echo::principal)),
                operator -> { });
        try {
            Http1Client fresh = Http1Client.builder().baseUri("http://127.0.0.1:" + server.port()).build();
            Http.refused(fresh.get("/restricted").request(), "unauthenticated", "Bearer");
            Http.refused(fresh.get("/role").request(), "unauthenticated", "Bearer");
            assertEquals("anonymous", Http.ok(fresh.get("/optional").request()).get("user").asText());
            assertEquals("anonymous", Http.ok(fresh.post("/ending").request()).get("user").asText());
        } finally {
            server.stop();
        }
    }

    @Test
    void optionalGuardLetsAnonymousRequestsThroughButRefusesBadTokens() {
        assertEquals("anonymous", Http.ok(client.get("/api/feed").request()).get("user").asText());
        Member member = new Member();
        assertEquals(member.user.toString(), Http.ok(member.get("/api/feed")).get("user").asText());
        Http.invalidToken(get("/api/feed", "not-a-token"), "invalid-token");
    }

    @Test
    void theSessionEndingGuardChecksTheTokenButNotWhetherItsSessionOrAccountStillStands() {
        assertEquals("anonymous", Http.ok(client.post("/api/logout").request()).get("user").asText());
        Member member = new Member();
        assertEquals(member.user.toString(), Http.ok(member.post("/api/logout")).get("user").asText());
        view.revokeSession(DK, member.session);
        assertEquals(member.session.toString(), Http.ok(member.post("/api/logout")).get("session").asText(),
                "a session that already ended: the handler decides");
        view.setStatus(DK, member.user, AccountStatus.DELETED);
        Http.ok(member.post("/api/logout"));

        Http.invalidToken(client.post("/api/logout").header(HeaderNames.AUTHORIZATION, "Bearer not-a-token")
                .header(TerritoryResolver.TERRITORY_HEADER, "DK").request(), "invalid-token");
        String expired = Tokens.sign(KEY, Tokens.claims(UUID.randomUUID(), UUID.randomUUID(), "dk",
                CLOCK.instant().minus(Duration.ofHours(1))).build());
        Http.invalidToken(client.post("/api/logout").header(HeaderNames.AUTHORIZATION, "Bearer " + expired)
                .header(TerritoryResolver.TERRITORY_HEADER, "DK").request(), "token-expired");
    }

    @Test
    void authenticatedGuardRefusesAnonymousRequests() {
        Http.refused(client.get("/api/me").request(), "unauthenticated", "Bearer");
        Http.refused(client.post("/api/posts").request(), "unauthenticated", "Bearer");
        Http.refused(client.get("/api/territory/settings").request(), "unauthenticated", "Bearer");
    }

    @Test
    void nestedGuardsCheckBothRules() {
        Member moderator = new Member("moderator");
        Http.problem(moderator.post("/api/moderation"), 403, "missing-permission");
        view.grant(DK, moderator.user, new Permission("forum.moderate"));
        Http.ok(moderator.post("/api/moderation"));
        Member member = new Member();
        view.grant(DK, member.user, new Permission("forum.moderate"));
        Http.problem(member.post("/api/moderation"), 403, "forbidden");
    }

    @Test
    void guardsRefuseMalformedRoleNames() {
        PublicKeys keys = PublicKeys.inProcess(() -> Tokens.jwks(KEY), CLOCK, Duration.ofSeconds(1),
                Duration.ofMinutes(1));
        Guards guards = new Guards(TokenVerifier.create(SecurityConfig.defaults(), keys, CLOCK), view,
                TestPlatform.resolver());
        assertThrows(IllegalArgumentException.class, () -> guards.role(" ", Echo::principal));
    }

    private HttpClientResponse get(String path, String token) {
        return client.get(path)
                .header(HeaderNames.AUTHORIZATION, "Bearer " + token)
                .header(TerritoryResolver.TERRITORY_HEADER, "DK")
                .request();
    }

    /** A signed-in user of DK with a fresh token. */
    private final class Member {
        final UUID user;
        final UUID session;
        final String token;

        Member(String... roles) {
            this(UUID.randomUUID(), UUID.randomUUID(), roles);
        }

        Member(UUID user) {
            this(user, UUID.randomUUID());
        }

        /* The account holds the roles its token lists, none needing a second factor. */
        Member(UUID user, UUID session, String... roles) {
            this.user = user;
            this.session = session;
            if (roles.length > 0) {
                OWNERS.roles.put(user, new AccountRoles(Set.of(roles), Set.of()));
            }
            this.token = Tokens.sign(KEY, Tokens.claims(user, session, "dk", CLOCK.instant(), roles).build());
        }

        HttpClientResponse get(String path) {
            return GuardsTest.this.get(path, token);
        }

        HttpClientResponse post(String path) {
            return client.post(path)
                    .header(HeaderNames.AUTHORIZATION, "Bearer " + token)
                    .header(TerritoryResolver.TERRITORY_HEADER, "DK")
                    .request();
        }
    }
}
