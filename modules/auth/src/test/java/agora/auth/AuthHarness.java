package agora.auth;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import agora.platform.data.Platform;
import agora.platform.data.TerritoryCode;
import agora.platform.events.Events;
import agora.platform.events.EventsConfig;
import agora.platform.security.Guards;
import agora.platform.security.Principal;
import agora.platform.security.Security;
import agora.platform.security.SecurityConfig;
import agora.platform.security.token.PublicKeys;
import agora.platform.state.RedisState;
import agora.platform.testing.TestClock;
import agora.platform.web.AgoraServer;
import agora.platform.web.Limits;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import jakarta.mail.internet.MimeMessage;

/**
 * A running auth service on the real backends of this machine, for the tests: PostgreSQL (this
 * run's database), NATS JetStream and Redis (this run's own prefixes) and a GreenMail SMTP server.
 * Beside it runs a second server standing for another service: its own token verifier and
 * authorization view over the same Redis, with a guarded route and a territory-admin route, so tests
 * can watch a suspension, deletion or withheld role reach a service that is not auth.
 *
 * <p>Admins sign in with two-factor (the default requires it of their role): the harness keeps each
 * admin's TOTP secret and answers the login's second step with the next unused code, moving the
 * clock to the next 30-second step when the current ones are used up, as a person would wait.
 */
final class AuthHarness implements AutoCloseable {
    static final String NATS = System.getenv().getOrDefault("AGORA_TEST_NATS_URL", "nats://127.0.0.1:4222");
    static final URI REDIS = URI.create(System.getenv().getOrDefault("AGORA_TEST_REDIS_URL", "redis://127.0.0.1:6379"));
    static final String OTHER_ROUTE = "/api/other/whoami";
    static final String OTHER_ADMIN_ROUTE = "/api/other/admin";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final TestClock clock;
    final Platform platform;
    final Events events;
    final RedisState state;
    final GreenMail mail;
    final AuthService auth;
    final Security otherSecurity;
    final WebServer server;
    final WebServer other;
    final TerritoryCode territory;
    /** Each two-factor account's TOTP secret and the newest step the harness used, by email. */
    private final Map<String, byte[]> secrets = new ConcurrentHashMap<>();
    private final Map<String, Long> usedSteps = new ConcurrentHashMap<>();

    private AuthHarness(TestClock clock, Platform platform, Events events, RedisState state, GreenMail mail,
                        AuthService auth, Security otherSecurity, WebServer server, WebServer other,
                        TerritoryCode territory) {
        this.clock = clock;
        this.platform = platform;
        this.events = events;
        this.state = state;
        this.mail = mail;
        this.auth = auth;
        this.otherSecurity = otherSecurity;
        this.server = server;
        this.other = other;
        this.territory = territory;
    }

