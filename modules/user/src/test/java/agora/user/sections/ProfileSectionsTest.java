package agora.user.sections;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.logging.Level;

import agora.platform.host.testing.ApiClient;
import agora.platform.host.testing.Eventually;
import agora.platform.host.testing.Member;
import agora.platform.host.testing.TestHost;
import agora.platform.testing.Body;
import agora.platform.testing.LogCapture;
import agora.user.UserService;
import agora.user.api.ProfileViewer;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A profile shows what other services contribute (here two of the tests' own: badges, which the
 * member may hide, and forum counts, which are public), as the member's privacy allows, and is
 * served without a contributor that fails or is late, saying which.
 */
class ProfileSectionsTest {
    /** How long a profile waits for its contributors in this test: long enough for a loaded machine. */
    private static final Duration DEADLINE = Duration.ofMillis(400);
    private static final SectionsContributor BADGES = SectionsContributor.badges("trophies");
    private static final SectionsContributor FORUM = SectionsContributor.forumCounts("talk");
    private static TestHost pod;
    private static Member admin;

    @BeforeAll
    static void start() {
        pod = TestHost.with(TestHost.service("territory"), TestHost.service("auth"), new UserService(), BADGES, FORUM)
                .catalogs(BADGES.declaration(), FORUM.declaration())
                .config("agora.user.profile.sections-deadline", DEADLINE.toString())
                .config("agora.auth.throttle.registrations", "1000/PT1M").territory("PE").start();
        admin = pod.signIns().admin();
    }

    @AfterAll
    static void stop() {
        BADGES.release.countDown();
        pod.close();
    }

    @Test
    void theOwnerSeesEverySectionEvenWhatTheyHide() {
        Member owner = pod.signIns().member(admin);
        privacy(owner, "territory", false);

        for (JsonNode profile : List.of(as(owner).get("/api/users/me").expect(200).json(),
                as(owner).get("/api/users/" + owner.id()).expect(200).json())) {
            assertEquals(List.of("talk/posts", "trophies/earned"), sections(profile), profile.toString());
            assertEquals(0, profile.get("unavailable").size());
            JsonNode badges = section(profile, "trophies");
            assertEquals("badges", badges.get("kind").asText());
            assertEquals("Badges", badges.get("title").asText());
            JsonNode badge = badges.get("items").get(0);
            assertEquals("Code of Conduct", badge.get("label").asText());
            assertEquals("/badges/code-of-conduct", badge.get("link").asText());
            assertEquals("2026-11-01T10:00:00Z", badge.get("date").asText());
            JsonNode posts = section(profile, "talk");
            assertEquals("public", posts.get("kind").asText());
            assertEquals(42, posts.get("items").get(0).get("count").asLong());
        }
        assertEquals(java.util.Set.of(ProfileViewer.OWNER), BADGES.asked.get(owner.id()));
    }

    @Test
    void othersSeeTheBadgesOnlyWhileTheMemberShowsThem() {
        Member owner = pod.signIns().member(admin);
        Member other = pod.signIns().member(admin);
        privacy(owner, "territory", true);
        assertEquals(List.of("talk/posts", "trophies/earned"),
                sections(as(other).get("/api/users/" + owner.id()).expect(200).json()));

        privacy(owner, "territory", false);
        JsonNode seen = as(other).get("/api/users/" + owner.id()).expect(200).json();
        assertEquals(List.of("talk/posts"), sections(seen), "badges hidden; the forum count (public) stays");
        assertEquals(0, seen.get("unavailable").size());
        assertEquals(List.of("talk/posts"), sections(pod.api().get("/api/users/" + owner.id()).expect(200).json()),
                "nor does anyone signed out see them");
        assertTrue(BADGES.asked.get(owner.id()).containsAll(List.of(ProfileViewer.MEMBER, ProfileViewer.ANONYMOUS)));
    }

