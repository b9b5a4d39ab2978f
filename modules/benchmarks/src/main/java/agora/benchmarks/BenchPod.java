package agora.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import agora.platform.contract.TerritoryCode;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;

/**
 * What the benchmarks that start a whole pod in their own process share: its configuration (a
 * throwaway database, its own NATS stream and Redis key prefixes, throttles opened wide), quiet
 * logging that still catches the mails the pod logs, and a client that seeds and signs in members
 * through the pod's API as a person would.
 */
final class BenchPod {
    /** The benchmarks' territory. */
    static final TerritoryCode TERRITORY = TerritoryCode.of("DK");
    /** Every benchmark member's password. */
    static final String PASSWORD = "a long enough benchmark password";
    /**
     * The pod's mails go to the log (no SMTP server is configured); they are caught here instead of
     * printed. Held, so the handler set on it stays.
     */
    private static final Logger MAIL_LOG = Logger.getLogger("agora.platform.mail.LogMailer");
    private static final MailCatcher MAILS = new MailCatcher();

    private final HttpClient http;
    private final URI api;
    private final ObjectMapper json = new ObjectMapper();

    /**
     * @param http the client to call with
     * @param api  the pod's public listener
     */
    BenchPod(HttpClient http, URI api) {
        this.http = http;
        this.api = api;
    }

    /** An account made for the benchmark. */
    record Member(String email, UUID id) {
    }

    /** A member signed in. */
    record Session(Member member, String accessToken, UUID sessionId) {
    }

    /**
     * The pod's configuration on a benchmark's scratch servers.
     *
     * @param extra settings added to (or replacing) the benchmark defaults
     */
    static Config config(Scratch scratch, String jdbcUrl, String eventsPrefix, String redisPrefix,
                         Map<String, String> extra) {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        byte[] operatorToken = new byte[32];
        new SecureRandom().nextBytes(operatorToken);
        String wide = "1000000/PT1M";
        Map<String, String> settings = new HashMap<>(Map.ofEntries(
                Map.entry("server.host", "127.0.0.1"),
                Map.entry("server.port", "0"),
                Map.entry("agora.operator.port", "0"),
                Map.entry("agora.operator.token", Base64.getUrlEncoder().encodeToString(operatorToken)),
                Map.entry("agora.db.url", jdbcUrl),
                Map.entry("agora.db.user", scratch.user()),
                Map.entry("agora.nats.url", scratch.natsUrl()),
                Map.entry("agora.events.prefix", eventsPrefix),
                Map.entry("agora.redis.url", scratch.redisUrl()),
                Map.entry("agora.redis.prefix", redisPrefix),
                Map.entry("agora.territory.seed", TERRITORY.value() + ":Danmark:da"),
                Map.entry("agora.auth.keys.secret", Base64.getEncoder().encodeToString(secret)),
                // Wide open, so that the throttles do not measure themselves. Failed logins per
                // account keep their default: the benchmarks never fail one, and an hourly tier
                // under 100 is required.
                Map.entry("agora.auth.throttle.address-failures", wide),
                Map.entry("agora.auth.throttle.registrations", wide),
                Map.entry("agora.auth.throttle.invitation-checks", wide),
                Map.entry("agora.auth.throttle.recovery-requests", wide),
                // The benchmarks' admin invites without a second factor; the logins measured are
                // members' (one step) either way.
                Map.entry("agora.auth.two-factor.required-roles", "moderator")));
        settings.putAll(extra);
        return Config.builder()
                .disableEnvironmentVariablesSource()
                .disableSystemPropertiesSource()
                .sources(ConfigSources.create(settings), ConfigSources.classpath("application.yaml"))
                .build();
    }

    /** Warnings and errors to stderr; the pod's info lines, its access log and the logged mails nowhere. */
    static void quietLogging() {
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        ConsoleHandler console = new ConsoleHandler();
        console.setLevel(Level.WARNING);
        root.addHandler(console);
        root.setLevel(Level.WARNING);
        MAIL_LOG.setUseParentHandlers(false);
        MAIL_LOG.setLevel(Level.INFO);
        MAIL_LOG.addHandler(MAILS);
    }

