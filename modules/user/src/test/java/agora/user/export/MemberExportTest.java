package agora.user.export;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import agora.platform.contract.TerritoryCode;
import agora.platform.contract.export.MemberExportContribution;
import agora.platform.host.Contribution;
import agora.platform.host.testing.Eventually;
import agora.platform.host.testing.Member;
import agora.platform.host.testing.TestHost;
import agora.platform.testing.Body;
import agora.user.UserService;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A member's export end to end, from registration, in the pod: territory, auth and user in one
 * process, each service's part asked in-process.
 */
class MemberExportTest {
    private static final SlowContributor SLOW = new SlowContributor();
    private static TestHost pod;
    private static Member admin;

    @BeforeAll
    static void start() {
        pod = TestHost.with(TestHost.service("territory"), TestHost.service("auth"), new UserService(), SLOW)
                .config("agora.auth.throttle.registrations", "1000/PT1M").territory("NZ").start();
        admin = pod.signIns().admin();
    }

    @AfterAll
    static void stop() {
        pod.close();
    }

    @Test
    void anInvitedMemberDownloadsTheirAccountSessionsAndProfileAndNobodyElses() {
        // Invited by the admin, registered and signed in through auth's routes.
        Member member = pod.signIns().member(admin);
        Member other = pod.signIns().member(admin);
        Member friend = pod.signIns().member(admin);
        Member pest = pod.signIns().member(admin);
        pod.api().as(member.access()).post("/api/users/" + friend.id() + "/follow", null).expect(200);
        pod.api().as(friend.access()).post("/api/users/" + member.id() + "/follow", null).expect(200);
        pod.api().as(member.access()).post("/api/users/" + pest.id() + "/block", null).expect(200);
        Archive archive = Archive.download(pod, member.access());

        assertEquals("application/zip", archive.response().headers().firstValue("Content-Type").orElseThrow());
        String disposition = archive.response().headers().firstValue("Content-Disposition").orElseThrow();
        assertTrue(disposition.startsWith("attachment; filename=\"agora-export-nz-"), disposition);
        assertEquals("no-store", archive.response().headers().firstValue("Cache-Control").orElseThrow());

        assertEquals("manifest.json", archive.files().keySet().iterator().next(), "the manifest comes first");
        JsonNode manifest = archive.json("manifest.json");
        assertEquals(member.id().toString(), manifest.get("member").asText());
        assertEquals("NZ", manifest.get("territory").asText());
        assertTrue(manifest.has("generatedAt"));
        List<String> services = new ArrayList<>();
        manifest.get("parts").forEach(part -> services.add(part.get("service").asText()));
        assertEquals(List.of("auth", "slow", "user"), services, "every contributor, the tests' own among them");
        assertTrue(manifest.get("unavailable").isEmpty(), manifest.toString());
        List<String> listed = new ArrayList<>();
        manifest.get("parts").forEach(part -> part.get("files").forEach(file -> listed.add(file.get("path").asText())));
        List<String> zipped = new ArrayList<>(archive.files().keySet());
        zipped.remove("manifest.json");
        assertEquals(listed, zipped, "the manifest lists every file");

        JsonNode account = archive.json("auth/account.json");
        assertEquals(member.id().toString(), account.get("id").asText());
        assertEquals(member.email(), account.get("email").asText());
        assertEquals("active", account.get("status").asText());
        assertTrue(archive.json("auth/sessions.json").size() >= 1, "the member's sign-ins");
        assertTrue(archive.json("auth/invitations.json").get("registeredWith").has("invitation"));
        assertEquals(member.id().toString(), archive.json("user/profile.json").get("id").asText());
        assertEquals(archive.json("auth/account.json").get("displayName").asText(),
                archive.json("user/profile.json").get("displayName").asText(), "the profile as the member sees it");
        JsonNode relations = archive.json("user/relations.json");
        assertEquals(friend.id().toString(), relations.at("/following/0/id").asText(), "whom they follow");
        assertEquals(friend.id().toString(), relations.at("/followers/0/id").asText(), "who follows them");
        assertEquals(pest.id().toString(), relations.at("/blocked/0/id").asText(), "whom they blocked");
        assertEquals(0, relations.get("requestsSent").size());
        assertEquals("slow " + member.id(), new String(archive.files().get("slow/note.txt"), StandardCharsets.UTF_8));

        String text = archive.text();
        assertFalse(text.contains(other.email()), "another member's data is not in it");
        assertFalse(text.contains(other.id().toString()), "another member's data is not in it");
        assertFalse(text.contains(Member.PASSWORD));
        assertFalse(text.contains(member.refresh()));
        assertFalse(text.contains("$argon2"), "no password hash");

        // The download is on the user service's audit trail.
        List<String> audited = pod.host().platform().database().inTerritory(TerritoryCode.of("NZ"), db -> db.query(
                "SELECT action || ' ' || (details->>'parts') || ' from ' || client_address AS line FROM user_audit "
                        + "WHERE actor = ? AND target = ?",
                member.id(), member.id().toString()).map(row -> row.column("line").get(String.class)).toList());
        assertEquals(List.of("user.export.downloaded auth,slow,user from 127.0.0.1"), audited,
                "who took a copy, of what, and from where");
    }

