package agora.auth;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;

import agora.platform.contract.TerritoryCode;
import agora.platform.data.Platform;
import agora.platform.host.testing.ApiClient;
import agora.platform.host.testing.Eventually;
import agora.platform.host.testing.KeptHosts;
import agora.platform.host.testing.Member;
import agora.platform.host.testing.SignIns;
import agora.platform.host.testing.TestHost;
import agora.platform.host.testing.TestMail;
import agora.platform.security.Security;
import agora.platform.testing.Body;
import agora.platform.testing.TestClock;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Auth as the pod runs it, through the test kit: the territory and auth services in one process on
 * this machine's real PostgreSQL, NATS and Redis, with a real SMTP server. Beside it runs a second
 * process standing for another service ({@link Probe}): it fetches auth's signing keys over HTTP and
 * asks auth's internal listener for account facts, over the same Redis, so tests can watch a
 * suspension, deletion or withheld role reach a service that is not auth.
 *
 * <p>This class only binds the kit to auth's tests: the HTTP calls return the JDK's answers, the
 * sign-in steps are the kit's {@link SignIns}.
 */
final class AuthHarness implements AutoCloseable {
    static final String OTHER_ROUTE = Probe.WHOAMI;
    static final String OTHER_ADMIN_ROUTE = Probe.ADMIN;

    final TestHost pod;
    final TestHost otherProcess;
    final TestClock clock;
    final Platform platform;
    final TestMail mail;
    final AuthService auth;
    final Security otherSecurity;
    final TerritoryCode territory;
    private final SignIns signIns;

    private AuthHarness(TestHost pod, TestHost otherProcess, AuthService auth) {
        this.pod = pod;
        this.otherProcess = otherProcess;
        this.auth = auth;
        this.clock = pod.clock();
        this.platform = pod.host().platform();
        this.mail = pod.mail();
        this.otherSecurity = otherProcess.host().security();
        this.territory = TerritoryCode.of(pod.territory());
        this.signIns = pod.signIns();
    }

    /**
     * Starts auth for a territory of its own.
     *
     * @param code     the territory (each test class uses its own)
     * @param settings extra configuration
     */
    static AuthHarness start(String code, Map<String, String> settings) {
        AuthService auth = new AuthService();
        return around(TestHost.with(TestHost.service("territory"), auth).territory(code).config(withDefaults(settings))
                .start(), auth);
    }

    /**
     * Another instance of this harness's auth, with settings of its own (as during a rolling change):
     * the same territory, data, events and clock.
     *
     * @param settings the instance's own configuration
     */
    AuthHarness anotherInstance(Map<String, String> settings) {
        AuthService auth = new AuthService();
        return around(TestHost.with(TestHost.service("territory"), auth).instanceOf(pod).config(withDefaults(settings))
                .start(), auth);
    }

    private static Map<String, String> withDefaults(Map<String, String> settings) {
        Map<String, String> config = new HashMap<>(Map.of(
                "agora.auth.email.verification-link", "https://agora.example/verify-email",
                // Every test request comes from 127.0.0.1: per-address limits that fit a test run
                // (ThrottleTest sets its own).
                "agora.auth.throttle.address-failures", "1000/PT1M",
                "agora.auth.throttle.registrations", "1000/PT1M",
                "agora.auth.throttle.invitation-checks", "1000/PT1M",
                "agora.auth.throttle.recovery-requests", "1000/PT1M"));
        config.putAll(settings);
        return config;
    }

    private static AuthHarness around(TestHost pod, AuthService auth) {
        try {
            return new AuthHarness(pod, TestHost.with(new Probe()).besides(pod).start(), auth);
        } catch (RuntimeException | Error e) {
            pod.close();
            throw e;
        }
    }

    /**
     * Auth for a test class's {@code @BeforeAll}: as {@link #start}, kept up between single-test runs
     * in the mutation run ({@link KeptHosts}).
     */
    static AuthHarness shared(String code, Map<String, String> settings) {
        return KeptHosts.start(code + new TreeMap<>(settings), () -> start(code, settings), AuthHarness::stop);
    }

