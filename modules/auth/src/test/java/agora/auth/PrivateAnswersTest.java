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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No answer of auth that carries a token or personal data may be kept by a cache (a shared proxy,
 * the browser's disk cache): every one says {@code Cache-Control: no-store}. The walk below visits
 * each route that answers with a body; only the public key set may be cached.
 */
class PrivateAnswersTest {
    private static final String PASSWORD = Member.PASSWORD;
    private static AuthHarness harness;

    @BeforeAll
    static void start() {
        harness = AuthHarness.shared("SI", Map.of());
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void everyAnswerWithATokenOrPersonalDataSaysNoStore() {
        List<String> cacheable = new ArrayList<>();
        Walk walk = new Walk(cacheable);

        JsonNode bootstrap = harness.json(walk.check("bootstrap invitation", harness.pod.operator()
                .post("/operator/auth/territories/SI/bootstrap-invitation", null).response(), 201));
        String adminEmail = "admin-" + UUID.randomUUID() + "@example.org";
        JsonNode adminAccount = harness.json(walk.check("register", harness.post("/api/auth/register", null,
                AuthHarness.registration(bootstrap.get("token").asText(), adminEmail, PASSWORD)), 201));
        walk.check("verify email", harness.post("/api/auth/email/verify", null,
                Body.of("token", harness.verificationToken(adminEmail))), 200);
        String firstAccess = harness.json(walk.check("login", harness.post("/api/auth/login", null,
                Body.of("email", adminEmail, "password", PASSWORD)), 200)).get("accessToken").asText();
        walk.check("two-factor status", harness.get("/api/auth/two-factor", firstAccess), 200);
        harness.enrol(adminEmail, PASSWORD, firstAccess);
        JsonNode challenge = harness.json(walk.check("login challenge", harness.post("/api/auth/login", null,
                Body.of("email", adminEmail, "password", PASSWORD)), 200));
        JsonNode signedIn = harness.json(walk.check("second step", harness.post("/api/auth/login/two-factor", null,
                Body.of("challenge", challenge.get("challenge").asText(), "code", harness.nextCode(adminEmail))), 200));
        String admin = signedIn.get("accessToken").asText();
        walk.check("refresh", harness.post("/api/auth/refresh", null,
                Body.of("refreshToken", signedIn.get("refreshToken").asText())), 200);
        walk.check("recovery codes", harness.post("/api/auth/two-factor/recovery-codes", admin,
                Body.of("password", PASSWORD, "code", harness.nextCode(adminEmail))), 200);

        walk.check("me", harness.get("/api/auth/me", admin), 200);
        walk.check("sessions", harness.get("/api/auth/sessions", admin), 200);
        JsonNode invitation = harness.json(walk.check("create invitation", harness.post("/api/auth/invitations", admin,
                Body.of("maxUses", 1)), 201));
        String id = invitation.get("id").asText();
        walk.check("invitation", harness.get("/api/auth/invitations/" + id, admin), 200);
        walk.check("invitations", harness.get("/api/auth/invitations", admin), 200);
        walk.check("check invitation", harness.post("/api/auth/invitations/validate", null,
                Body.of("token", invitation.get("token").asText())), 200);

        String memberEmail = "member-" + UUID.randomUUID() + "@example.org";
        JsonNode member = harness.register(invitation.get("token").asText(), memberEmail, PASSWORD);
        harness.verify(memberEmail);
        String memberId = member.get("id").asText();
        walk.check("invitation tree", harness.get("/api/auth/invitation-tree", admin), 200);
        walk.check("audit", harness.get("/api/auth/audit", admin), 200);
        walk.check("account", harness.get("/api/auth/accounts/" + memberId, admin), 200);
        walk.check("suspend", harness.post("/api/auth/accounts/" + memberId + "/suspend", admin, (JsonNode) null), 200);
        walk.check("reactivate", harness.post("/api/auth/accounts/" + memberId + "/reactivate", admin,
                (JsonNode) null), 200);

        String memberAccess = harness.login(memberEmail, PASSWORD).get("accessToken").asText();
        walk.check("two-factor set-up", harness.post("/api/auth/two-factor/totp", memberAccess,
                Body.of("password", PASSWORD)), 200);
        String newEmail = "moved-" + UUID.randomUUID() + "@example.org";
        assertEquals(202, harness.post("/api/auth/email/change", memberAccess,
                Body.of("newEmail", newEmail, "password", PASSWORD)).statusCode());
        walk.check("confirm email change", harness.post("/api/auth/email/change/confirm", null,
                Body.of("token", harness.mail.newestToken(newEmail))), 200);
        walk.check("a refusal", harness.get("/api/auth/accounts/" + memberId, memberAccess), 403);

        assertEquals(List.of(), cacheable, "answers without Cache-Control: no-store");
        assertEquals(KeysApi.JWKS_CACHE_CONTROL, harness.get("/.well-known/jwks.json", null)
                .headers().firstValue("Cache-Control").orElseThrow(), "the public keys may be cached");
    }

    /** The filter runs on the pod's shared listener: the answers of the services beside auth stay theirs to mark. */
    @Test
    void answersOfOtherServicesInThePodAreNotMarkedByAuth() {
        HttpResponse<String> territories = harness.get("/api/territories", null);
        assertEquals(200, territories.statusCode(), territories.body());
        assertFalse(territories.headers().allValues("Cache-Control").stream().anyMatch(value -> value.contains("no-store")),
                territories.headers().toString());
    }

    /** Checks each answer's status and notes those a cache could keep. */
    private record Walk(List<String> cacheable) {
        HttpResponse<String> check(String what, HttpResponse<String> response, int status) {
            assertEquals(status, response.statusCode(), what + ": " + response.body());
            List<String> directives = response.headers().allValues("Cache-Control");
            if (!directives.stream().anyMatch(value -> value.contains("no-store"))) {
                cacheable.add(what + " " + directives);
            }
            assertTrue(response.headers().allValues("Cache-Control").size() <= 1, what + ": one Cache-Control");
            return response;
        }
    }
}
