package agora.platform.security;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import agora.platform.contract.TerritoryCode;
import agora.platform.core.Limits;
import agora.platform.core.problem.ProblemException;
import agora.platform.data.Platform;
import agora.platform.data.territory.TerritoryResolver;
import agora.platform.security.token.PublicKeys;
import agora.platform.state.InProcessState;
import agora.platform.testing.TestClock;
import agora.platform.web.AgoraServer;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.http.HeaderNames;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The HTTP key source against a real JWKS endpoint: a key rotated in is fetched when its first
 * token arrives, unknown kids cause at most one fetch per interval, a withdrawn key stops working
 * once the set is reloaded, and an unreachable endpoint leaves the known keys in place.
 */
@ServerTest
class HttpKeysTest {
    private static final TestClock CLOCK = new TestClock(Instant.parse("2026-03-01T12:00:00Z"));
    private static final RSAKey FIRST = Tokens.rsaKey("2026-03-a");
    private static final RSAKey SECOND = Tokens.rsaKey("2026-03-b");
    private static final JwksServer JWKS = JwksServer.start(Tokens.jwks(FIRST));
    /** The process serves two territories: one load of the keys fetches both their sets. */
    private static final int SETS = 2;

    private final Http1Client client;

    HttpKeysTest(Http1Client client) {
        this.client = client;
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        Platform platform = TestPlatform.get();
        SecurityConfig config = SecurityConfig.from(Config.just(ConfigSources.create(Map.of(
                "agora.security.issuer", Tokens.ISSUER,
                "agora.security.jwks-url", JWKS.url().toString(),
                "agora.security.jwks-refetch-interval", "PT10S",
                "agora.security.jwks-max-age", "PT5M"))).get("agora.security"));
        PublicKeys keys = PublicKeys.configured(config, CLOCK,
                () -> List.of(TerritoryCode.of("DK"), TerritoryCode.of("SE")), () -> false, territory -> {
                    throw new IllegalStateException("a configured jwks-url must be used");
                });
        FakeOwners owners = new FakeOwners();
        Security security = Security.create(config, CLOCK, TestPlatform.resolver(), keys,
                new InProcessState(CLOCK).cache("authz"), owners, owners);
        AgoraServer.configure(server, new AgoraServer.Settings("127.0.0.1", 0, 0, Limits.DEFAULT), platform.json(),
                routes -> routes.get("/api/me", security.guards().authenticated(Echo::principal)),
                operator -> { });
    }

    @AfterAll
    static void stop() {
        JWKS.close();
    }

    @BeforeEach
    void freshKeySet() {
        JWKS.serve(Tokens.jwks(FIRST));
        // Past the maximum age: each test's first token fetches the set.
        CLOCK.advance(Duration.ofMinutes(6));
    }

    @Test
    void everyTerritorysKeySetIsFetchedAndEachOfItsKeysVerifies() {
        // Keys are per territory: a service deployed apart asks auth for each territory's set.
        JWKS.serve("DK", Tokens.jwks(FIRST));
        JWKS.serve("SE", Tokens.jwks(SECOND));
        Http.ok(get(token(FIRST)));
        Http.ok(get(token(SECOND)));
        assertEquals(Set.of("DK", "SE"), JWKS.askedFor());
    }

    @Test
    void aKeyRotatedInIsFetchedAtItsFirstToken() {
        Http.ok(get(token(FIRST)));
        int fetches = JWKS.requests();

        JWKS.serve(Tokens.jwks(FIRST, SECOND));
        CLOCK.advance(Duration.ofSeconds(11));
        Http.ok(get(token(SECOND)));
        assertEquals(fetches + SETS, JWKS.requests(), "the unknown kid caused one fetch");
        Http.ok(get(token(FIRST)));
        Http.ok(get(token(SECOND)));
        assertEquals(fetches + SETS, JWKS.requests(), "known kids cause none");
    }

    @Test
    void unknownKidsCauseAtMostOneFetchPerInterval() {
        Http.ok(get(token(FIRST)));
        int fetches = JWKS.requests();
        RSAKey stranger = Tokens.rsaKey("stranger");
        for (int i = 0; i < 25; i++) {
            String forged = Tokens.sign(stranger, Tokens.header(stranger).keyID("random-" + i).build(),
                    Tokens.claims(UUID.randomUUID(), UUID.randomUUID(), "dk", CLOCK.instant()).build());
            Http.invalidToken(get(forged), "invalid-token");
        }
        assertEquals(fetches, JWKS.requests(), "the set was fetched less than an interval ago");

        // A genuinely new key within the interval has to wait for it, too.
        JWKS.serve(Tokens.jwks(FIRST, SECOND));
        Http.invalidToken(get(token(SECOND)), "invalid-token");
        CLOCK.advance(Duration.ofSeconds(10));
        Http.ok(get(token(SECOND)));
        assertEquals(fetches + SETS, JWKS.requests());
        for (int i = 0; i < 25; i++) {
            String forged = Tokens.sign(stranger, Tokens.header(stranger).keyID("again-" + i).build(),
                    Tokens.claims(UUID.randomUUID(), UUID.randomUUID(), "dk", CLOCK.instant()).build());
            Http.invalidToken(get(forged), "invalid-token");
        }
        assertEquals(fetches + SETS, JWKS.requests());
    }

    @Test
    void aWithdrawnKeyStopsWorkingOnceTheSetIsReloaded() {
        Http.ok(get(token(FIRST)));
        JWKS.serve(Tokens.jwks(SECOND));
        CLOCK.advance(Duration.ofMinutes(4));
        Http.ok(get(token(FIRST)));
        CLOCK.advance(Duration.ofMinutes(2));
        Http.invalidToken(get(token(FIRST)), "invalid-token");
        Http.ok(get(token(SECOND)));
    }

