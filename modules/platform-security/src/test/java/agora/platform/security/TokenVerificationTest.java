package agora.platform.security;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import agora.platform.core.Limits;
import agora.platform.data.Platform;
import agora.platform.data.territory.TerritoryResolver;
import agora.platform.security.token.PublicKeys;
import agora.platform.security.token.TokenVerifier;
import agora.platform.state.InProcessState;
import agora.platform.testing.TestClock;
import agora.platform.web.AgoraServer;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.http.HeaderNames;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientRequest;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Access tokens as a guarded route sees them over real HTTP: a correct RS256 {@code at+jwt} token
 * of the request's territory passes and the handler sees its principal; every other token is a
 * 401 problem with a stable code and the RFC 6750 challenge.
 */
@ServerTest
class TokenVerificationTest {
    private static final FakeOwners OWNERS = new FakeOwners();
    private static final TestClock CLOCK = new TestClock(Instant.parse("2026-03-01T12:00:00Z"));
    private static final RSAKey KEY = Tokens.rsaKey("key-1");
    private static final AtomicReference<String> JWKS = new AtomicReference<>(Tokens.jwks(KEY));
    private static final AtomicInteger KEY_LOOKUPS = new AtomicInteger();

    private final Http1Client client;

    TokenVerificationTest(Http1Client client) {
        this.client = client;
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        Platform platform = TestPlatform.get();
        PublicKeys keys = PublicKeys.inProcess(JWKS::get, CLOCK, Duration.ofSeconds(10), Duration.ofMinutes(5));
        PublicKeys counted = new PublicKeys() {
            @Override
            public Optional<RSAPublicKey> find(String kid) {
                KEY_LOOKUPS.incrementAndGet();
                return keys.find(kid);
            }

            @Override
            public boolean refresh() {
                return keys.refresh();
            }
        };
        SecurityConfig config = SecurityConfig.from(Config.just(ConfigSources.create(Map.of(
                "agora.security.issuer", Tokens.ISSUER))).get("agora.security"));
        FakeOwners owners = OWNERS;
        Security security = Security.create(config, CLOCK, TestPlatform.resolver(), counted,
                new InProcessState(CLOCK).cache("authz"), owners, owners);
        AgoraServer.configure(server, new AgoraServer.Settings("127.0.0.1", 0, 0, Limits.DEFAULT), platform.json(),
                routes -> routes.get("/api/me", security.guards().authenticated(Echo::principal)),
                operator -> { });
    }

    @BeforeEach
    void later() {
        // Each test starts after any key-set reload window an earlier test may have opened.
        CLOCK.advance(Duration.ofMinutes(1));
    }

    @Test
    void validTokenPassesAndTheHandlerSeesItsPrincipal() {
        UUID user = UUID.randomUUID();
        UUID session = UUID.randomUUID();
        String token = Tokens.sign(KEY, Tokens.claims(user, session, "dk", now(), "member", "territory-admin").build());
        // The principal's roles are the account's, as the view (here the owner on a miss) says.
        OWNERS.roles.put(user, new agora.auth.api.AccountRoles(Set.of("member", "territory-admin"), Set.of()));
        JsonNode me = Http.ok(get(token));
        assertEquals(user.toString(), me.get("user").asText());
        assertEquals("DK", me.get("territory").asText());
        assertEquals(session.toString(), me.get("session").asText());
        assertEquals("[\"member\",\"territory-admin\"]", me.get("roles").toString());
        assertEquals(now().plus(Duration.ofMinutes(10)).toString(), me.get("expiresAt").asText());
    }

    @Test
    void tokenWithoutRolesHasNone() {
        String token = Tokens.sign(KEY, UUID.randomUUID(), UUID.randomUUID(), "dk", now(),
                claims -> claims.claim("roles", null));
        assertEquals("[]", Http.ok(get(token)).get("roles").toString());
    }

    @Test
    void missingTokenIsUnauthenticated() {
        Http.refused(client.get("/api/me").request(), "unauthenticated", "Bearer");
        Http.refused(client.get("/api/me").header(HeaderNames.AUTHORIZATION, "Basic YWxpY2U6c2VjcmV0").request(),
                "unauthenticated", "Bearer");
    }

    @Test
    void emptyOrRepeatedBearerIsInvalid() {
        Http.invalidToken(client.get("/api/me").header(HeaderNames.AUTHORIZATION, "Bearer ").request(),
                "invalid-token");
        String token = valid();
        Http.invalidToken(client.get("/api/me")
                .header(HeaderNames.AUTHORIZATION, "Bearer " + token, "Bearer " + token).request(), "invalid-token");
    }