    /**
     * Starts auth for a territory of its own.
     *
     * @param code     the territory (each test class uses its own)
     * @param settings extra configuration
     */
    static AuthHarness start(String code, Map<String, String> settings) {
        TestClock clock = new TestClock(Instant.now());
        int smtpPort = freePort();
        GreenMail mail = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        Map<String, String> config = new java.util.HashMap<>(Map.of(
                "agora.mail.smtp.host", "127.0.0.1",
                "agora.mail.smtp.port", String.valueOf(smtpPort),
                "agora.mail.smtp.starttls", "none",
                "agora.mail.from", "agora@example.org",
                "agora.auth.email.verification-link", "https://agora.example/verify-email",
                "agora.auth.password.argon2.memory-kib", "19456",
                "agora.auth.password.argon2.iterations", "2",
                "agora.territories.default", code));
        // Every test request comes from 127.0.0.1: per-address limits that fit a test run (ThrottleTest sets its own).
        config.put("agora.auth.throttle.address-failures", "1000/PT1M");
        config.put("agora.auth.throttle.registrations", "1000/PT1M");
        config.put("agora.auth.throttle.invitation-checks", "1000/PT1M");
        config.put("agora.auth.throttle.recovery-requests", "1000/PT1M");
        config.putAll(settings);
        Platform platform = TestTerritories.platform(clock, config);
        TerritoryCode territory = TestTerritories.register(platform, code);
        String prefix = "agora_test_" + HexFormat.of().formatHex(random(4));
        Events events = Events.create(new EventsConfig(Optional.of(NATS), prefix.replace(':', '_'), Duration.ofDays(1), 3,
                Duration.ofSeconds(2), Duration.ofMillis(200)), platform);
        RedisState state = RedisState.connect(REDIS, prefix + ":", clock);
        SecurityConfig securityConfig = SecurityConfig.from(platform.config().get("agora.security"));
        AuthService auth = AuthService.create(platform, events, state, (jwks, accounts) -> Security.create(securityConfig, clock,
                platform.resolver(), PublicKeys.configured(securityConfig, clock, jwks), state.cache("authz"), accounts,
                (t, user) -> Set.of()));
        auth.start();
        events.start();
        WebServerConfig.Builder builder = WebServer.builder();
        AgoraServer.configure(builder, new AgoraServer.Settings("127.0.0.1", 0, 0, Limits.DEFAULT), platform.json(),
                auth::routes, auth::operatorRoutes);
        WebServer server = builder.build().start();

        // Another service: it fetches auth's published keys over HTTP and keeps its own verifier and
        // authorization view over the same Redis. Its view's loader reads auth's tables, standing in
        // for the call to auth a service deployed alone would make on a miss.
        Security otherSecurity = Security.create(securityConfig, clock, platform.resolver(),
                PublicKeys.http(URI.create("http://127.0.0.1:" + server.port() + "/.well-known/jwks.json"), clock,
                        Duration.ofSeconds(1), Duration.ofMinutes(5)),
                state.cache("authz"), new AccountFacts(platform.database()), (t, user) -> Set.of());
        WebServerConfig.Builder otherBuilder = WebServer.builder();
        AgoraServer.configure(otherBuilder, new AgoraServer.Settings("127.0.0.1", 0, 0, Limits.DEFAULT),
                platform.json(), routes -> routes.get(OTHER_ROUTE, otherSecurity.guards().authenticated((req, res) -> {
                    Principal principal = Guards.principal(req).orElseThrow();
                    platform.json().write(res, Status.OK_200, Map.of("user", principal.userId().toString()));
                })).get(OTHER_ADMIN_ROUTE, otherSecurity.guards().role("territory-admin", (req, res) -> {
                    Principal principal = Guards.principal(req).orElseThrow();
                    platform.json().write(res, Status.OK_200, Map.of("user", principal.userId().toString()));
                })), operator -> { });
        WebServer other = otherBuilder.build().start();
        return new AuthHarness(clock, platform, events, state, mail, auth, otherSecurity, server, other, territory);
    }

    @Override
    public void close() {
        server.stop();
        other.stop();
        auth.stop();
        events.close();
        state.close();
        mail.stop();
        platform.database().close();
    }

    // ---- HTTP -----------------------------------------------------------------------------------

