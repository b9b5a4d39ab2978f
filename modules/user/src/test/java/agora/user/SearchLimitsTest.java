package agora.user;

import agora.platform.host.testing.ApiResponse;
import agora.platform.host.testing.Member;
import agora.platform.host.testing.TestHost;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Search is limited per caller: a member by their id, someone not signed in by their address, each
 * told when to come back; one caller's limit is not another's.
 */
class SearchLimitsTest {
    private static TestHost pod;
    private static Member admin;

    @BeforeAll
    static void start() {
        pod = TestHost.with(TestHost.service("territory"), TestHost.service("auth"), new UserService())
                .config("agora.auth.throttle.registrations", "1000/PT1M")
                .config("agora.user.search.per-member", "3/PT1M")
                .config("agora.user.search.anonymous-per-address", "2/PT1H")
                .territory("BS").start();
        admin = pod.signIns().admin();
    }

    @AfterAll
    static void stop() {
        pod.close();
    }

    @Test
    void aMemberSearchingTooOftenIsToldWhenToComeBackAndOthersAreNot() {
        Member eager = pod.signIns().member(admin);
        Member other = pod.signIns().member(admin);
        for (int i = 0; i < 3; i++) {
            pod.api().as(eager.access()).get("/api/users/search?q=an" + i).expect(200);
        }
        ApiResponse refused = pod.api().as(eager.access()).get("/api/users/search?q=anders");
        refused.problem(429, "too-many-requests");
        long retry = Long.parseLong(refused.header("Retry-After").orElseThrow());
        assertTrue(retry >= 1 && retry <= 60, "within the minute: " + retry);
        assertTrue(refused.json().get("detail").asText().contains(Long.toString(retry)), refused.json().toString());
        pod.api().as(other.access()).get("/api/users/search?q=anders").expect(200);
    }

    @Test
    void someoneNotSignedInIsCountedByAddressApartFromMembers() {
        pod.api().get("/api/users/search?q=x").expect(200);
        pod.api().get("/api/users/search?q=y").expect(200);
        ApiResponse refused = pod.api().get("/api/users/search?q=z");
        refused.problem(429, "too-many-requests");
        Member member = pod.signIns().member(admin);
        pod.api().as(member.access()).get("/api/users/search?q=z").expect(200);
    }
}