    @Test
    void aSuspendedMemberSignedInToARestrictedSessionStillGetsTheirData() {
        Member member = pod.signIns().member(admin);
        pod.api().as(admin.access()).post("/api/auth/accounts/" + member.id() + "/suspend",
                Body.of("reason", "Spam", "until", pod.clock().instant().plus(1, ChronoUnit.DAYS)
                        .truncatedTo(ChronoUnit.SECONDS).toString())).expect(200);
        String restricted = pod.signIns().login(member.email(), Member.PASSWORD).get("accessToken").asText();
        // Elsewhere the restricted session is refused …
        pod.api().as(restricted).get("/api/users/me").problem(403, "account-suspended");
        // … but not here: a copy of one's data is a right a suspension does not take away.
        Archive archive = Archive.download(pod, restricted);
        assertEquals("suspended", archive.json("auth/account.json").get("status").asText());
        assertEquals("Spam", archive.json("auth/suspensions.json").get(0).get("reason").asText());
    }

    @Test
    void aFewExportsAnHourThenA429InTheMembersLanguage() {
        Member member = pod.signIns().member(admin);
        for (int i = 0; i < 3; i++) {
            Archive.download(pod, member.access());
        }
        JsonNode problem = pod.api().as(member.access()).header("Accept-Language", "da")
                .get("/api/users/me/export").problem(429, "too-many-requests");
        assertTrue(problem.get("detail").asText().startsWith("Du har bedt om dine data"), problem.toString());
        HttpResponse<byte[]> refused = Archive.get(pod, member.access());
        assertEquals(429, refused.statusCode());
        assertTrue(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow()) > 0);
        assertTrue(new String(refused.body(), StandardCharsets.UTF_8).contains("too-many-requests"));
        // Another member's quota is their own.
        Archive.download(pod, pod.signIns().member(admin).access());
    }

    @Test
    void whileAMembersExportIsBeingPreparedAnotherOfTheirsIsA409() throws Exception {
        Member member = pod.signIns().member(admin);
        CountDownLatch release = new CountDownLatch(1);
        SLOW.held.put(member.id(), release);
        CompletableFuture<HttpResponse<byte[]>> first = CompletableFuture.supplyAsync(() -> Archive.get(pod, member.access()));
        try {
            Eventually.within(Duration.ofSeconds(10), () -> SLOW.asked, asked -> asked.contains(member.id()));
            JsonNode busy = pod.api().as(member.access()).header("Accept-Language", "sv")
                    .get("/api/users/me/export").problem(409, "export-in-progress");
            assertTrue(busy.get("detail").asText().startsWith("En export av dina uppgifter"), busy.toString());
            // Another member is not held up by it.
            Archive.download(pod, pod.signIns().member(admin).access());
        } finally {
            release.countDown();
        }
        assertEquals(200, first.get(30, TimeUnit.SECONDS).statusCode());
        SLOW.held.remove(member.id());
        // Done: the member's slot is free again.
        Archive.download(pod, member.access());
    }

    @Test
    void withoutAValidTokenTheAnswerIsAProblem() {
        pod.api().get("/api/users/me/export").problem(401, "unauthenticated");
        pod.api().as("not-a-token").get("/api/users/me/export").problem(401, "invalid-token");
    }

    @Test
    void territoriesAreKeptApart() {
        pod.createTerritory("EG");
        Member member = pod.signIns().member(admin);
        // The member's token is for New Zealand: asking as Egypt is refused, not answered from Egypt's schema.
        int status = pod.api().as(member.access()).territory("EG").get("/api/users/me/export").status();
        assertTrue(status == 401 || status == 403, "refused: " + status);
        // And the parts are read from the territory asked about: in Egypt auth holds nothing about the member.
        for (Contribution<MemberExportContribution> contribution
                : pod.host().contributions(MemberExportContribution.class).reachable()) {
            if (contribution.service().equals("auth")) {
                assertTrue(contribution.answers().export(TerritoryCode.of("EG"), member.id()).entries().isEmpty());
                assertFalse(contribution.answers().export(TerritoryCode.of("NZ"), member.id()).entries().isEmpty());
            }
        }
    }
}