    @Test
    void anUnreachableKeyServiceLeavesTheKnownKeysInPlace() {
        Http.ok(get(token(FIRST)));
        int fetches = JWKS.requests();
        JWKS.fail(500);
        CLOCK.advance(Duration.ofMinutes(6));
        Http.ok(get(token(FIRST)));
        assertEquals(fetches + 1, JWKS.requests(), "the stale set was due for a reload, which failed");
    }

    @Test
    void onlyRsaSigningKeysWithAKidAreUsed() throws Exception {
        RSAKey good = new RSAKeyGenerator(2048).keyID("good").keyUse(KeyUse.SIGNATURE)
                .algorithm(JWSAlgorithm.RS256).generate();
        RSAKey plain = new RSAKeyGenerator(2048).keyID("plain").generate();
        RSAKey encryption = new RSAKeyGenerator(2048).keyID("enc").keyUse(KeyUse.ENCRYPTION).generate();
        RSAKey rs512 = new RSAKeyGenerator(2048).keyID("rs512").algorithm(JWSAlgorithm.RS512).generate();
        RSAKey small = new RSAKeyGenerator(1024, true).keyID("small").generate();
        RSAKey noKid = new RSAKeyGenerator(2048).generate();
        RSAKey twinA = new RSAKeyGenerator(2048).keyID("twin").generate();
        RSAKey twinB = new RSAKeyGenerator(2048).keyID("twin").generate();
        ECKey ec = new ECKeyGenerator(Curve.P_256).keyID("ec").keyUse(KeyUse.SIGNATURE).generate();
        String jwks = Tokens.jwks(good, plain, encryption, rs512, small, noKid, twinA, twinB, ec);
        // A key type this code does not know must not hide the others.
        jwks = jwks.replace("{\"keys\":[", "{\"keys\":[{\"kty\":\"AKP\",\"kid\":\"odd\",\"alg\":\"ML-DSA-44\"},");
        try (JwksServer server = JwksServer.start(jwks)) {
            PublicKeys keys = PublicKeys.http(server.url(), CLOCK, Duration.ofSeconds(10), Duration.ofMinutes(5));
            assertEquals(good.toRSAPublicKey(), keys.find("good").orElseThrow());
            assertEquals(plain.toRSAPublicKey(), keys.find("plain").orElseThrow());
            for (String refused : List.of("enc", "rs512", "small", "twin", "ec", "odd")) {
                assertFalse(keys.find(refused).isPresent(), refused);
            }
            assertEquals(1, server.requests());
        }
    }

    @Test
    void withoutAnyKeySetTokensCannotBeJudgedAnd503Follows() {
        for (int status : List.of(500, 302)) {
            try (JwksServer server = JwksServer.start(Tokens.jwks(FIRST))) {
                server.fail(status);
                PublicKeys keys = PublicKeys.http(server.url(), CLOCK, Duration.ofSeconds(10), Duration.ofMinutes(5));
                ProblemException problem = assertThrows(ProblemException.class, () -> keys.find(FIRST.getKeyID()));
                assertEquals(503, problem.kind().status());
                assertTrue(problem.headers().containsKey("Retry-After"));
                assertThrows(ProblemException.class, () -> keys.find(FIRST.getKeyID()));
                assertEquals(1, server.requests(), "no second attempt within the interval");
            }
        }
    }

    @Test
    void aRedirectIsNotFollowedEvenToAServerThatHoldsTheRightKeys() {
        try (JwksServer trusted = JwksServer.start(Tokens.jwks(FIRST));
             JwksServer elsewhere = JwksServer.start(Tokens.jwks(FIRST))) {
            // The configured URL is the one trusted: a redirect (a hijacked proxy, a mistaken
            // rewrite) must not lead the verifier to keys somewhere else, however genuine they look.
            trusted.redirectTo(elsewhere.url());
            PublicKeys keys = PublicKeys.http(trusted.url(), CLOCK, Duration.ofSeconds(10), Duration.ofMinutes(5));
            ProblemException problem = assertThrows(ProblemException.class, () -> keys.find(FIRST.getKeyID()));
            assertEquals(503, problem.kind().status());
            assertEquals(1, trusted.requests());
            assertEquals(0, elsewhere.requests(), "the redirect was not followed");
        }
    }

    @Test
    void anInProcessKeySetIsUsedTheSameWay() {
        List<JWK> published = new CopyOnWriteArrayList<>(List.of(FIRST));
        PublicKeys keys = PublicKeys.inProcess(() -> Tokens.jwks(published.toArray(JWK[]::new)), CLOCK,
                Duration.ofSeconds(10), Duration.ofMinutes(5));
        assertTrue(keys.find(FIRST.getKeyID()).isPresent());
        published.add(SECOND);
        assertFalse(keys.find(SECOND.getKeyID()).isPresent());
        assertFalse(keys.refresh(), "reloaded less than an interval ago");
        CLOCK.advance(Duration.ofSeconds(10));
        assertTrue(keys.refresh());
        assertTrue(keys.find(SECOND.getKeyID()).isPresent());
    }

    private HttpClientResponse get(String token) {
        return client.get("/api/me")
                .header(HeaderNames.AUTHORIZATION, "Bearer " + token)
                .header(TerritoryResolver.TERRITORY_HEADER, "DK")
                .request();
    }

    private static String token(RSAKey key) {
        return Tokens.sign(key, Tokens.claims(UUID.randomUUID(), UUID.randomUUID(), "dk", CLOCK.instant()).build());
    }
}