    /** An HTTP/1.1 client on virtual threads, as the loads use. */
    static HttpClient client() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
    }

    /**
     * The first admin through the operator's bootstrap invitation (address confirmed from the mail
     * the pod logged), then {@code count} members through one invitation, registered as many at
     * once as there are cores (each one hashes a password).
     *
     * @return the admin's access token and the members
     */
    Seeded seed(URI operator, String operatorToken, int count, String note) throws Exception {
        JsonNode bootstrap = call(HttpRequest.newBuilder(operator.resolve("/operator/auth/territories/"
                + TERRITORY.value() + "/bootstrap-invitation")).header("Authorization", "Bearer " + operatorToken)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), 201);
        register(bootstrap.path("token").asText(), "admin@example.org", "Bench Admin");
        // Only a confirmed address may invite: the link of the mail the pod logged.
        call(post("/api/auth/email/verify", Map.of("token", MAILS.token("admin@example.org"))).build(), 200);
        String admin = call(login("admin@example.org"), 200).path("accessToken").asText();
        JsonNode invitation = call(post("/api/auth/invitations", Map.of("maxUses", Math.max(1, count), "note", note))
                .header("Authorization", "Bearer " + admin).build(), 201);
        String token = invitation.path("token").asText();
        List<Member> members = parallel(count, i -> {
            String email = "member-" + (i + 1) + "@example.org";
            return new Member(email, UUID.fromString(register(token, email, "Member " + (i + 1)).path("id").asText()));
        });
        return new Seeded(admin, members);
    }

    /** What {@link #seed} made: the admin's access token and the members. */
    record Seeded(String adminToken, List<Member> members) {
    }

    JsonNode register(String invitation, String email, String name) throws Exception {
        return call(post("/api/auth/register", Map.of("invitation", invitation, "email", email,
                "displayName", name, "password", PASSWORD)).build(), 201);
    }

    /** One login per member. */
    List<Session> sessions(List<Member> members) throws Exception {
        List<Session> sessions = new ArrayList<>();
        for (Member member : members) {
            JsonNode grant = call(login(member.email()), 200);
            sessions.add(new Session(member, grant.path("accessToken").asText(),
                    UUID.fromString(grant.path("sessionId").asText())));
        }
        return sessions;
    }

    HttpRequest login(String email) {
        return loginCall(email).toRequest();
    }

    Call loginCall(String email) {
        try {
            return Call.post(api.resolve("/api/auth/login"), "application/json",
                    json.writeValueAsBytes(Map.of("email", email, "password", PASSWORD)),
                    new Call.Header("X-Territory", TERRITORY.value()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A GET of the pod's API in the benchmarks' territory, as a signed-in member. */
    HttpRequest get(String path, String accessToken) {
        return HttpRequest.newBuilder(api.resolve(path))
                .header("X-Territory", TERRITORY.value())
                .header("Authorization", "Bearer " + accessToken).build();
    }

    HttpRequest.Builder post(String path, Map<String, Object> body) throws JsonProcessingException {
        return HttpRequest.newBuilder(api.resolve(path))
                .header("Content-Type", "application/json")
                .header("X-Territory", TERRITORY.value())
                .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
    }

    /** Sends a request and reads its JSON answer, which must have the expected status. */
    JsonNode call(HttpRequest request, int expected) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(request.method() + " " + request.uri() + ": " + response.statusCode() + " "
                    + response.body());
        }
        return json.readTree(response.body());
    }

    /** Runs {@code count} tasks, as many at once as there are cores. */
    private static <T> List<T> parallel(int count, Task<T> task) throws Exception {
        Semaphore slots = new Semaphore(Runtime.getRuntime().availableProcessors());
        List<Future<T>> futures = new ArrayList<>();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < count; i++) {
                int index = i;
                futures.add(executor.submit(() -> {
                    slots.acquire();
                    try {
                        return task.run(index);
                    } finally {
                        slots.release();
                    }
                }));
            }
        }
        List<T> results = new ArrayList<>();
        for (Future<T> future : futures) {
            results.add(future.get());
        }
        return results;
    }

    @FunctionalInterface
    private interface Task<T> {
        T run(int index) throws Exception;
    }

    /** Keeps the verification token of each logged mail, by recipient. */
    private static final class MailCatcher extends Handler {
        private static final Pattern TOKEN = Pattern.compile("[?&]token=([^&\\s]+)");
        private final Map<String, String> tokens = new ConcurrentHashMap<>();

        @Override
        public void publish(LogRecord record) {
            Object[] parameters = record.getParameters();
            if (parameters != null && parameters.length >= 3) {
                Matcher token = TOKEN.matcher(String.valueOf(parameters[2]));
                if (token.find()) {
                    tokens.put(String.valueOf(parameters[0]), URLDecoder.decode(token.group(1), StandardCharsets.UTF_8));
                }
            }
        }

        /** The verification token last mailed to an address. */
        String token(String email) {
            return Optional.ofNullable(tokens.get(email)).orElseThrow(() -> new IllegalStateException(
                    String.format(Locale.ROOT, "no verification mail to %s in the log", email)));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