    URI api(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    URI operator(String path) {
        return URI.create("http://127.0.0.1:" + server.port(AgoraServer.OPERATOR_SOCKET) + path);
    }

    HttpResponse<String> post(String path, String token, String body, String... headers) {
        return send(request(path, token, headers).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    HttpResponse<String> get(String path, String token, String... headers) {
        return send(request(path, token, headers).GET());
    }

    HttpResponse<String> delete(String path, String token, String body) {
        return send(request(path, token).method("DELETE", body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body)));
    }

    /** The guarded route of the other service. */
    HttpResponse<String> other(String token) {
        return other(OTHER_ROUTE, token);
    }

    /** A route of the other service. */
    HttpResponse<String> other(String path, String token) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + other.port() + path))
                .header("X-Territory", territory.value()).header("Authorization", "Bearer " + token).GET());
    }

    HttpRequest.Builder request(String path, String token, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(api(path)).header("X-Territory", territory.value())
                .header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return request;
    }

    static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    JsonNode json(HttpResponse<String> response) {
        return json(response.body());
    }

    JsonNode json(String text) {
        try {
            return platform.json().mapper().readTree(text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    // ---- journeys -------------------------------------------------------------------------------

    /** A bootstrap invitation token from the operator listener. */
    String bootstrapInvitation() {
        HttpResponse<String> response = send(HttpRequest.newBuilder(
                operator("/operator/auth/territories/" + territory.value() + "/bootstrap-invitation"))
                .POST(HttpRequest.BodyPublishers.noBody()));
        if (response.statusCode() != 201) {
            throw new AssertionError(response.body());
        }
        return json(response).get("token").asText();
    }

    /** Registers with an invitation; fails the test unless it answers 201. */
    JsonNode register(String invitation, String email, String password) {
        HttpResponse<String> response = post("/api/auth/register", null, registration(invitation, email, password));
        if (response.statusCode() != 201) {
            throw new AssertionError(response.statusCode() + " " + response.body());
        }
        return json(response);
    }

    static String registration(String invitation, String email, String password) {
        return "{\"invitation\": \"" + invitation + "\", \"email\": \"" + email + "\", \"displayName\": \"Member "
                + email.substring(0, email.indexOf('@')) + "\", \"password\": \"" + password + "\"}";
    }

    /**
     * Logs in, answering the second step with the next code for an account the harness enrolled;
     * fails the test unless the login gives tokens.
     */
    JsonNode login(String email, String password) {
        HttpResponse<String> response = post("/api/auth/login", null,
                "{\"email\": \"" + email + "\", \"password\": \"" + password + "\"}");
        if (response.statusCode() != 200) {
            throw new AssertionError(response.statusCode() + " " + response.body());
        }
        JsonNode answer = json(response);
        if (answer.path("twoFactorRequired").asBoolean(false)) {
            HttpResponse<String> second = post("/api/auth/login/two-factor", null, "{\"challenge\": \""
                    + answer.get("challenge").asText() + "\", \"code\": \"" + nextCode(email) + "\"}");
            if (second.statusCode() != 200) {
                throw new AssertionError(second.statusCode() + " " + second.body());
            }
            return json(second);
        }
        return answer;
    }

    /**
     * Turns two-factor sign-in on for a signed-in account and remembers its secret.
     *
     * @return the recovery codes
     */
    List<String> enrol(String email, String password, String access) {
        HttpResponse<String> started = post("/api/auth/two-factor/totp", access,
                "{\"password\": \"" + password + "\"}");
        if (started.statusCode() != 200) {
            throw new AssertionError(started.statusCode() + " " + started.body());
        }
        secrets.put(email, TestTotp.base32(json(started).get("secret").asText()));
        HttpResponse<String> confirmed = post("/api/auth/two-factor/totp/confirm", access,
                "{\"code\": \"" + nextCode(email) + "\"}");
        if (confirmed.statusCode() != 200) {
            throw new AssertionError(confirmed.statusCode() + " " + confirmed.body());
        }
        List<String> codes = new ArrayList<>();
        json(confirmed).get("recoveryCodes").forEach(code -> codes.add(code.asText()));
        return codes;
    }

    /** The TOTP secret of an account the harness enrolled. */
    byte[] secret(String email) {
        byte[] secret = secrets.get(email);
        if (secret == null) {
            throw new AssertionError("the harness did not enrol " + email);
        }
        return secret;
    }

    /**
     * The next code an enrolled account has not used: the current step's, else the next step's (which
     * the server accepts too), else the clock moves on to the next step.
     */
    String nextCode(String email) {
        byte[] secret = secret(email);
        while (true) {
            long current = TestTotp.step(clock.instant());
            long used = usedSteps.getOrDefault(email, Long.MIN_VALUE);
            for (long step = current; step <= current + 1; step++) {
                if (step > used) {
                    usedSteps.put(email, step);
                    return TestTotp.code(secret, step, 6);
                }
            }
            clock.advance(Duration.ofSeconds(30 - clock.instant().getEpochSecond() % 30));
        }
    }

    /** The verification token from the newest mail to an address. */
    String verificationToken(String email) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            List<MimeMessage> to = java.util.Arrays.stream(mail.getReceivedMessages())
                    .filter(message -> recipient(message).equalsIgnoreCase(email)).toList();
            if (!to.isEmpty()) {
                String body = GreenMailUtil.getBody(to.getLast()).replace("=\r\n", "").replace("=3D", "=");
                java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("token=([A-Za-z0-9_-]+)").matcher(body);
                if (matcher.find()) {
                    return matcher.group(1);
                }
                throw new AssertionError("no token in " + body);
            }
            mail.waitForIncomingEmail(200, 1);
        }
        throw new AssertionError("no mail to " + email);
    }

    private static String recipient(MimeMessage message) {
        try {
            return message.getAllRecipients()[0].toString();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A verified territory admin with two-factor sign-in, signed in with it (its role needs a second
     * factor by default).
     */
    Member admin() {
        String email = "admin-" + UUID.randomUUID() + "@example.org";
        JsonNode account = register(bootstrapInvitation(), email, Member.PASSWORD);
        verify(email);
        enrol(email, Member.PASSWORD, login(email, Member.PASSWORD).get("accessToken").asText());
        return new Member(UUID.fromString(account.get("id").asText()), email, login(email, Member.PASSWORD));
    }

    /** A verified member invited by an admin, signed in. */
    Member member(Member admin) {
        String email = "member-" + UUID.randomUUID() + "@example.org";
        JsonNode account = register(invitation(admin, 1), email, Member.PASSWORD);
        verify(email);
        return new Member(UUID.fromString(account.get("id").asText()), email, login(email, Member.PASSWORD));
    }

    void verify(String email) {
        HttpResponse<String> verified = post("/api/auth/email/verify", null,
                "{\"token\": \"" + verificationToken(email) + "\"}");
        if (verified.statusCode() != 200) {
            throw new AssertionError(verified.body());
        }
    }

    /** An invitation's token, created by a member. */
    String invitation(Member inviter, int maxUses) {
        HttpResponse<String> created = post("/api/auth/invitations", inviter.access(), "{\"maxUses\": " + maxUses + "}");
        if (created.statusCode() != 201) {
            throw new AssertionError(created.body());
        }
        return json(created).get("token").asText();
    }

    /** The same account signed in afresh: for tests that move the clock past its token's expiry. */
    Member signedInAgain(Member member) {
        return new Member(member.id(), member.email(), login(member.email(), Member.PASSWORD));
    }

    /** Polls until the answer satisfies the condition, failing when that takes longer than the limit. */
    static HttpResponse<String> within(Duration limit, java.util.function.Supplier<HttpResponse<String>> call,
                                       java.util.function.Predicate<HttpResponse<String>> condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        HttpResponse<String> last;
        do {
            last = call.get();
            if (condition.test(last)) {
                return last;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        } while (System.nanoTime() < deadline);
        throw new AssertionError("not within " + limit + ": " + last.statusCode() + " " + last.body());
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static byte[] random(int n) {
        byte[] bytes = new byte[n];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    /**
     * A signed-in account.
     *
     * @param id    its id
     * @param email its address
     * @param login the login answer
     */
    record Member(UUID id, String email, JsonNode login) {
        static final String PASSWORD = "correct horse battery staple";

        String access() {
            return login.get("accessToken").asText();
        }

        String refresh() {
            return login.get("refreshToken").asText();
        }
    }
}
