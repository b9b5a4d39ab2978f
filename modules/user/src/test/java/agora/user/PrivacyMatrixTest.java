package agora.user;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import agora.platform.host.testing.ApiClient;
import agora.platform.host.testing.ApiResponse;
import agora.platform.host.testing.Member;
import agora.platform.host.testing.TestHost;
import agora.platform.testing.Body;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The privacy matrix: who sees the owner's profile, for each visibility, through each read path.
 * A hidden profile answers exactly like a missing one (the same 404 problem) and is left out of
 * lists and search.
 */
class PrivacyMatrixTest {
    private static TestHost pod;
    private static Member owner;
    private static Member stranger;
    private static Member follower;
    private static Member blocked;
    private static Member hub;
    private static String handle;

    /** Who looks. */
    enum Viewer {
        ANONYMOUS, MEMBER, FOLLOWER, BLOCKED, SELF
    }

    /** How they look. */
    enum Path {
        PROFILE, BY_HANDLE, FOLLOWERS_LIST, FOLLOWING_LIST, SEARCH
    }

    @BeforeAll
    static void start() {
        pod = TestHost.with(TestHost.service("territory"), TestHost.service("auth"), new UserService())
                .config("agora.auth.throttle.registrations", "1000/PT1M").territory("CA").start();
        Member admin = pod.signIns().admin();
        owner = pod.signIns().member(admin);
        stranger = pod.signIns().member(admin);
        follower = pod.signIns().member(admin);
        blocked = pod.signIns().member(admin);
        hub = pod.signIns().member(admin);
        handle = "owner_" + owner.id().toString().substring(24);
        as(owner).patch("/api/users/me", Body.of("handle", handle)).expect(200);
        as(follower).post("/api/users/" + owner.id() + "/follow", null).expect(200);
        // The owner follows the hub and the hub follows the owner: the owner is in the hub's lists.
        as(owner).post("/api/users/" + hub.id() + "/follow", null).expect(200);
        as(hub).post("/api/users/" + owner.id() + "/follow", null).expect(200);
        as(owner).post("/api/users/" + blocked.id() + "/block", null).expect(200);
    }

    @AfterAll
    static void stop() {
        pod.close();
    }

    static Stream<Arguments> matrix() {
        List<Arguments> rows = new ArrayList<>();
        for (String visibility : List.of("territory", "members", "followers")) {
            for (Viewer viewer : Viewer.values()) {
                boolean sees = switch (viewer) {
                    case SELF, FOLLOWER -> true;
                    case MEMBER -> !visibility.equals("followers");
                    case ANONYMOUS -> visibility.equals("territory");
                    case BLOCKED -> false;
                };
                for (Path path : Path.values()) {
                    rows.add(Arguments.of(visibility, viewer, path, sees));
                }
            }
        }
        return rows.stream();
    }

    @ParameterizedTest(name = "{0}: {1} through {2} sees the profile: {3}")
    @MethodSource("matrix")
    void whoSeesWhat(String visibility, Viewer viewer, Path path, boolean sees) {
        setPrivacy(visibility, true);
        ApiClient client = switch (viewer) {
            case ANONYMOUS -> pod.api();
            case MEMBER -> as(stranger);
            case FOLLOWER -> as(follower);
            case BLOCKED -> as(blocked);
            case SELF -> as(owner);
        };
        switch (path) {
            case PROFILE -> single(client.get("/api/users/" + owner.id()), sees);
            case BY_HANDLE -> single(client.get("/api/users/by-handle/" + handle), sees);
            case FOLLOWERS_LIST -> assertEquals(sees, listed(client.get("/api/users/" + hub.id() + "/followers")));
            case FOLLOWING_LIST -> assertEquals(sees, listed(client.get("/api/users/" + hub.id() + "/following")));
            case SEARCH -> assertEquals(sees, listed(client.get("/api/users/search?q=" + handle)));
        }
    }

    @Test
    void aProfileOutOfSearchIsStillReadAndListed() {
        setPrivacy("territory", false);
        try {
            assertFalse(listed(as(stranger).get("/api/users/search?q=" + handle)));
            assertFalse(listed(as(owner).get("/api/users/search?q=" + handle)), "not even the owner finds it");
            single(as(stranger).get("/api/users/" + owner.id()), true);
            assertTrue(listed(as(stranger).get("/api/users/" + hub.id() + "/followers")));
        } finally {
            setPrivacy("territory", true);
        }
    }

    @Test
    void theHiddenAnswerIsTheMissingAnswer() {
        setPrivacy("followers", true);
        JsonNode hidden = as(stranger).get("/api/users/" + owner.id()).problem(404, "profile-not-found");
        JsonNode missing = as(stranger).get("/api/users/" + java.util.UUID.randomUUID())
                .problem(404, "profile-not-found");
        assertEquals(missing.get("detail"), hidden.get("detail"));
        assertEquals(missing.get("title"), hidden.get("title"));
        assertEquals(missing.get("type"), hidden.get("type"));
        // The lists of a hidden member are hidden with them.
        as(stranger).get("/api/users/" + owner.id() + "/followers").problem(404, "profile-not-found");
        as(stranger).get("/api/users/" + owner.id() + "/following").problem(404, "profile-not-found");
        as(follower).get("/api/users/" + owner.id() + "/followers").expect(200);
    }

    @Test
    void theSettingsAreKeptAndShown() {
        JsonNode me = as(owner).put("/api/users/me/privacy", Body.of("visibility", "members", "locked", true,
                "searchable", true, "showBadges", false, "showCourses", false)).expect(200).json();
        assertEquals("members", me.get("privacy").get("visibility").asText());
        assertTrue(me.get("privacy").get("locked").asBoolean());
        JsonNode seen = as(stranger).get("/api/users/" + owner.id()).expect(200).json();
        assertFalse(seen.get("showBadges").asBoolean());
        assertFalse(seen.get("showCourses").asBoolean());
        assertTrue(seen.get("locked").asBoolean());
        as(owner).put("/api/users/me/privacy", Body.of("visibility", "friends", "locked", true))
                .problem(422, "validation-failed");
        setPrivacy("territory", true);
    }

    private static void setPrivacy(String visibility, boolean searchable) {
        as(owner).put("/api/users/me/privacy", Body.of("visibility", visibility, "locked", false,
                "searchable", searchable, "showBadges", true, "showCourses", true)).expect(200);
    }

    private static void single(ApiResponse response, boolean sees) {
        if (sees) {
            assertEquals(owner.id().toString(), response.expect(200).json().get("id").asText());
        } else {
            response.problem(404, "profile-not-found");
        }
    }

    /* Whether the owner is in a list or search answer (the list itself must answer). */
    private static boolean listed(ApiResponse response) {
        JsonNode items = response.expect(200).json().get("items");
        for (JsonNode item : items) {
            if (item.get("id").asText().equals(owner.id().toString())) {
                return true;
            }
        }
        return false;
    }

    private static ApiClient as(Member member) {
        return pod.api().as(member.access());
    }

}
