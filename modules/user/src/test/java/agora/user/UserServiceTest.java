package agora.user;

import agora.platform.host.testing.Member;
import agora.platform.host.testing.TestHost;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The user service beside the territory and auth services, as the pod runs them. */
class UserServiceTest {
    private static TestHost pod;

    @BeforeAll
    static void start() {
        pod = TestHost.with(TestHost.service("territory"), TestHost.service("auth"), new UserService())
                .territory("EE").start();
    }

    @AfterAll
    static void stop() {
        pod.close();
    }

    @Test
    void aSignedInMemberIsKnownToTheUserService() {
        Member admin = pod.signIns().admin();
        Member member = pod.signIns().member(admin);
        JsonNode me = pod.api().as(member.access()).get("/api/users/me").expect(200).json();
        assertEquals(member.id().toString(), me.get("id").asText());
        assertEquals("EE", me.get("territory").asText());
    }

    @Test
    void withoutATokenTheAnswerIsAProblem() {
        pod.api().get("/api/users/me").problem(401, "unauthenticated");
        pod.api().as("not-a-token").get("/api/users/me").problem(401, "invalid-token");
    }
}
