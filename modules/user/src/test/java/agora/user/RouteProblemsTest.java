package agora.user;

import java.util.List;
import java.util.UUID;

import agora.platform.host.testing.ApiClient;
import agora.platform.host.testing.Member;
import agora.platform.host.testing.TestHost;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What every route answers to what a client can get wrong: a bad id, cursor or limit, no token, another territory. */
class RouteProblemsTest {
    private static final List<String> OWN_LISTS = List.of("/api/users/me/follow-requests", "/api/users/me/blocks");
    private static TestHost pod;
    private static Member member;

    @BeforeAll
    static void start() {
        pod = TestHost.with(TestHost.service("territory"), TestHost.service("auth"), new UserService())
                .config("agora.auth.throttle.registrations", "1000/PT1M").territory("US").start();
        member = pod.signIns().member(pod.signIns().admin());
    }

    @AfterAll
    static void stop() {
        pod.close();
    }

    @Test
    void listsRefuseBadCursorsAndLimits() {
        ApiClient client = pod.api().as(member.access());
        for (String list : OWN_LISTS) {
            client.get(list + "?cursor=nonsense").problem(400, "invalid-cursor");
            client.get(list + "?limit=101").problem(422, "validation-failed");
        }
        for (String list : List.of("/followers", "/following")) {
            String path = "/api/users/" + member.id() + list;
            pod.api().get(path + "?cursor=nonsense").problem(400, "invalid-cursor");
            pod.api().get(path + "?limit=abc").problem(422, "validation-failed");
            pod.api().get("/api/users/" + UUID.randomUUID() + list).problem(404, "profile-not-found");
        }
        pod.api().get("/api/users/search?q=x&limit=0").problem(422, "validation-failed");
    }

    @Test
    void routesOnAMemberAnswerNoSuchMemberForAMalformedOrUnknownId() {
        ApiClient client = pod.api().as(member.access());
        for (String id : List.of("not-a-uuid", UUID.randomUUID().toString())) {
            client.post("/api/users/" + id + "/follow", null).problem(404, "profile-not-found");
            client.post("/api/users/" + id + "/block", null).problem(404, "profile-not-found");
        }
        client.delete("/api/users/not-a-uuid/follow").problem(404, "profile-not-found");
        client.delete("/api/users/not-a-uuid/block").problem(404, "profile-not-found");
        // Nothing to undo for a member who exists nowhere is no error.
        client.delete("/api/users/" + UUID.randomUUID() + "/follow").expect(204);
    }

    @Test
    void theOwnRoutesNeedASignedInMember() {
        pod.api().get("/api/users/me/follow-requests").problem(401, "unauthenticated");
        pod.api().put("/api/users/me/privacy", null).problem(401, "unauthenticated");
        pod.api().delete("/api/users/me").problem(401, "unauthenticated");
        pod.api().patch("/api/users/me", null).problem(401, "unauthenticated");
        pod.api().post("/api/users/me/follow-requests/" + UUID.randomUUID() + "/approve", null)
                .problem(401, "unauthenticated");
    }
}
