package agora.user;

import java.util.List;

import agora.platform.host.testing.Member;
import agora.platform.host.testing.TestHost;
import agora.platform.testing.Body;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Profiles through the routes, beside the territory and auth services, as the pod runs them. */
class UserServiceTest {
    private static TestHost pod;
    private static Member admin;

    @BeforeAll
    static void start() {
        pod = TestHost.with(TestHost.service("territory"), TestHost.service("auth"), new UserService())
                .config("agora.auth.throttle.registrations", "1000/PT1M").territory("US").start();
        admin = pod.signIns().admin();
    }

    @AfterAll
    static void stop() {
        pod.close();
    }

    @Test
    void aSignedInMemberHasAProfileWithTheNameTheyRegisteredWith() {
        Member member = pod.signIns().member(admin);
        JsonNode me = pod.api().as(member.access()).get("/api/users/me").expect(200).json();
        assertEquals(member.id().toString(), me.get("id").asText());
        assertEquals("US", me.get("territory").asText());
        assertEquals(registeredName(member), me.get("displayName").asText());
        assertEquals("territory", me.get("privacy").get("visibility").asText(), "profiles start open");
        assertTrue(me.get("privacy").get("searchable").asBoolean());
        JsonNode seen = pod.api().get("/api/users/" + member.id()).expect(200).json();
        assertEquals(registeredName(member), seen.get("displayName").asText());
        assertTrue(seen.path("privacy").isMissingNode(), "others do not see the settings");
    }

    @Test
    void withoutATokenTheAnswerIsAProblem() {
        pod.api().get("/api/users/me").problem(401, "unauthenticated");
        pod.api().as("not-a-token").get("/api/users/me").problem(401, "invalid-token");
    }

    @Test
    void aMemberEditsTheirProfileAndOthersSeeIt() {
        Member member = pod.signIns().member(admin);
        JsonNode edited = pod.api().as(member.access()).patch("/api/users/me", Body.of(
                "displayName", "Åse Ødegård", "handle", "@Ase_" + suffix(member), "pronouns", "she/her",
                "language", "en", "bio", "I like **fjords**.", "links", List.of("https://example.org/ase")))
                .expect(200).json();
        assertEquals("Åse Ødegård", edited.get("displayName").asText());
        assertEquals("Ase_" + suffix(member), edited.get("handle").asText(), "the @ is dropped, the case kept");
        assertEquals("<p>I like <strong>fjords</strong>.</p>\n", edited.get("bioHtml").asText());
        assertEquals("en", edited.get("language").asText());
        JsonNode seen = pod.api().get("/api/users/" + member.id()).expect(200).json();
        assertEquals("she/her", seen.get("pronouns").asText());
        assertEquals("https://example.org/ase", seen.get("links").get(0).asText());

        JsonNode cleared = pod.api().as(member.access()).patch("/api/users/me", Body.of("pronouns", "", "links",
                List.of())).expect(200).json();
        assertTrue(cleared.get("pronouns").isNull());
        assertEquals(0, cleared.get("links").size());
        assertEquals("Åse Ødegård", cleared.get("displayName").asText(), "absent fields stay");
    }

    @Test
    void theBioIsSanitisedScriptsMarkupAndJavascriptLinksDoNotSurvive() {
        Member member = pod.signIns().member(admin);
        String bio = "<script>alert(1)</script>\n\nHi <img src=x onerror=alert(2)> [click](javascript:alert(3)) "
                + "[JS](JAVASCRIPT:alert(4)) [data](data:text/html;base64,PHNjcmlwdD4=) "
                + "![pixel](https://tracker.example/p.gif) [ok](https://example.org)";
        String html = pod.api().as(member.access()).patch("/api/users/me", Body.of("bio", bio)).expect(200).json()
                .get("bioHtml").asText();
        assertFalse(html.contains("<script"), html);
        assertFalse(html.contains("<img"), html);
        assertFalse(html.toLowerCase().contains("href=\"javascript:"), html);
        assertFalse(html.contains("href=\"data:"), html);
        assertTrue(html.contains("<a rel=\"nofollow noopener ugc\" href=\"\">click</a>"), html);
        assertFalse(html.contains("tracker.example"), "images become their alt text: " + html);
        assertTrue(html.contains("&lt;script&gt;"), "raw HTML arrives as text: " + html);
        assertTrue(html.contains("<a rel=\"nofollow noopener ugc\" href=\"https://example.org\">ok</a>"), html);
    }

    @Test
    void privacySettingsMustAllBeGivenAndTheChangeIsAudited() {
        Member member = pod.signIns().member(admin);
        JsonNode problem = pod.api().as(member.access()).put("/api/users/me/privacy", Body.of("locked", true))
                .problem(422, "validation-failed");
        List<String> pointers = new java.util.ArrayList<>();
        problem.get("errors").forEach(error -> pointers.add(error.get("pointer").asText()));
        assertEquals(List.of("/visibility", "/searchable", "/showBadges", "/showCourses"), pointers,
                "each missing setting named; nothing is assumed for the member");
        pod.api().as(member.access()).put("/api/users/me/privacy", Body.of("visibility", "nobody", "locked", true,
                "searchable", true, "showBadges", true, "showCourses", true)).problem(422, "validation-failed");
        assertEquals("territory", pod.api().as(member.access()).get("/api/users/me").expect(200).json()
                .get("privacy").get("visibility").asText(), "a refused change changes nothing");
        pod.api().as(member.access()).put("/api/users/me/privacy", Body.of("visibility", "members", "locked", true,
                "searchable", false, "showBadges", true, "showCourses", false)).expect(200);
        String audited = pod.host().platform().database().inTerritory(agora.platform.contract.TerritoryCode.of("US"),
                db -> db.get("SELECT action || ' ' || (details->>'visibility') || ' ' || (details->>'locked') AS line "
                        + "FROM user_audit WHERE actor = ? AND action = 'user.privacy.changed'", member.id())
                        .orElseThrow().column("line").get(String.class));
        assertEquals("user.privacy.changed members true", audited);
    }