    @Test
    void aHiddenProfileAnswersLikeAMissingOneAndNoContributorIsAsked() {
        Member owner = pod.signIns().member(admin);
        Member other = pod.signIns().member(admin);
        privacy(owner, "followers", true);
        BADGES.asked.remove(owner.id());
        FORUM.asked.remove(owner.id());

        JsonNode hidden = as(other).get("/api/users/" + owner.id()).problem(404, "profile-not-found");
        JsonNode missing = as(other).get("/api/users/" + UUID.randomUUID()).problem(404, "profile-not-found");
        assertEquals(missing.get("detail"), hidden.get("detail"));
        assertEquals(missing.get("title"), hidden.get("title"));
        assertFalse(BADGES.asked.containsKey(owner.id()), "nothing about a hidden member is asked for");
        assertFalse(FORUM.asked.containsKey(owner.id()));
    }

    @Test
    void aFailingContributorLeavesItsSectionOutAndIsNamed() {
        Member owner = pod.signIns().member(admin);
        Member other = pod.signIns().member(admin);
        privacy(owner, "territory", true);
        as(other).get("/api/users/" + owner.id()).expect(200);
        BADGES.behaviours.put(owner.id(), SectionsContributor.Behaviour.FAIL);

        try (LogCapture log = LogCapture.of(ProfileSections.class.getName())) {
            for (JsonNode profile : List.of(as(owner).get("/api/users/me").expect(200).json(),
                    as(other).get("/api/users/" + owner.id()).expect(200).json(),
                    as(other).get("/api/users/" + owner.id()).expect(200).json())) {
                assertEquals(List.of("talk/posts"), sections(profile), profile.toString());
                assertEquals("[\"trophies\"]", profile.get("unavailable").toString());
                assertEquals(owner.id().toString(), profile.get("id").asText());
            }
            assertEquals(1, log.records().stream().filter(record -> record.getLevel() == Level.WARNING).count(),
                    "a failing contributor is logged when it starts failing, not at every read");

            BADGES.behaviours.remove(owner.id());
            JsonNode again = as(other).get("/api/users/" + owner.id()).expect(200).json();
            assertEquals(List.of("talk/posts", "trophies/earned"), sections(again), "back as soon as it answers");
            assertEquals(0, again.get("unavailable").size());
            assertEquals(1, log.records().stream().filter(record -> record.getLevel() == Level.INFO).count());
        }
    }

    @Test
    void aHangingContributorCostsTheProfileNoMoreThanTheDeadline() {
        Member owner = pod.signIns().member(admin);
        privacy(owner, "territory", true);
        BADGES.behaviours.put(owner.id(), SectionsContributor.Behaviour.HANG);

        long started = System.nanoTime();
        JsonNode profile = pod.api().get("/api/users/" + owner.id()).expect(200).json();
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        // The contributor would hold its answer for 30 s: the profile comes at the deadline, with
        // what the others answered (the margin is for a loaded machine, far below the hang).
        assertTrue(took.compareTo(DEADLINE.plusSeconds(5)) < 0, "answered after " + took);
        assertTrue(took.compareTo(DEADLINE) >= 0, "waited for the deadline: " + took);
        assertEquals(List.of("talk/posts"), sections(profile));
        assertEquals("[\"trophies\"]", profile.get("unavailable").toString());
        // The late answer is not left running.
        Eventually.within(Duration.ofSeconds(5), () -> BADGES.stopped.contains(owner.id()), stopped -> stopped);
    }

    private static void privacy(Member member, String visibility, boolean showBadges) {
        as(member).put("/api/users/me/privacy", Body.of("visibility", visibility, "locked", false,
                "searchable", true, "showBadges", showBadges, "showCourses", true)).expect(200);
    }

    /** The sections of a profile, as {@code <service>/<key>} in the order given (by service). */
    static List<String> sections(JsonNode profile) {
        List<String> names = new ArrayList<>();
        profile.get("sections").forEach(section -> names.add(section.get("service").asText() + "/"
                + section.get("key").asText()));
        return names;
    }

    private static JsonNode section(JsonNode profile, String service) {
        for (JsonNode section : profile.get("sections")) {
            if (section.get("service").asText().equals(service)) {
                return section;
            }
        }
        throw new AssertionError("no section of " + service + " in " + profile);
    }

    private static ApiClient as(Member member) {
        return pod.api().as(member.access());
    }
}
