package agora.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Keycloak as the peer of the login benchmark: the distribution unpacked by {@code ./agora bench
 * login} started in development mode on a loopback port, against a database of its own on the same
 * PostgreSQL server the pod uses; a realm with a public client allowed the password grant, and
 * users with passwords made through the admin REST API. Stopped (and its process gone) by {@link #close}.
 */
final class Keycloak implements AutoCloseable {
    static final String REALM = "agora-bench";
    static final String CLIENT = "agora-bench";
    private static final String ADMIN = "bench-admin";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(5);

    private final Process process;
    private final URI base;
    private final Path log;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();
    private final String adminPassword;
    private String adminToken = "";
    private long adminTokenAt;

    private Keycloak(Process process, URI base, Path log, HttpClient http, String adminPassword) {
        this.process = process;
        this.base = base;
        this.log = log;
        this.http = http;
        this.adminPassword = adminPassword;
    }

    /**
     * Starts Keycloak and waits until it answers.
     *
     * @param home     the unpacked distribution ({@code bin/kc.sh})
     * @param javaHome the JDK Keycloak runs on (17 or 21)
     * @param jdbcUrl  its own database on the PostgreSQL server
     * @param dbUser   the database user (trust auth)
     * @param http     the client to reach it with
     * @return the running server
     */
    static Keycloak start(Path home, Path javaHome, String jdbcUrl, String dbUser, HttpClient http)
            throws IOException, InterruptedException {
        int port = LoginBenchmark.freePort();
        int management = LoginBenchmark.freePort();
        String adminPassword = HexFormat.of().formatHex(randomBytes(16));
        Path log = home.resolve("keycloak-bench.log");
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/kc.sh").toString(), "start-dev",
                "--http-host=127.0.0.1", "--http-port=" + port, "--http-management-port=" + management,
                "--db=postgres", "--db-url=" + jdbcUrl, "--db-username=" + dbUser)
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        // kc.sh's own JVM defaults (G1, -Xms64m -Xmx512m), whatever this shell exported.
        env.keySet().removeIf(name -> name.startsWith("JAVA_OPTS") || name.startsWith("KC_"));
        env.put("JAVA_HOME", javaHome.toString());
        env.put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN);
        env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", adminPassword);
        Process process = builder.start();
        Keycloak keycloak = new Keycloak(process, URI.create("http://127.0.0.1:" + port), log, http, adminPassword);
        try {
            keycloak.awaitStart();
        } catch (IOException | InterruptedException | RuntimeException e) {
            keycloak.close();
            throw e;
        }
        return keycloak;
    }

    private void awaitStart() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        HttpRequest probe = HttpRequest.newBuilder(base.resolve("/realms/master")).timeout(Duration.ofSeconds(5)).build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited (" + process.exitValue() + "); its log " + log + " ends:\n"
                        + tail());
            }
            try {
                if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // Not listening yet.
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("Keycloak did not answer within " + START_TIMEOUT + "; its log " + log
                + " ends:\n" + tail());
    }

    /** The Keycloak JVM (kc.sh replaces itself with it), whose CPU time is measured. */
    ProcessHandle process() {
        return process.toHandle();
    }

    /** Version and JVM, as the server reports them. */
    String describe() throws IOException, InterruptedException {
        JsonNode info = admin("GET", "/admin/serverinfo", null, 200);
        JsonNode system = info.path("systemInfo");
        return "Keycloak " + system.path("version").asText() + " on Java " + system.path("javaVersion").asText()
                + " (" + system.path("javaHome").asText() + ")";
    }

    /**
     * The realm, its password-grant client and the users.
     *
     * @param users    user names (each also an address at example.org)
     * @param password everybody's password
     */
    void setUp(List<String> users, String password) throws IOException, InterruptedException {
        admin("POST", "/admin/realms", Map.of("realm", REALM, "enabled", true), 201);
        admin("POST", "/admin/realms/" + REALM + "/clients", Map.of("clientId", CLIENT, "publicClient", true,
                "directAccessGrantsEnabled", true, "standardFlowEnabled", false), 201);
        for (String user : users) {
            Map<String, Object> representation = new LinkedHashMap<>();
            representation.put("username", user);
            representation.put("email", user + "@example.org");
            // The default user profile wants both names: without them a login answers "account is not fully set up".
            representation.put("firstName", "Bench");
            representation.put("lastName", user);
            representation.put("enabled", true);
            representation.put("emailVerified", true);
            representation.put("credentials", List.of(Map.of("type", "password", "value", password, "temporary", false)));
            admin("POST", "/admin/realms/" + REALM + "/users", representation, 201);
        }
    }

    /**
     * The realm's password policy and the parameters a stored password was actually hashed with.
     *
     * @param user a user made by {@link #setUp}
     * @return one line for the report
     */
    String passwordHashing(String user) throws IOException, InterruptedException {
        JsonNode realm = admin("GET", "/admin/realms/" + REALM, null, 200);
        String policy = realm.path("passwordPolicy").asText("");
        JsonNode found = admin("GET", "/admin/realms/" + REALM + "/users?exact=true&username="
                + URLEncoder.encode(user, StandardCharsets.UTF_8), null, 200);
        String id = found.get(0).path("id").asText();
        JsonNode credentials = admin("GET", "/admin/realms/" + REALM + "/users/" + id + "/credentials", null, 200);
        JsonNode data = json.readTree(credentials.get(0).path("credentialData").asText());
        JsonNode extra = data.path("additionalParameters");
        return "realm password policy: " + (policy.isEmpty() ? "none set (the server's default hashing)" : policy)
                + "; a stored password: " + data.path("algorithm").asText() + " type=" + extra.path("type").path(0).asText()
                + " m=" + extra.path("memory").path(0).asText() + " t=" + data.path("hashIterations").asText()
                + " p=" + extra.path("parallelism").path(0).asText() + " version=" + extra.path("version").path(0).asText()
                + " hash length=" + extra.path("hashLength").path(0).asText();
    }

    /** A password-grant token request for the benchmark's client (no {@code scope=openid}: no ID token). */
    Call login(String user, String password) {
        return Call.post(base.resolve("/realms/" + REALM + "/protocol/openid-connect/token"),
                "application/x-www-form-urlencoded", form(Map.of("grant_type", "password", "client_id", CLIENT,
                        "username", user, "password", password)).getBytes(StandardCharsets.UTF_8));
    }

    /** One admin call. */
    private JsonNode admin(String method, String path, Object body, int expected) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .header("Authorization", "Bearer " + adminToken())
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(method + " " + path + ": " + response.statusCode() + " " + response.body());
        }
        return response.body().isEmpty() ? json.createObjectNode() : json.readTree(response.body());
    }

    /**
     * The admin's access token, renewed after 30 s (the master realm's tokens live a minute; each
     * admin login costs a password hash, so it is not repeated per call).
     */
    private synchronized String adminToken() throws IOException, InterruptedException {
        if (adminToken.isEmpty() || System.nanoTime() - adminTokenAt > Duration.ofSeconds(30).toNanos()) {
            adminToken = newAdminToken();
            adminTokenAt = System.nanoTime();
        }
        return adminToken;
    }

    private String newAdminToken() throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        base.resolve("/realms/master/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("grant_type", "password", "client_id", "admin-cli",
                        "username", ADMIN, "password", adminPassword))))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Keycloak admin login: " + response.statusCode() + " " + response.body());
        }
        return json.readTree(response.body()).path("access_token").asText();
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(field -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    /** Stops Keycloak (SIGTERM, then SIGKILL after 30 s) and whatever it started. */
    @Override
    public void close() {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }
}
