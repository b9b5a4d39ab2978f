package agora.user;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import agora.auth.api.AuthEvents;
import agora.platform.contract.TerritoryCode;
import agora.platform.data.Database;
import agora.platform.events.Event;
import agora.platform.events.EventScope;
import agora.platform.host.testing.ApiClient;
import agora.platform.host.testing.Eventually;
import agora.platform.host.testing.Member;
import agora.platform.host.testing.TestHost;
import agora.platform.testing.Body;
import agora.user.search.SearchText;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The user service deployed apart from auth (its own process, events over NATS, auth's facts over
 * the internal listener): profiles of members who registered before it ran, profiles from
 * registration on, and erasure when auth deletes an account, end to end and with the deletion
 * delivered twice.
 */
class ErasureTest {
    private static final TerritoryCode TERRITORY = TerritoryCode.of("AR");
    private static final Duration EVENTS = Duration.ofSeconds(20);
    private static TestHost auth;
    private static TestHost users;
    private static Member admin;
    private static Member early;

    @BeforeAll
    static void start() {
        auth = TestHost.with(TestHost.service("territory"), TestHost.service("auth"))
                .config("agora.auth.throttle.registrations", "1000/PT1M").territory(TERRITORY.value()).start();
        admin = auth.signIns().admin();
        early = auth.signIns().member(admin);
        // The user service starts after these members registered: its territory-ready replay gives them profiles.
        users = TestHost.with(new UserService()).besides(auth).start();
    }

    @AfterAll
    static void stop() {
        users.close();
        auth.close();
    }

    @Test
    void membersWhoRegisteredBeforeTheServiceRanHaveProfiles() {
        JsonNode profile = users.api().get("/api/users/" + early.id()).expect(200).json();
        assertEquals(UserServiceTest.registeredName(early), profile.get("displayName").asText());
        assertEquals(UserServiceTest.registeredName(admin), users.api().get("/api/users/" + admin.id()).expect(200)
                .json().get("displayName").asText());
        // They are searchable too: the replay wrote the search column.
        String word = early.email().substring("member-".length(), "member-".length() + 8);
        assertTrue(users.api().get("/api/users/search?q=" + word).expect(200).json().get("items").size() >= 1);
    }

    @Test
    void aFreshMemberHasAProfileAtOnceAndTheRegistrationEventChangesNothingLater() {
        Member fresh = auth.signIns().member(admin);
        // Whether or not the event has arrived, the member is there.
        JsonNode me = users.api().as(fresh.access()).get("/api/users/me").expect(200).json();
        assertEquals(UserServiceTest.registeredName(fresh), me.get("displayName").asText());
        users.api().as(fresh.access()).patch("/api/users/me", Body.of("displayName", "Chosen Name")).expect(200);
        Eventually.within(EVENTS, () -> processed("auth.user_registered", fresh.id()), count -> count == 1);
        assertEquals("Chosen Name", users.api().get("/api/users/" + fresh.id()).expect(200).json()
                .get("displayName").asText(), "the late event does not overwrite the member's choice");
    }

    @Test
    void deletingTheAccountErasesTheProfileFollowsRequestsAndBlocksEvenWhenTheEventComesTwice() {
        Member leaver = auth.signIns().member(admin);
        Member friend = auth.signIns().member(admin);
        Member locked = auth.signIns().member(admin);
        Member pest = auth.signIns().member(admin);
        as(friend).post("/api/users/" + leaver.id() + "/follow", null).expect(200);
        as(leaver).post("/api/users/" + friend.id() + "/follow", null).expect(200);
        as(locked).put("/api/users/me/privacy", Body.of("visibility", "territory", "locked", true, "searchable", true,
                "showBadges", true, "showCourses", true)).expect(200);
        as(leaver).post("/api/users/" + locked.id() + "/follow", null).expect(200);
        as(pest).post("/api/users/" + leaver.id() + "/block", null).expect(200);
        assertEquals(1, users.api().get("/api/users/" + friend.id()).expect(200).json().get("followers").asLong());

        auth.api().as(leaver.access()).send("DELETE", "/api/auth/account", Body.of("password", Member.PASSWORD))
                .expect(204);
        Eventually.within(EVENTS, () -> users.api().get("/api/users/" + leaver.id()).status(), status -> status == 404);
        assertErased(leaver, friend, locked, pest);

        // The same deletion again (a replay, a second publication): nothing fails, nothing comes back.
        Event again = auth.host().platform().database().inTerritory(TERRITORY, db -> auth.host().events()
                .outbox(AuthEvents.SERVICE).append(db, EventScope.territory(TERRITORY), AuthEvents.ACCOUNT_DELETED,
                        leaver.id().toString(), 99, new AuthEvents.AccountDeleted(leaver.id())));
        Eventually.within(EVENTS, () -> processedId(again.id()), done -> done);
        assertEquals(0, count("SELECT count(*) AS n FROM user_dead_letters"));
        assertErased(leaver, friend, locked, pest);
        users.api().get("/api/users/" + leaver.id()).problem(404, "profile-not-found");
    }

    private static void assertErased(Member leaver, Member friend, Member locked, Member pest) {
        assertEquals(List.of(), FollowBlockTest.ids(users.api().get("/api/users/" + friend.id() + "/followers")
                .expect(200).json()));
        assertEquals(0, users.api().get("/api/users/" + friend.id()).expect(200).json().get("followers").asLong(),
                "the count drops with the rows");
        assertEquals(List.of(), FollowBlockTest.ids(as(locked).get("/api/users/me/follow-requests").expect(200).json()));
        assertEquals(List.of(), FollowBlockTest.ids(as(pest).get("/api/users/me/blocks").expect(200).json()));
        for (String table : List.of("user_profiles WHERE id = ?", "user_follows WHERE ? IN (follower_id, followee_id)",
                "user_follow_requests WHERE ? IN (requester_id, target_id)",
                "user_blocks WHERE ? IN (blocker_id, blocked_id)", "user_former_handles WHERE user_id = ?",
                "user_search_words WHERE profile_id = ?")) {
            assertEquals(0, count("SELECT count(*) AS n FROM " + table, leaver.id()), table);
        }
        // The words of the name that were the leaver's alone left the search's vocabulary too.
        String own = SearchText.fold(leaver.email().substring("member-".length(), leaver.email().indexOf('@')));
        String first = own.split(" ")[0];
        assertEquals(0, count("SELECT count(*) AS n FROM user_search_vocabulary WHERE word = ?", first), first);
        assertFalse(users.api().get("/api/users/search?q=" + leaver.email().substring(7, 15)).expect(200).json()
                .toString().contains(leaver.id().toString()));
    }

    private static long processed(String type, UUID aggregate) {
        return count("SELECT count(*) AS n FROM user_processed_events p WHERE p.consumer = 'user__profiles' AND p.event_id IN "
                + "(SELECT id FROM auth_outbox WHERE type = ? AND aggregate = ?)", type, aggregate.toString());
    }

    private static boolean processedId(UUID event) {
        // The profiles' consumer (the avatars' consumes the same event on its own).
        return count("SELECT count(*) AS n FROM user_processed_events WHERE event_id = ? AND consumer = 'user__profiles'",
                event) == 1;
    }

    private static long count(String sql, Object... args) {
        Database database = users.host().platform().database();
        return database.inTerritory(TERRITORY, db -> db.get(sql, args).orElseThrow().column("n").get(Long.class));
    }

    private static ApiClient as(Member member) {
        return users.api().as(member.access());
    }
}
