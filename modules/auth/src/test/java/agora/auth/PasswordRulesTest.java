package agora.auth;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import agora.platform.host.testing.Member;
import agora.platform.testing.Body;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The password policy at registration, absurd lengths at login, and re-hashing when the cost rises. */
class PasswordRulesTest {
    private static AuthHarness harness;
    private static Member admin;

    @BeforeAll
    static void start() {
        harness = AuthHarness.shared("PT", Map.of());
        admin = harness.admin();
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void shortCommonAndPersonalPasswordsAreRefusedWithTheirReasons() {
        assertEquals(List.of("password-too-short"), passwordErrors("anna@example.org", "Anna", "kort1"));
        assertEquals(List.of("password-common"), passwordErrors("bo@example.org", "Bo", "password123"));
        assertEquals(List.of("password-personal"), passwordErrors("carla.jensen@example.org", "Carla Jensen",
                "my name is carla.jensen, remember"));
        assertEquals(List.of("password-too-long"), passwordErrors("dan@example.org", "Dan", "x".repeat(257)));
        // Any composition, any script, 64 and more characters: all fine.
        String email = "eva-" + UUID.randomUUID() + "@example.org";
        harness.register(harness.invitation(admin, 1), email, "æble på hylden ved søen " + "ø".repeat(60));
    }

    @Test
    void theProblemExplainsTheRuleInTheReadersLanguage() {
        HttpResponse<String> response = harness.post("/api/auth/register", null,
                AuthHarness.registration(harness.invitation(admin, 1), "f@example.org", "short"),
                "Accept-Language", "da");
        JsonNode error = harness.json(response).get("errors").get(0);
        assertTrue(error.get("detail").asText().startsWith("Brug mindst 8 tegn"), error.toString());
    }

    @Test
    void aFormCanAskTheRulesAboutAPasswordWithoutStoringAnything() {
        assertEquals(204, harness.post("/api/auth/password/check", null,
                Body.of("password", "river stones and paper lanterns")).statusCode());
        assertEquals(List.of("password-common"), checkErrors(Body.of("password", "password123")));
        assertEquals(List.of("password-too-short", "password-personal"), checkErrors(
                Body.of("password", "gina", "email", "gina@example.org", "displayName", "Gina")));
        assertEquals(List.of("password-personal"), checkErrors(
                Body.of("password", "hello Henrik Hansen", "displayName", "Henrik Hansen")));
        assertEquals(List.of("required"), checkErrors(Body.of("email", "x@example.org")));
        HttpResponse<String> danish = harness.post("/api/auth/password/check", null, Body.of("password", "kort"),
                "Accept-Language", "da");
        assertTrue(harness.json(danish).get("errors").get(0).get("detail").asText().startsWith("Brug mindst 8 tegn"));
        HttpResponse<String> hostile = harness.post("/api/auth/password/check", null,
                Body.of("password", "ok but long enough", "displayName", "x".repeat(100_000)));
        assertEquals(204, hostile.statusCode(), hostile.body());
    }

    private static List<String> checkErrors(JsonNode body) {
        HttpResponse<String> response = harness.post("/api/auth/password/check", null, body);
        assertEquals(422, response.statusCode(), response.body());
        List<String> codes = new ArrayList<>();
        harness.json(response).get("errors").forEach(error -> codes.add(error.get("code").asText()));
        return codes;
    }

    @Test
    void anAbsurdlyLongPasswordAtLoginIsRefusedAsWrong() {
        HttpResponse<String> response = harness.post("/api/auth/login", null,
                Body.of("email", admin.email(), "password", "y".repeat(1000)));
        assertEquals(401, response.statusCode());
        assertEquals("invalid-credentials", harness.json(response).get("code").asText());
    }

    @Test
    void aStoredHashIsRehashedAtTheNextLoginWhenTheCostIsRaised() {
        String email = "rehash-" + UUID.randomUUID() + "@example.org";
        harness.register(harness.invitation(admin, 1), email, Member.PASSWORD);
        assertTrue(storedHash(email).contains("m=7168,t=5,p=1"), storedHash(email));
        // A second auth instance of the same territory, configured with more memory per hash.
        try (AuthHarness stronger = harness.anotherInstance(Map.of("agora.auth.password.argon2.memory-kib", "24576"))) {
            stronger.login(email, Member.PASSWORD);
        }
        assertTrue(storedHash(email).contains("m=24576,t=5,p=1"), storedHash(email));
        harness.login(email, Member.PASSWORD);
        assertTrue(storedHash(email).contains("m=24576"), "a stronger hash is never weakened");
    }

    private static List<String> passwordErrors(String email, String name, String password) {
        HttpResponse<String> response = harness.post("/api/auth/register", null, Body.of("invitation", harness.invitation(admin, 1), "email", email, "displayName", name, "password", password));
        assertEquals(422, response.statusCode(), response.body());
        List<String> codes = new ArrayList<>();
        harness.json(response).get("errors").forEach(error -> {
            assertEquals("/password", error.get("pointer").asText());
            codes.add(error.get("code").asText());
        });
        return codes;
    }

    private static String storedHash(String email) {
        return harness.platform.database().inTerritory(harness.territory, db -> db.get(
                "SELECT password_hash FROM auth_accounts WHERE email = ?::citext", email).orElseThrow()
                .column("password_hash").get(String.class));
    }
}