    @Test
    void bearerSchemeIsCaseInsensitive() {
        Http.ok(client.get("/api/me").header(HeaderNames.AUTHORIZATION, "bearer " + valid()).request());
    }

    @Test
    void wrongSignatureIsInvalid() {
        RSAKey impostor = Tokens.rsaKey("key-1");
        Http.invalidToken(get(Tokens.sign(impostor, claims().build())), "invalid-token");
    }

    @Test
    void algNoneIsInvalid() {
        String header = Base64URL.encode("{\"alg\":\"none\",\"typ\":\"at+jwt\",\"kid\":\"key-1\"}").toString();
        String payload = Base64URL.encode(claims().build().toString()).toString();
        Http.invalidToken(get(header + "." + payload + "."), "invalid-token");
        Http.invalidToken(get(header + "." + payload + ".c2lnbmF0dXJl"), "invalid-token");
        String upper = Base64URL.encode("{\"alg\":\"NONE\",\"typ\":\"at+jwt\",\"kid\":\"key-1\"}").toString();
        Http.invalidToken(get(upper + "." + payload + ".c2lnbmF0dXJl"), "invalid-token");
    }

    @Test
    void hs256SignedWithThePublicKeyAsSecretIsInvalid() throws Exception {
        JWSHeader hs256 = new JWSHeader.Builder(JWSAlgorithm.HS256).type(new JOSEObjectType("at+jwt"))
                .keyID("key-1").build();
        List<byte[]> secrets = List.of(
                KEY.toRSAPublicKey().getEncoded(),
                KEY.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8),
                Tokens.jwks(KEY).getBytes(StandardCharsets.UTF_8));
        for (byte[] secret : secrets) {
            SignedJWT jwt = new SignedJWT(hs256, claims().build());
            jwt.sign(new MACSigner(secret));
            Http.invalidToken(get(jwt.serialize()), "invalid-token");
        }
    }

    @Test
    void otherAlgorithmsAreInvalidEvenWithTheRightKey() throws Exception {
        for (JWSAlgorithm algorithm : List.of(JWSAlgorithm.RS512, JWSAlgorithm.RS384, JWSAlgorithm.PS256)) {
            JWSHeader header = new JWSHeader.Builder(algorithm).type(new JOSEObjectType("at+jwt"))
                    .keyID("key-1").build();
            Http.invalidToken(get(Tokens.sign(KEY, header, claims().build())), "invalid-token");
        }
        ECKey ec = new ECKeyGenerator(Curve.P_256).keyID("key-1").generate();
        SignedJWT es256 = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("at+jwt"))
                .keyID("key-1").build(), claims().build());
        es256.sign(new ECDSASigner(ec));
        Http.invalidToken(get(es256.serialize()), "invalid-token");
    }

    @Test
    void unknownOrMissingKidIsInvalid() {
        RSAKey stranger = Tokens.rsaKey("key-unknown");
        Http.invalidToken(get(Tokens.sign(stranger, claims().build())), "invalid-token");
        JWSHeader noKid = new JWSHeader.Builder(JWSAlgorithm.RS256).type(new JOSEObjectType("at+jwt")).build();
        Http.invalidToken(get(Tokens.sign(KEY, noKid, claims().build())), "invalid-token");
    }

    @Test
    void expiredTokenIsRefusedBeyondTheClockSkew() {
        Instant issued = now().minus(Duration.ofMinutes(11));
        String expired = Tokens.sign(KEY, Tokens.claims(UUID.randomUUID(), UUID.randomUUID(), "dk", issued)
                .expirationTime(Date.from(now().minusSeconds(31))).build());
        Http.invalidToken(get(expired), "token-expired");
        String withinSkew = Tokens.sign(KEY, Tokens.claims(UUID.randomUUID(), UUID.randomUUID(), "dk", issued)
                .expirationTime(Date.from(now().minusSeconds(20))).build());
        Http.ok(get(withinSkew));
    }

    @Test
    void tokenNotYetValidIsRefusedBeyondTheClockSkew() {
        Instant future = now().plus(Duration.ofMinutes(2));
        Http.invalidToken(get(Tokens.sign(KEY, Tokens.claims(UUID.randomUUID(), UUID.randomUUID(), "dk", future)
                .build())), "token-not-yet-valid");
        Http.invalidToken(get(Tokens.sign(KEY, Tokens.claims(UUID.randomUUID(), UUID.randomUUID(), "dk", now())
                .notBeforeTime(null).issueTime(Date.from(future)).build())), "token-not-yet-valid");
        // nbf alone in the future (issued now): nbf is checked for itself.
        Http.invalidToken(get(Tokens.sign(KEY, Tokens.claims(UUID.randomUUID(), UUID.randomUUID(), "dk", now())
                .notBeforeTime(Date.from(future)).build())), "token-not-yet-valid");
        Http.ok(get(Tokens.sign(KEY, Tokens.claims(UUID.randomUUID(), UUID.randomUUID(), "dk", now().plusSeconds(20))
                .build())));
    }

    @Test
    void wrongTypIsInvalid() {
        for (JOSEObjectType type : List.of(JOSEObjectType.JWT, new JOSEObjectType("id+jwt"))) {
            Http.invalidToken(get(Tokens.sign(KEY, Tokens.header(KEY).type(type).build(), claims().build())),
                    "invalid-token");
        }
        Http.invalidToken(get(Tokens.sign(KEY, Tokens.header(KEY).type(null).build(), claims().build())),
                "invalid-token");
        // RFC 7515 lets the "application/" prefix be written out.
        Http.ok(get(Tokens.sign(KEY, Tokens.header(KEY).type(new JOSEObjectType("application/at+jwt")).build(),
                claims().build())));
    }

    @Test
    void tokenOfAnotherTerritoryIsWrongTerritory() {
        String norwegian = Tokens.sign(KEY, Tokens.claims(UUID.randomUUID(), UUID.randomUUID(), "no", now()).build());
        JsonNode problem = Http.invalidToken(get(norwegian, "DK"), "wrong-territory");
        assertEquals("The access token is for another territory than DK; sign in to DK.",
                problem.get("detail").asText());
        assertEquals("NO", Http.ok(get(norwegian, "NO")).get("territory").asText());
        String noAudience = Tokens.sign(KEY, UUID.randomUUID(), UUID.randomUUID(), "dk", now(),
                claims -> claims.audience(List.of()));
        Http.invalidToken(get(noAudience), "wrong-territory");
    }

    @Test
    void tamperedPayloadIsInvalid() {
        String token = valid();
        String[] parts = token.split("\\.");
        String forged = Base64URL.encode(claims().claim("roles", List.of("territory-admin")).build().toString())
                .toString();
        Http.invalidToken(get(parts[0] + "." + forged + "." + parts[2]), "invalid-token");
    }

    @Test
    void headersThatNameTheirOwnKeyAreRefusedEvenWhenTheSignatureIsRight() throws Exception {
        List<JWSHeader> headers = List.of(
                Tokens.header(KEY).jwkURL(URI.create("https://attacker.example/jwks.json")).build(),
                Tokens.header(KEY).x509CertURL(URI.create("https://attacker.example/cert.pem")).build(),
                Tokens.header(KEY).jwk(KEY.toPublicJWK()).build(),
                Tokens.header(KEY).x509CertChain(List.of(Base64.encode("not a certificate"))).build(),
                Tokens.header(KEY).criticalParams(Set.of("exp")).build());
        for (JWSHeader header : headers) {
            Http.invalidToken(get(Tokens.sign(KEY, header, claims().build())), "invalid-token");
        }
        // The classic attack: the attacker's own key, embedded and used.
        RSAKey attacker = Tokens.rsaKey("key-1");
        Http.invalidToken(get(Tokens.sign(attacker, Tokens.header(attacker).jwk(attacker.toPublicJWK()).build(),
                claims().build())), "invalid-token");
    }

    @Test
    void wrongIssuerIsInvalid() {
        Http.invalidToken(get(Tokens.sign(KEY, UUID.randomUUID(), UUID.randomUUID(), "dk", now(),
                claims -> claims.issuer("https://auth.elsewhere.example"))), "invalid-token");
    }

    @Test
    void malformedClaimsAreInvalid() {
        List<String> tokens = List.of(
                Tokens.sign(KEY, UUID.randomUUID(), UUID.randomUUID(), "dk", now(), c -> c.subject("alice")),
                Tokens.sign(KEY, UUID.randomUUID(), UUID.randomUUID(), "dk", now(), c -> c.subject("1-2-3-4-5")),
                Tokens.sign(KEY, UUID.randomUUID(), UUID.randomUUID(), "dk", now(), c -> c.claim("sid", null)),
                Tokens.sign(KEY, UUID.randomUUID(), UUID.randomUUID(), "dk", now(), c -> c.claim("sid", 42)),
                Tokens.sign(KEY, UUID.randomUUID(), UUID.randomUUID(), "dk", now(), c -> c.claim("roles", "admin")),
                Tokens.sign(KEY, UUID.randomUUID(), UUID.randomUUID(), "dk", now(), c -> c.claim("amr", "pwd")),
                Tokens.sign(KEY, UUID.randomUUID(), UUID.randomUUID(), "dk", now(),
                        c -> c.claim("withheld_roles", List.of(" "))),
                Tokens.sign(KEY, UUID.randomUUID(), UUID.randomUUID(), "dk", now(), c -> c.expirationTime(null)));
        for (String token : tokens) {
            Http.invalidToken(get(token), "invalid-token");
        }
    }

    @Test
    void garbageIsInvalid() {
        Http.invalidToken(get("not-a-token"), "invalid-token");
        Http.invalidToken(get("a.b.c"), "invalid-token");
        Http.invalidToken(get("e30.e30.e30"), "invalid-token");
        Http.invalidToken(get("a".repeat(9000) + ".b.c"), "invalid-token");
        // Too long even when well formed and rightly signed: refused before it is hashed or parsed.
        String padded = Tokens.sign(KEY, claims().claim("padding", "x".repeat(TokenVerifier.MAX_TOKEN_LENGTH)).build());
        Http.invalidToken(get(padded), "invalid-token");
        String fits = Tokens.sign(KEY, claims().claim("padding", "x".repeat(TokenVerifier.MAX_TOKEN_LENGTH / 2)).build());
        Http.ok(get(fits));
    }

    @Test
    void detailsAreTranslatedAndNeverShowKeyMaterial() {
        String expired = Tokens.sign(KEY, Tokens.claims(UUID.randomUUID(), UUID.randomUUID(), "dk",
                now().minus(Duration.ofMinutes(20))).build());
        JsonNode danish = Http.invalidToken(client.get("/api/me")
                .header(HeaderNames.AUTHORIZATION, "Bearer " + expired)
                .header(HeaderNames.ACCEPT_LANGUAGE, "da")
                .request(), "token-expired");
        assertEquals("Adgangstokenet er udløbet; forny det, og prøv igen.", danish.get("detail").asText());

        String modulus = KEY.getModulus().toString();
        for (String token : List.of(Tokens.sign(Tokens.rsaKey("key-1"), claims().build()),
                Tokens.sign(Tokens.rsaKey("key-secret-id"), claims().build()))) {
            String detail = Http.invalidToken(get(token), "invalid-token").get("detail").asText();
            assertFalse(detail.contains(modulus.substring(0, 20)) || detail.contains("key-"), detail);
        }
    }

    @Test
    void verifiedTokenSkipsTheSignatureNextTimeButStillChecksTerritoryAndExpiry() {
        String token = valid();
        Http.ok(get(token));
        int lookups = KEY_LOOKUPS.get();
        Http.ok(get(token));
        Http.ok(get(token));
        assertEquals(lookups, KEY_LOOKUPS.get(), "a remembered token needs no key");
        Http.invalidToken(get(token, "NO"), "wrong-territory");
        assertEquals(lookups, KEY_LOOKUPS.get(), "the territory is checked on the remembered token");
        // Within the clock skew after exp the token still passes; the entry itself ended at exp.
        CLOCK.advance(Duration.ofMinutes(10).plusSeconds(10));
        Http.ok(get(token));
        CLOCK.advance(Duration.ofSeconds(30));
        Http.invalidToken(get(token), "token-expired");
    }

    @Test
    void aRememberedTokenIsRememberedWithItsSignatureOnly() {
        String token = valid();
        Http.ok(get(token));
        // The same header and claims under another token's signature: not the token that was verified.
        String[] parts = token.split("\\.");
        String otherSignature = valid().split("\\.")[2];
        Http.invalidToken(get(parts[0] + "." + parts[1] + "." + otherSignature), "invalid-token");
    }

    @Test
    void aNewlyPublishedKeyIsPickedUpAtItsFirstToken() {
        RSAKey next = Tokens.rsaKey("key-2");
        String token = Tokens.sign(next, claims().build());
        JWKS.set(Tokens.jwks(KEY, next));
        try {
            Http.ok(get(token));
            Http.ok(get(valid()));
        } finally {
            JWKS.set(Tokens.jwks(KEY));
        }
    }

    private HttpClientResponse get(String token) {
        return get(token, "DK");
    }

    private HttpClientResponse get(String token, String territory) {
        Http1ClientRequest request = client.get("/api/me")
                .header(HeaderNames.AUTHORIZATION, "Bearer " + token)
                .header(TerritoryResolver.TERRITORY_HEADER, territory);
        return request.request();
    }

    private static String valid() {
        return Tokens.sign(KEY, claims().build());
    }

    private static JWTClaimsSet.Builder claims() {
        return Tokens.claims(UUID.randomUUID(), UUID.randomUUID(), "dk", now(), "member");
    }

    private static Instant now() {
        return CLOCK.instant();
    }
}
