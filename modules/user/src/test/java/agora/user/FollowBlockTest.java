package agora.user;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import agora.platform.contract.TerritoryCode;
import agora.platform.host.testing.ApiClient;
import agora.platform.host.testing.Member;
import agora.platform.host.testing.SignIns;
import agora.platform.host.testing.TestHost;
import agora.platform.testing.Body;
import agora.user.api.BlockFacts;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Follows, follow requests, blocks, their lists and events, and two territories kept apart. */
class FollowBlockTest {
    private static final TerritoryCode TERRITORY = TerritoryCode.of("MX");
    private static TestHost pod;
    private static Member admin;

    @BeforeAll
    static void start() {
        pod = TestHost.with(TestHost.service("territory"), TestHost.service("auth"), new UserService())
                .config("agora.auth.throttle.registrations", "1000/PT1M").territory(TERRITORY.value()).start();
        admin = pod.signIns().admin();
    }

    @AfterAll
    static void stop() {
        pod.close();
    }

    @Test
    void followingShowsInBothListsAndCountsAndEndsWithUnfollow() {
        Member ana = member();
        Member bo = member();
        JsonNode followed = as(ana).post("/api/users/" + bo.id() + "/follow", null).expect(200).json();
        assertEquals("following", followed.get("state").asText());
        as(ana).post("/api/users/" + bo.id() + "/follow", null).expect(200);
        assertEquals(List.of(ana.id().toString()), ids(as(bo).get("/api/users/me/followers").expect(200).json()));
        assertEquals(List.of(bo.id().toString()), ids(pod.api().get("/api/users/" + ana.id() + "/following")
                .expect(200).json()));
        JsonNode seen = as(ana).get("/api/users/" + bo.id()).expect(200).json();
        assertEquals(1, seen.get("followers").asLong());
        assertTrue(seen.get("followedByYou").asBoolean());

        as(ana).delete("/api/users/" + bo.id() + "/follow").expect(204);
        as(ana).delete("/api/users/" + bo.id() + "/follow").expect(204);
        assertEquals(List.of(), ids(pod.api().get("/api/users/" + bo.id() + "/followers").expect(200).json()));
        as(ana).post("/api/users/" + ana.id() + "/follow", null).problem(409, "cannot-follow-self");
        as(ana).post("/api/users/" + UUID.randomUUID() + "/follow", null).problem(404, "profile-not-found");
        pod.api().post("/api/users/" + bo.id() + "/follow", null).problem(401, "unauthenticated");
    }

    @Test
    void aLockedAccountApprovesOrRejectsFollowRequests() {
        Member owner = member();
        Member asker = member();
        Member other = member();
        Member third = member();
        lock(owner, true);
        assertEquals("requested", as(asker).post("/api/users/" + owner.id() + "/follow", null).expect(200).json()
                .get("state").asText());
        as(other).post("/api/users/" + owner.id() + "/follow", null).expect(200);
        assertTrue(as(asker).get("/api/users/" + owner.id()).expect(200).json().get("requestedByYou").asBoolean());
        assertEquals(List.of(), ids(as(owner).get("/api/users/me/followers").expect(200).json()),
                "a request is no follow");
        List<String> waiting = ids(as(owner).get("/api/users/me/follow-requests").expect(200).json());
        assertEquals(List.of(other.id().toString(), asker.id().toString()), waiting, "newest first");

        as(owner).post("/api/users/me/follow-requests/" + asker.id() + "/approve", null).expect(204);
        as(owner).post("/api/users/me/follow-requests/" + other.id() + "/reject", null).expect(204);
        as(owner).post("/api/users/me/follow-requests/" + other.id() + "/approve", null)
                .problem(404, "follow-request-not-found");
        as(owner).post("/api/users/me/follow-requests/not-an-id/reject", null).problem(404, "follow-request-not-found");
        assertEquals(List.of(asker.id().toString()), ids(as(owner).get("/api/users/me/followers").expect(200).json()));

        // Unlocking approves whoever still waits.
        as(third).post("/api/users/" + owner.id() + "/follow", null).expect(200);
        lock(owner, false);
        assertTrue(ids(as(owner).get("/api/users/me/followers").expect(200).json()).contains(third.id().toString()));
        assertEquals(List.of(), ids(as(owner).get("/api/users/me/follow-requests").expect(200).json()));
    }