    @Test
    void everyFieldIsValidated() {
        Member member = pod.signIns().member(admin);
        JsonNode problem = pod.api().as(member.access()).patch("/api/users/me", Body.of(
                "displayName", "a\u0007b", "handle", "no spaces", "bio", "x".repeat(100_000),
                "pronouns", "\u202Eevil", "language", "xx", "links", List.of("javascript:alert(1)", "ftp://example.org",
                        "https://"))).problem(422, "validation-failed");
        List<String> pointers = new java.util.ArrayList<>();
        problem.get("errors").forEach(error -> pointers.add(error.get("pointer").asText()));
        assertTrue(pointers.containsAll(List.of("/displayName", "/handle", "/bio", "/pronouns", "/language",
                "/links/0", "/links/1", "/links/2")), pointers.toString());
        pod.api().as(member.access()).patch("/api/users/me", Body.of("links", List.of("https://a.example",
                "https://b.example", "https://c.example", "https://d.example", "https://e.example",
                "https://f.example"))).problem(422, "validation-failed");
        pod.api().as(member.access()).patch("/api/users/me", Body.of("displayName", "someone@example.org"))
                .problem(422, "validation-failed");
        pod.api().as(member.access()).patch("/api/users/me", Body.of("surname", "x")).problem(422, "validation-failed");
        // NUL and a lone surrogate never reach the fields' rules.
        pod.api().as(member.access()).sendRaw("PATCH", "/api/users/me", "{\"bio\":\"a\\u0000b\"}", "application/json")
                .problem(422, "validation-failed");
        pod.api().as(member.access()).sendRaw("PATCH", "/api/users/me", "{\"bio\":\"a\\ud800b\"}", "application/json")
                .problem(422, "validation-failed");
        assertEquals(registeredName(member), pod.api().as(member.access()).get("/api/users/me").expect(200).json()
                .get("displayName").asText(), "nothing was half written");
    }

    @Test
    void handlesAreUniqueRegardlessOfCaseAndAFormerHandleStillLeadsToItsMember() {
        Member anna = pod.signIns().member(admin);
        Member other = pod.signIns().member(admin);
        String handle = "anna_" + suffix(anna);
        pod.api().as(anna.access()).patch("/api/users/me", Body.of("handle", handle)).expect(200);
        pod.api().as(other.access()).patch("/api/users/me", Body.of("handle", handle.toUpperCase()))
                .problem(409, "handle-taken");
        assertEquals(anna.id().toString(), pod.api().get("/api/users/by-handle/@" + handle.toUpperCase()).expect(200)
                .json().get("id").asText());

        String renamed = "anna_new_" + suffix(anna);
        pod.api().as(anna.access()).patch("/api/users/me", Body.of("handle", renamed)).expect(200);
        JsonNode former = pod.api().get("/api/users/by-handle/" + handle).expect(200).json();
        assertEquals(anna.id().toString(), former.get("id").asText(), "the former handle leads to the member");
        assertEquals(renamed, former.get("handle").asText(), "and shows the new one");
        pod.api().as(other.access()).patch("/api/users/me", Body.of("handle", handle))
                .problem(409, "handle-taken");
        pod.api().as(anna.access()).patch("/api/users/me", Body.of("handle", handle)).expect(200);
        pod.api().get("/api/users/by-handle/nobody_" + suffix(anna)).problem(404, "profile-not-found");
        pod.api().get("/api/users/by-handle/%3Cscript%3E").problem(404, "profile-not-found");
    }

    @Test
    void deletingThroughTheUserServicePointsToAuthsAccountDeletion() {
        Member member = pod.signIns().member(admin);
        var answer = pod.api().as(member.access()).delete("/api/users/me").expect(308);
        assertEquals("/api/auth/account", answer.header("Location").orElseThrow());
        pod.api().as(member.access()).get("/api/users/me").expect(200);
    }

    @Test
    void anUnknownOrMalformedIdIsNoMember() {
        Member member = pod.signIns().member(admin);
        pod.api().as(member.access()).get("/api/users/" + java.util.UUID.randomUUID()).problem(404, "profile-not-found");
        pod.api().get("/api/users/not-a-uuid").problem(404, "profile-not-found");
        assertEquals(member.id().toString(), pod.api().as(member.access()).get("/api/users/me").expect(200).json()
                .get("id").asText());
    }

    @Test
    void problemsAreLocalised() {
        JsonNode problem = pod.api().header("Accept-Language", "da").get("/api/users/" + java.util.UUID.randomUUID())
                .problem(404, "profile-not-found");
        assertEquals("Der er intet sådant medlem her, eller deres profil er ikke synlig for dig.",
                problem.get("detail").asText());
    }

    static String registeredName(Member member) {
        return "Member " + member.email().substring(0, member.email().indexOf('@'));
    }

    private static String suffix(Member member) {
        return member.id().toString().substring(24);
    }
}
