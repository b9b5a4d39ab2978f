package agora.auth;

import java.util.Set;

import agora.auth.api.AuthKeys;
import agora.auth.api.SigningKeys;
import agora.platform.contract.TerritoryCode;
import agora.platform.host.testing.ApiResponse;
import agora.platform.host.testing.TestHost;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The JWKS and the operator's rotation through the listeners of a running process. */
class AuthServiceTest {
    private static final Set<String> PRIVATE_MEMBERS = Set.of("d", "p", "q", "dp", "dq", "qi", "oth", "k");
    private static TestHost pod;

    @BeforeAll
    static void start() {
        pod = TestHost.with(TestHost.service("territory"), new AuthService()).territory("GR").start();
        pod.createTerritory("HU");
    }

    @AfterAll
    static void stop() {
        pod.close();
    }

    @Test
    void theJwksOfTheRequestTerritoryHoldsItsCurrentAndNextPublicKeys() throws Exception {
        ApiResponse response = jwks("GR").expect(200);
        assertEquals("application/jwk-set+json", response.header("Content-Type").orElseThrow());
        assertEquals("public, max-age=300", response.header("Cache-Control").orElseThrow());
        JsonNode keys = response.json().get("keys");
        assertEquals(2, keys.size());
        for (JsonNode key : keys) {
            assertEquals("RSA", key.get("kty").asText());
            assertEquals("RS256", key.get("alg").asText());
            assertEquals("sig", key.get("use").asText());
            assertFalse(key.get("kid").asText().isBlank());
            assertTrue(key.get("n").asText().length() > 300, "a 2048-bit modulus");
            assertEquals("AQAB", key.get("e").asText());
            key.fieldNames().forEachRemaining(name -> assertFalse(PRIVATE_MEMBERS.contains(name), name));
        }
        Set<String> hungary = KeyRingTest.kids(jwks("HU").body());
        assertTrue(KeyRingTest.kids(response.body()).stream().noneMatch(hungary::contains), "territories have own keys");
    }

    @Test
    void aTerritoryCreatedWhileRunningHasItsKeysFromTheStart() throws Exception {
        pod.createTerritory("SK");
        assertEquals(2, KeyRingTest.kids(jwks("SK").body()).size());
        assertEquals(2, KeyRingTest.kids(jwks("SK").body()).size(), "and keeps them");
    }

    @Test
    void anUnknownTerritoryHasNoKeySet() {
        assertEquals(404, jwks("XX").status());
    }

    @Test
    void theOperatorRotatesATerritorysKeys() throws Exception {
        Set<String> before = KeyRingTest.kids(jwks("HU").body());
        ApiResponse response = rotate("hu").expect(200);
        JsonNode rotated = response.json();
        assertEquals("HU", rotated.get("territory").asText());
        String current = rotated.get("current").asText();
        assertTrue(before.contains(current), "the new current key was published before");
        assertFalse(before.contains(rotated.get("next").asText()));
        assertTrue(rotated.get("retired").size() >= 1);
        Set<String> after = KeyRingTest.kids(jwks("HU").body());
        assertTrue(after.containsAll(before), "the retired key stays published");
        assertTrue(after.contains(rotated.get("next").asText()));
        assertFalse(response.body().contains("\"d\""));
        // What the process's own token verifier reads in-process is what auth publishes.
        assertEquals(after, KeyRingTest.kids(pod.host().facts(SigningKeys.class).jwks(TerritoryCode.of("HU"))));
    }

    @Test
    void rotatingAnUnknownTerritoryIs404() {
        rotate("XX").problem(404, "unknown-territory");
        assertEquals(404, rotate("nope").status());
        // A real country this pod does not serve: no territory, not a failure inside.
        rotate("ZW").problem(404, "unknown-territory");
    }

    @Test
    void theRotationIsOnlyOnTheOperatorListener() {
        assertEquals(404, pod.api().post("/operator/auth/territories/GR/keys/rotate", null).status());
    }

    private static ApiResponse jwks(String territory) {
        return pod.api().territory(territory).get(AuthKeys.JWKS_PATH);
    }

    private static ApiResponse rotate(String territory) {
        return pod.operator().post("/operator/auth/territories/" + territory + "/keys/rotate", null);
    }
}