    @Test
    void listsArePagedWithAnOpaqueCursorAndABadCursorIsRefused() {
        Member star = member();
        List<String> fans = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Member fan = member();
            as(fan).post("/api/users/" + star.id() + "/follow", null).expect(200);
            fans.addFirst(fan.id().toString());
        }
        List<String> seen = new ArrayList<>();
        String path = "/api/users/" + star.id() + "/followers?limit=2";
        JsonNode page = pod.api().get(path).expect(200).json();
        seen.addAll(ids(page));
        assertEquals(2, page.get("items").size());
        String next = page.get("next").asText();
        page = pod.api().get(path + "&cursor=" + next).expect(200).json();
        seen.addAll(ids(page));
        assertTrue(page.get("next").isNull());
        assertEquals(fans, seen);

        pod.api().get(path + "&cursor=garbage").problem(400, "invalid-cursor");
        pod.api().get(path + "&cursor=" + next.substring(0, next.length() - 2) + "xx").problem(400, "invalid-cursor");
        pod.api().get("/api/users/" + star.id() + "/following?limit=2&cursor=" + next).problem(400, "invalid-cursor");
        pod.api().get("/api/users/" + star.id() + "/followers?limit=0").expect(422);
    }

    @Test
    void aBlockRemovesFollowsAndRequestsBothWaysStopsNewOnesAndIsPublished() {
        Member blocker = member();
        Member pest = member();
        as(blocker).post("/api/users/" + pest.id() + "/follow", null).expect(200);
        as(pest).post("/api/users/" + blocker.id() + "/follow", null).expect(200);
        Member lockedOne = member();
        lock(lockedOne, true);
        as(pest).post("/api/users/" + lockedOne.id() + "/follow", null).expect(200);

        JsonNode blocked = as(blocker).post("/api/users/" + pest.id() + "/block", null).expect(200).json();
        assertTrue(blocked.get("blocked").asBoolean());
        as(blocker).post("/api/users/" + pest.id() + "/block", null).expect(200);
        as(lockedOne).post("/api/users/" + pest.id() + "/block", null).expect(200);
        assertEquals(List.of(), ids(as(blocker).get("/api/users/me/followers").expect(200).json()));
        assertEquals(List.of(), ids(as(blocker).get("/api/users/me/following").expect(200).json()));
        assertEquals(List.of(), ids(as(lockedOne).get("/api/users/me/follow-requests").expect(200).json()),
                "the pending request went too");
        as(pest).post("/api/users/" + blocker.id() + "/follow", null).problem(404, "profile-not-found");
        as(blocker).post("/api/users/" + pest.id() + "/follow", null).problem(404, "profile-not-found");
        as(pest).get("/api/users/" + blocker.id()).problem(404, "profile-not-found");
        assertEquals(List.of(pest.id().toString()), ids(as(blocker).get("/api/users/me/blocks").expect(200).json()));
        as(blocker).post("/api/users/" + blocker.id() + "/block", null).problem(409, "cannot-block-self");
        as(blocker).post("/api/users/" + UUID.randomUUID() + "/block", null).problem(404, "profile-not-found");

        BlockFacts facts = pod.host().facts(BlockFacts.class);
        assertTrue(facts.eitherBlocks(TERRITORY, pest.id(), blocker.id()));
        assertTrue(facts.blocks(TERRITORY, blocker.id(), pest.id()));
        assertFalse(facts.blocks(TERRITORY, pest.id(), blocker.id()));
        assertEquals(1, events("user.blocked", blocker.id()), "published once, ids only");
        String address = pod.host().platform().database().inTerritory(TERRITORY, db -> db.get(
                "SELECT client_address FROM user_audit WHERE action = 'user.block.created' AND target = ? "
                        + "AND actor = ?::uuid", pest.id().toString(), blocker.id().toString()).orElseThrow()
                .column("client_address").get(String.class));
        assertEquals("127.0.0.1", address, "the block is in the audit trail, with where it came from");

        as(blocker).delete("/api/users/" + pest.id() + "/block").expect(204);
        as(blocker).delete("/api/users/" + pest.id() + "/block").expect(204);
        assertFalse(facts.eitherBlocks(TERRITORY, pest.id(), blocker.id()));
        assertEquals(1, events("user.unblocked", blocker.id()));
        as(pest).get("/api/users/" + blocker.id()).expect(200);
        assertEquals(List.of(), ids(as(blocker).get("/api/users/me/followers").expect(200).json()),
                "follows the block removed stay removed");
        String data = pod.host().platform().database().inTerritory(TERRITORY, db -> db.get(
                "SELECT data::text AS data FROM user_outbox WHERE type = 'user.blocked' AND aggregate = ?",
                blocker.id().toString()).orElseThrow().column("data").get(String.class));
        JsonNode event = Body.parse(data);
        assertEquals(blocker.id().toString(), event.get("blockerId").asText());
        assertEquals(pest.id().toString(), event.get("blockedId").asText());
        assertEquals(2, event.size(), "ids only");
    }

    @Test
    void aRepeatedBlockWithTheSameIdempotencyKeyGetsTheFirstAnswer() {
        Member blocker = member();
        Member other = member();
        ApiClient client = as(blocker).header("Idempotency-Key", "block-" + UUID.randomUUID());
        client.post("/api/users/" + other.id() + "/block", null).expect(200);
        var again = client.post("/api/users/" + other.id() + "/block", null).expect(200);
        assertEquals("true", again.header("Idempotency-Replayed").orElse(""));
        assertEquals(1, events("user.blocked", blocker.id()));
    }

    @Test
    void twoTerritoriesAreKeptApart() {
        Member here = member();
        pod.createTerritory("CL");
        ApiClient chile = pod.api().territory("CL");
        String invitation = pod.operator().post("/operator/auth/territories/CL/bootstrap-invitation", null)
                .expect(201).json().get("token").asText();
        String email = "cl-" + UUID.randomUUID() + "@example.org";
        JsonNode account = chile.post("/api/auth/register", SignIns.registration(invitation, email, Member.PASSWORD))
                .expect(201).json();
        String access = chile.post("/api/auth/login", Body.of("email", email, "password", Member.PASSWORD))
                .expect(200).json().get("accessToken").asText();
        UUID there = UUID.fromString(account.get("id").asText());
        // The token verifier takes in the new territory's keys at its next refetch (the test clock stands still).
        pod.clock().advance(Duration.ofSeconds(11));
        assertNotNull(chile.as(access).get("/api/users/me").expect(200).json().get("displayName"));

        // A member of CL cannot see or follow one of MX, in CL or with CL's token in MX.
        chile.as(access).get("/api/users/" + here.id()).problem(404, "profile-not-found");
        chile.as(access).post("/api/users/" + here.id() + "/follow", null).problem(404, "profile-not-found");
        chile.as(access).post("/api/users/" + here.id() + "/block", null).problem(404, "profile-not-found");
        pod.api().as(access).get("/api/users/" + here.id()).problem(401, "wrong-territory");
        as(here).get("/api/users/" + there).problem(404, "profile-not-found");
        assertFalse(ids(chile.get("/api/users/search?q=member").expect(200).json()).contains(here.id().toString()));
    }

    private static long events(String type, UUID aggregate) {
        return pod.host().platform().database().inTerritory(TERRITORY, db -> db.get(
                "SELECT count(*) AS n FROM user_outbox WHERE type = ? AND aggregate = ?", type, aggregate.toString())
                .orElseThrow().column("n").get(Long.class));
    }

    private static void lock(Member member, boolean locked) {
        as(member).put("/api/users/me/privacy", Body.of("visibility", "territory", "locked", locked,
                "searchable", true, "showBadges", true, "showCourses", true)).expect(200);
    }

    static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(item -> ids.add(item.get("id").asText()));
        return ids;
    }

    private static Member member() {
        return pod.signIns().member(admin);
    }

    private static ApiClient as(Member member) {
        return pod.api().as(member.access());
    }
}
