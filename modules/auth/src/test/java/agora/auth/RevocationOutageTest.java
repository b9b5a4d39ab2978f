package agora.auth;

import java.time.Duration;
import java.util.UUID;

import agora.platform.host.testing.Eventually;
import agora.platform.host.testing.Member;
import agora.platform.host.testing.TestHost;
import agora.platform.testing.Body;
import agora.platform.testing.PrivateRedis;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A sign-out that PostgreSQL committed while Redis (the authorization view) did not answer: once
 * Redis answers again, the session's tokens are refused, however long Redis was frozen. The test
 * freezes a Redis of its own ({@code kill -STOP}) for longer than the view's consumer used to try
 * before it gave the event up as a dead letter.
 */
class RevocationOutageTest {

    @Test
    void aSessionSignedOutWhileRedisIsFrozenIsRefusedOnceRedisAnswersAgain() throws Exception {
        try (PrivateRedis redis = PrivateRedis.start();
             TestHost host = TestHost.with(TestHost.service("territory"), new AuthService()).territory("LI")
                     .config("agora.redis.url", redis.url().toString()).start()) {
            String email = "frozen-" + UUID.randomUUID() + "@example.org";
            host.signIns().register(host.signIns().bootstrapInvitation(), email, Member.PASSWORD);
            host.signIns().verify(email);
            JsonNode login = host.signIns().login(email, Member.PASSWORD);
            String access = login.get("accessToken").asText();
            host.api().as(access).get("/api/auth/me").expect(200);

            redis.pause();
            try {
                // A request that needs the view fails, and with it the connections to the frozen server:
                // what is written next cannot sit in a socket buffer until Redis runs again.
                host.api().as(access).get("/api/auth/me").expect(503);
                host.api().post("/api/auth/logout", Body.of("refreshToken", login.get("refreshToken").asText()))
                        .expect(204);
                // The revocation's event reaches the view's consumer, which fails as often as it may
                // before an event would be given up (agora.events.max.deliveries is 3 in tests).
                Eventually.within(Duration.ofMinutes(1), () -> failedDeliveries(host), failed -> failed >= 3);
            } finally {
                redis.resume();
            }

            assertEquals(401, Eventually.within(Duration.ofSeconds(5), () -> host.api().as(access).get("/api/auth/me"),
                    me -> me.status() == 401).status());
            assertEquals(0, host.operator().get("/operator/events/dead-letters?service=auth&scope=li").expect(200)
                    .json().get("items").size(), "a frozen Redis is no reason to give the event up");
        }
    }

    /* Deliveries of this test's territory to the view's consumer that did not apply the event. */
    private static double failedDeliveries(TestHost host) {
        return ViewConsumerMetrics.deliveries(host, "LI",
                outcome -> !outcome.equals("applied") && !outcome.equals("duplicate"));
    }
}
