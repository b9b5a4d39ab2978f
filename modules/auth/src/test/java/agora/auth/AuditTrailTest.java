package agora.auth;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
 * How a territory admin reads auth's audit trail when it is long: page by page with no entry twice,
 * narrowed by who acted, and with a clear 422 for a filter that could never match.
 */
class AuditTrailTest {
    private static AuthHarness harness;
    private static Member admin;

    @BeforeAll
    static void start() {
        harness = AuthHarness.shared("KE", Map.of());
        admin = harness.admin();
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void anAdminPagesThroughAMembersTrailNewestFirstWithNoEntryTwice() {
        Member member = harness.member(admin);
        for (int round = 0; round < 2; round++) {
            harness.post("/api/auth/accounts/" + member.id() + "/suspend", admin.access(), Body.of("reason", "round " + round));
            harness.post("/api/auth/accounts/" + member.id() + "/reactivate", admin.access(), (JsonNode) null);
        }
        String filter = "/api/auth/audit?target=" + member.id();
        List<String> whole = actions(harness.json(harness.get(filter, admin.access())));
        assertEquals(List.of("auth.account.reactivated", "auth.account.suspended", "auth.account.reactivated",
                "auth.account.suspended", "auth.account.registered"), whole);

        List<String> paged = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        JsonNode page = harness.json(harness.get(filter + "&limit=2", admin.access()));
        String firstCursor = page.get("next").asText();
        while (true) {
            assertTrue(page.get("items").size() <= 2, page.toString());
            page.get("items").forEach(entry -> assertTrue(ids.add(entry.get("id").asText()), "no entry twice"));
            paged.addAll(actions(page));
            if (!page.hasNonNull("next")) {
                break;
            }
            page = harness.json(harness.get(filter + "&limit=2&cursor=" + page.get("next").asText(), admin.access()));
        }
        assertEquals(whole, paged, "the pages together are the whole trail, in order");

        // The cursor belongs to this member's trail: it does not page another filter's list.
        harness.client(admin.access()).get("/api/auth/audit?target=" + admin.id() + "&cursor=" + firstCursor)
                .problem(400, "invalid-cursor");
        harness.client(admin.access()).get(filter + "&action=auth.account.suspended&cursor=" + firstCursor)
                .problem(400, "invalid-cursor");
        harness.client(admin.access()).get("/api/auth/audit?cursor=" + firstCursor).problem(400, "invalid-cursor");
    }

    @Test
    void theTrailNarrowsToWhatOneActorDid() {
        Member member = harness.member(admin);
        Member other = harness.member(admin);
        harness.post("/api/auth/accounts/" + member.id() + "/suspend", admin.access(), Body.of("reason", "first"));
        harness.post("/api/auth/accounts/" + member.id() + "/reactivate", admin.access(), (JsonNode) null);

        JsonNode byAdmin = harness.json(harness.get("/api/auth/audit?target=" + member.id() + "&actor=" + admin.id(),
                admin.access()));
        assertEquals(List.of("auth.account.reactivated", "auth.account.suspended"), actions(byAdmin));
        byAdmin.get("items").forEach(entry -> assertEquals(admin.id().toString(), entry.get("actor").asText()));
        JsonNode byOther = harness.json(harness.get("/api/auth/audit?target=" + member.id() + "&actor="
                + other.id(), admin.access()));
        assertEquals(List.of(), actions(byOther), "the other member did nothing to this one");
        JsonNode byActionAndActor = harness.json(harness.get("/api/auth/audit?actor=" + admin.id()
                + "&action=auth.account.reactivated&target=" + member.id(), admin.access()));
        assertEquals(List.of("auth.account.reactivated"), actions(byActionAndActor));
    }

    @Test
    void aFilterThatCouldNeverMatchIsRefusedNamingTheParameter() {
        JsonNode actor = harness.client(admin.access()).get("/api/auth/audit?actor=not-an-id").problem(422, "validation-failed");
        assertEquals("actor", actor.get("errors").get(0).get("parameter").asText());
        assertEquals("invalid-id", actor.get("errors").get(0).get("code").asText());
        assertFalse(actor.get("errors").get(0).get("detail").asText().isBlank());

        JsonNode target = harness.client(admin.access()).get("/api/auth/audit?target=%3Cscript%3E").problem(422, "validation-failed");
        assertEquals("target", target.get("errors").get(0).get("parameter").asText());
        assertEquals("invalid-parameter", target.get("errors").get(0).get("code").asText());

        JsonNode both = harness.client(admin.access()).get("/api/auth/audit?action=Auth.Login&actor=x%20y")
                .problem(422, "validation-failed");
        Set<String> parameters = new HashSet<>();
        both.get("errors").forEach(error -> parameters.add(error.get("parameter").asText()));
        assertEquals(Set.of("action", "actor"), parameters, "every bad filter is named at once");

        String longest = "a".repeat(100);
        assertEquals(200, harness.get("/api/auth/audit?action=" + longest, admin.access()).statusCode());
        harness.client(admin.access()).get("/api/auth/audit?action=" + longest + "a").problem(422, "validation-failed");
        assertEquals(200, harness.get("/api/auth/audit?target=" + "A".repeat(100), admin.access()).statusCode());
        harness.client(admin.access()).get("/api/auth/audit?target=" + "A".repeat(101)).problem(422, "validation-failed");
    }

    private static List<String> actions(JsonNode page) {
        List<String> actions = new ArrayList<>();
        page.get("items").forEach(entry -> actions.add(entry.get("action").asText()));
        return actions;
    }
}
