package agora.user.sections;

import java.time.Duration;
import java.util.List;
import java.util.logging.Level;

import agora.platform.host.Contribution;
import agora.platform.host.testing.ApiClient;
import agora.platform.host.testing.Member;
import agora.platform.host.testing.TestHost;
import agora.platform.testing.Body;
import agora.platform.testing.LogCapture;
import agora.user.UserService;
import agora.user.api.ProfileSectionContribution;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The user service deployed apart from the services that add to profiles: their sections travel
 * over their internal listener, typed as they were answered, and one that fails or hangs there
 * costs the profile no more than in a pod.
 */
class ProfileSectionsApartTest {
    private static final Duration DEADLINE = Duration.ofMillis(400);
    private static final SectionsContributor BADGES = SectionsContributor.badges("trophies");
    private static final SectionsContributor FORUM = SectionsContributor.forumCounts("talk");
    private static TestHost pod;
    private static TestHost apart;
    private static Member admin;

    @BeforeAll
    static void start() {
        pod = TestHost.with(TestHost.service("territory"), TestHost.service("auth"), BADGES, FORUM)
                .catalogs(BADGES.declaration(), FORUM.declaration())
                .config("agora.auth.throttle.registrations", "1000/PT1M").territory("UY").start();
        apart = TestHost.with(new UserService()).besides(pod)
                .config("agora.user.profile.sections-deadline", DEADLINE.toString()).start();
        admin = pod.signIns().admin();
    }

    @AfterAll
    static void stop() {
        BADGES.release.countDown();
        try {
            apart.close();
        } finally {
            pod.close();
        }
    }

    @Test
    void sectionsCrossTheInternalListenerAsTheyWereAnswered() {
        assertEquals(List.of("talk", "trophies"), apart.host().contributions(ProfileSectionContribution.class)
                .reachable().stream().map(Contribution::service).toList());
        Member owner = pod.signIns().member(admin);
        Member other = pod.signIns().member(admin);
        privacy(owner, false);

        JsonNode own = as(owner).get("/api/users/me").expect(200).json();
        assertEquals(List.of("talk/posts", "trophies/earned"), ProfileSectionsTest.sections(own), own.toString());
        JsonNode badge = own.get("sections").get(1).get("items").get(0);
        assertEquals("/badges/code-of-conduct", badge.get("link").asText());
        assertEquals("2026-11-01T10:00:00Z", badge.get("date").asText());
        assertEquals(42, own.get("sections").get(0).get("items").get(0).get("count").asLong());

        JsonNode seen = as(other).get("/api/users/" + owner.id()).expect(200).json();
        assertEquals(List.of("talk/posts"), ProfileSectionsTest.sections(seen), "badges hidden from others");
        assertEquals(0, seen.get("unavailable").size());
    }

    @Test
    void aContributorFailingOrHangingApartIsLeftOutWithinTheDeadline() {
        Member failing = pod.signIns().member(admin);
        Member hanging = pod.signIns().member(admin);
        privacy(failing, true);
        privacy(hanging, true);
        BADGES.behaviours.put(failing.id(), SectionsContributor.Behaviour.FAIL);
        BADGES.behaviours.put(hanging.id(), SectionsContributor.Behaviour.HANG);

        try (LogCapture log = LogCapture.of("agora.platform.host.FactsClient")) {
            for (int read = 0; read < 3; read++) {
                JsonNode failed = apart.api().get("/api/users/" + failing.id()).expect(200).json();
                assertEquals(List.of("talk/posts"), ProfileSectionsTest.sections(failed));
                assertEquals("[\"trophies\"]", failed.get("unavailable").toString());
            }
            assertEquals(1, log.records().stream().filter(record -> record.getLevel() == Level.WARNING).count(),
                    "the failing peer is logged once, not at every read");
        }

        long started = System.nanoTime();
        JsonNode late = apart.api().get("/api/users/" + hanging.id()).expect(200).json();
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertTrue(took.compareTo(DEADLINE.plusSeconds(5)) < 0, "answered after " + took);
        assertEquals(List.of("talk/posts"), ProfileSectionsTest.sections(late));
        assertEquals("[\"trophies\"]", late.get("unavailable").toString());
    }

    private static void privacy(Member member, boolean showBadges) {
        as(member).put("/api/users/me/privacy", Body.of("visibility", "territory", "locked", false,
                "searchable", true, "showBadges", showBadges, "showCourses", true)).expect(200);
    }

    private static ApiClient as(Member member) {
        return apart.api().as(member.access());
    }
}