    /** Stops auth, unless the mutation run keeps it for the class's next test. */
    @Override
    public void close() {
        if (!KeptHosts.kept(this)) {
            stop();
        }
    }

    private void stop() {
        try {
            otherProcess.close();
        } finally {
            pod.close();
        }
    }

    // ---- HTTP -----------------------------------------------------------------------------------

    URI api(String path) {
        return URI.create("http://127.0.0.1:" + pod.host().port() + path);
    }

    URI operator(String path) {
        return URI.create("http://127.0.0.1:" + pod.host().operatorPort() + path);
    }

    /** The public listener as the given token (none when {@code null}), with extra headers. */
    ApiClient client(String token, String... headers) {
        ApiClient client = pod.api();
        if (token != null) {
            client = client.as(token);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            client = client.header(headers[i], headers[i + 1]);
        }
        return client;
    }

    HttpResponse<String> post(String path, String token, JsonNode body, String... headers) {
        return client(token, headers).post(path, body).response();
    }

    /** A body sent exactly as written (malformed JSON, an empty body). */
    HttpResponse<String> postRaw(String path, String token, String body, String... headers) {
        return client(token, headers).sendRaw("POST", path, body.isEmpty() ? null : body, "application/json").response();
    }

    HttpResponse<String> get(String path, String token, String... headers) {
        return client(token, headers).get(path).response();
    }

    HttpResponse<String> delete(String path, String token, JsonNode body) {
        return client(token).send("DELETE", path, body).response();
    }

    /** The guarded route of the other service. */
    HttpResponse<String> other(String token) {
        return other(OTHER_ROUTE, token);
    }

    /** A route of the other service. */
    HttpResponse<String> other(String path, String token) {
        return otherProcess.api().as(token).get(path).response();
    }

    JsonNode json(HttpResponse<String> response) {
        return json(response.body());
    }

    JsonNode json(String text) {
        return Body.parse(text);
    }

    // ---- journeys (the kit's sign-in steps) -----------------------------------------------------

    String bootstrapInvitation() {
        return signIns.bootstrapInvitation();
    }

    JsonNode register(String invitation, String email, String password) {
        return signIns.register(invitation, email, password);
    }

    static JsonNode registration(String invitation, String email, String password) {
        return SignIns.registration(invitation, email, password);
    }

    JsonNode login(String email, String password) {
        return signIns.login(email, password);
    }

    List<String> enrol(String email, String password, String access) {
        return signIns.enrol(email, password, access);
    }

    byte[] secret(String email) {
        return signIns.secret(email);
    }

    String nextCode(String email) {
        return signIns.nextCode(email);
    }

    /** The verification token from the newest mail to an address. */
    String verificationToken(String email) {
        return mail.newestToken(email);
    }

    Member admin() {
        return signIns.admin();
    }

    Member member(Member admin) {
        return signIns.member(admin);
    }

    void verify(String email) {
        signIns.verify(email);
    }

    String invitation(Member inviter, int maxUses) {
        return signIns.invitation(inviter, maxUses);
    }

    Member signedInAgain(Member member) {
        return signIns.signedInAgain(member);
    }

    /** The data of the events auth published about one aggregate (an account's id) of a type, oldest first. */
    List<JsonNode> events(UUID aggregate, String type) {
        return platform.database().inTerritory(territory, db -> db.query(
                "SELECT data::text AS data FROM auth_outbox WHERE aggregate = ? AND type = ? ORDER BY position",
                aggregate.toString(), type).map(row -> json(row.column("data").get(String.class))).toList());
    }

    /** The audit records of an action about a target, newest first, as a territory admin reads them. */
    JsonNode audited(Member admin, UUID target, String action) {
        return json(get("/api/auth/audit?target=" + target + "&action=" + action, admin.access())).get("items");
    }

    /** Polls until the answer satisfies the condition, failing when that takes longer than the limit. */
    static HttpResponse<String> within(Duration limit, Supplier<HttpResponse<String>> call,
                                       Predicate<HttpResponse<String>> condition) {
        return Eventually.within(limit, call, condition);
    }
}
