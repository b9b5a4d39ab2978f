package agora.benchmarks;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import agora.benchmarks.BenchPod.Member;
import agora.benchmarks.BenchPod.Session;
import agora.platform.contract.TerritoryCode;
import agora.platform.core.Limits;
import agora.platform.host.Host;
import agora.platform.host.OperatorToken;
import agora.platform.password.PasswordHashing;
import agora.platform.web.Json;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.config.Config;

/**
 * Password-login throughput and the cost of an authenticated read, on this machine, with real
 * PostgreSQL, NATS and Redis, compared with their ceilings and with Keycloak. Prints its figures;
 * asserts nothing. {@code ./agora bench login [--seconds N] [--concurrency C] [--members M] [--skip-keycloak]}.
 *
 * <ol>
 *   <li><b>Ceiling</b>: Argon2id checks per second with the configured parameters on every core,
 *       through {@code agora.platform.password} (and ms per check on one thread); the same with
 *       Keycloak's default parameters, for reference.</li>
 *   <li><b>Logins</b>: a whole pod in this process (a throwaway database, its own NATS stream prefix
 *       and Redis key prefix, throttles opened wide); a first admin through the operator's bootstrap
 *       invitation, members through an invitation with many uses; then {@code POST /api/auth/login}
 *       at fixed concurrency, closed loop, after a warm-up. Beside it Keycloak 26.4 (unpacked by
 *       {@code ./agora} into {@code AGORA_BENCH_KEYCLOAK_HOME}, run on {@code AGORA_BENCH_KEYCLOAK_JAVA})
 *       with as many users, under the same load on its token endpoint. The ceilings, Agora and
 *       Keycloak take turns, so that other work on the machine weighs on all of them alike.</li>
 *   <li><b>/me</b>: {@code GET /api/auth/me} with valid access tokens beside a plain Helidon route that
 *       reads the same row with the same SQL ({@link BareServer}), and that route after the two Redis
 *       reads every guarded request makes; in turns too.</li>
 * </ol>
 *
 * <p>Servers: {@code AGORA_TEST_DB_URL} / {@code AGORA_TEST_DB_USER} (PostgreSQL, default
 * {@code jdbc:postgresql://127.0.0.1:5432/postgres} as {@code postgres}), {@code AGORA_NATS_URL},
 * {@code AGORA_REDIS_URL}. Everything made on them is removed at the end.
 */
public final class LoginBenchmark {
    private static final TerritoryCode TERRITORY = BenchPod.TERRITORY;
    /** The most uses an invitation may have: the members register with one. */
    private static final int MAX_MEMBERS = 1000;
    /** How many turns each login load takes (beside the ceilings' turns and the other peer's). */
    private static final int LOGIN_TURNS = 4;
    /** A warm-up window: the load runs in these until the server's JIT compilers are quiet. */
    private static final Duration SETTLE_WINDOW = Duration.ofSeconds(5);
    /** The shortest warm-up before each load's turns: code run once a login reaches C2 only after thousands. */
    private static final Duration SETTLE_MINIMUM = Duration.ofSeconds(30);
    /** The longest warm-up before each load's turns, quiet compilers or not. */
    private static final Duration SETTLE_LIMIT = Duration.ofSeconds(180);
    /** The compilers' largest share of the server's CPU in the last warm-up window. */
    private static final double SETTLED = 0.01;
    /** How many turns /me and the bare routes take. */
    private static final int ME_TURNS = 3;
    /** The access-token format check of agora.platform.security's TokenVerifier, to time it alone. */
    private static final Pattern COMPACT_JWS = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
    /** Keycloak 26's default Argon2id: m=7168 KiB, t=5, p=1 (OWASP's row of equal strength to ours). */
    private static final PasswordHashing KEYCLOAK_HASHING = new PasswordHashing(7168, 5, 1, 32, 16);
    private static final String PASSWORD = BenchPod.PASSWORD;
    private static final String USAGE =
            "usage: ./agora bench login [--seconds N] [--concurrency C] [--members M] [--skip-keycloak]";

    /** Where timed work leaves its result, so the JIT cannot drop the work. */
    private static volatile Object sink;

    private final Options options;
    private final int cores = Runtime.getRuntime().availableProcessors();
    private final Duration measure;
    private final Duration warmUp;
    private final ObjectMapper json = new ObjectMapper();
    private final List<String> notes = new ArrayList<>();

    private LoginBenchmark(Options options) {
        this.options = options;
        this.measure = Duration.ofSeconds(options.seconds());
        this.warmUp = Duration.ofSeconds(Math.max(3, options.seconds() / 4));
    }

    /**
     * What to run.
     *
     * @param seconds      measured seconds of each load, over its turns (warm-up: a quarter of it, at least 3 s)
     * @param concurrency  clients of every load; absent: 2× and 4× the cores for logins, 4× for /me
     * @param members      accounts made in Agora and in Keycloak
     * @param skipKeycloak whether to leave Keycloak out
     */
    record Options(int seconds, Optional<Integer> concurrency, int members, boolean skipKeycloak) {
        static Options parse(String[] args) {
            int seconds = 20;
            Optional<Integer> concurrency = Optional.empty();
            int members = 50;
            boolean skipKeycloak = false;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--seconds" -> seconds = positive(args, ++i);
                    case "--concurrency" -> concurrency = Optional.of(positive(args, ++i));
                    case "--members" -> members = positive(args, ++i);
                    case "--skip-keycloak" -> skipKeycloak = true;
                    default -> throw new IllegalArgumentException("unknown argument: " + args[i]);
                }
            }
            if (members > MAX_MEMBERS) {
                throw new IllegalArgumentException("--members: at most " + MAX_MEMBERS + " (the uses of one invitation)");
            }
            return new Options(seconds, concurrency, members, skipKeycloak);
        }

        private static int positive(String[] args, int index) {
            if (index >= args.length || !args[index].matches("[1-9][0-9]{0,5}")) {
                throw new IllegalArgumentException(args[index - 1] + " needs a positive number");
            }
            return Integer.parseInt(args[index]);
        }
    }

    /** A row of the summary. */
    private record Row(String what, int clients, String rate, Optional<ClosedLoop.Run> run, double cpuMillisPerRequest,
                       Cpu.Used cpu) {
    }


    /**
     * Runs the benchmark.
     *
     * @param args {@code [--seconds N] [--concurrency C] [--members M] [--skip-keycloak]}
     * @throws Exception when it cannot run
     */
    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        BenchPod.quietLogging();
        new LoginBenchmark(options).run();
        System.exit(0);
    }



    private void run() throws Exception {
        Scratch scratch = Scratch.fromEnvironment();
        Optional<Path[]> keycloakDistribution = options.skipKeycloak() ? Optional.empty() : Optional.of(keycloakDistribution());
        List<Integer> loginClients = options.concurrency().map(List::of).orElse(List.of(2 * cores, 4 * cores));
        int meClients = options.concurrency().orElse(4 * cores);
        System.out.printf(Locale.ROOT, "Login benchmark, %s: %d cores, load average %s, Java %s; PostgreSQL %s, NATS %s, "
                        + "Redis %s; %d s measured per load (in turns) after %d s of warm-up; %d members%n%n", Instant.now(),
                cores, Cpu.loadAverage(), Runtime.version(), scratch.serverUrl(), scratch.natsUrl(), scratch.redisUrl(),
                measure.toSeconds(), warmUp.toSeconds(), options.members());

        System.out.println("1. Argon2id alone, through agora.platform.password's PasswordHasher (one thread)");
        HashCeiling ours = new HashCeiling(PasswordHashing.defaults(), PASSWORD);
        HashCeiling theirs = new HashCeiling(KEYCLOAK_HASHING, PASSWORD);
        ours.turn(warmUp);
        theirs.turn(Duration.ofSeconds(3));
        Duration single = Duration.ofSeconds(Math.max(3, options.seconds() / 4));
        double oursSingle = ours.singleMillis(single);
        double theirsSingle = theirs.singleMillis(single);
        System.out.printf(Locale.ROOT, "   %s (ours): %.1f ms per check; %s (Keycloak's default, for reference): %.1f ms%n%n",
                ours.parameters(), oursSingle, theirs.parameters(), theirsSingle);

        String name = "agora_bench_" + Instant.now().getEpochSecond();
        String keycloakDatabase = name + "_kc";
        String eventsPrefix = name.replace("_", "");
        String redisPrefix = name.replace('_', '-') + ":";
        HttpClient http = BenchPod.client();
        Map<Integer, LoadProcess.Measured> agoraLogins = new LinkedHashMap<>();
        Map<Integer, LoadProcess.Measured> keycloakLogins = new LinkedHashMap<>();
        // Per client count: the ceilings taken in turns with that count's loads, so that a machine whose
        // speed drifts over the run (a shared host's does) weighs on a load and its ceiling alike.
        Map<Integer, HashCeiling.Turn> ceilings = new LinkedHashMap<>();
        Map<Integer, HashCeiling.Turn> keycloakCeilings = new LinkedHashMap<>();
        List<ClosedLoop.Run> meRuns = new ArrayList<>();
        String keycloakHashing = "";
        try {
            Config config = BenchPod.config(scratch, scratch.createDatabase(name), eventsPrefix, redisPrefix, Map.of());
            try (Host pod = Host.builder(config).withoutLocalDefaults().start()) {
                System.out.println("2. Logins: a whole Agora pod in this process"
                        + (keycloakDistribution.isPresent() ? ", Keycloak beside it; in turns" : "; in turns"));
                URI api = URI.create("http://127.0.0.1:" + pod.port());
                BenchPod client = new BenchPod(http, api);
                long seeding = System.nanoTime();
                List<Member> members = client.seed(URI.create("http://127.0.0.1:" + pod.operatorPort()),
                        OperatorToken.from(config).current().orElseThrow(), options.members(), "login benchmark")
                        .members();
                System.out.printf(Locale.ROOT, "   seeded a bootstrap admin and %d members through the API in %.1f s%n",
                        members.size(), (System.nanoTime() - seeding) / 1e9);
                List<Call> logins = members.stream().map(member -> client.loginCall(member.email())).toList();
                Optional<Keycloak> keycloak = Optional.empty();
                HttpClient keycloakHttp = BenchPod.client();
                try {
                    if (keycloakDistribution.isPresent()) {
                        keycloak = startKeycloak(scratch, keycloakDistribution.get(), keycloakDatabase, keycloakHttp);
                        keycloakHashing = keycloak.map(this::setUp).orElse("");
                    }
                    List<Call> keycloakRequests = keycloak.map(server -> IntStream.range(0, options.members())
                            .mapToObj(i -> server.login(keycloakUser(i), PASSWORD)).toList()).orElse(List.of());
                    // Each load in turns with the others, so that other work on the machine changing
                    // meanwhile weighs on all alike: the ceilings, Agora, Keycloak, and again.
                    Duration turn = Duration.ofMillis(Math.max(2000, measure.toMillis() / LOGIN_TURNS));
                    for (int clients : loginClients) {
                        settle("Agora POST /api/auth/login", logins, clients, ProcessHandle.current());
                        if (keycloak.isPresent()) {
                            settle("Keycloak password grant", keycloakRequests, clients, keycloak.get().process());
                        }
                        for (int round = 0; round < LOGIN_TURNS; round++) {
                            Duration warm = Duration.ofSeconds(1);
                            ceilings.merge(clients, ours.turn(turn), HashCeiling.Turn::merge);
                            keycloakCeilings.merge(clients, theirs.turn(turn.dividedBy(2)), HashCeiling.Turn::merge);
                            // The load comes from a JVM of its own, so the server's CPU is measured alone.
                            merge(agoraLogins, clients, LoadProcess.run("Agora POST /api/auth/login", logins, clients,
                                    warm, turn, List.of(ProcessHandle.current()), LoginBenchmark::backends));
                            if (keycloak.isPresent()) {
                                merge(keycloakLogins, clients, LoadProcess.run("Keycloak password grant",
                                        keycloakRequests, clients, warm, turn, List.of(keycloak.get().process()),
                                        LoginBenchmark::backends));
                            }
                        }
                        printCeiling("ours", ours, ceilings.get(clients));
                        print(agoraLogins.get(clients));
                        if (keycloakLogins.containsKey(clients)) {
                            print(keycloakLogins.get(clients));
                        }
                    }
                    double signing = rs256Millis();
                    System.out.printf(Locale.ROOT, "   an RS256 signature alone (a 2048-bit key, as auth signs access"
                            + " tokens; one thread): %.2f ms CPU%n", signing);
                    notes.add(String.format(Locale.ROOT, "Of a login's CPU outside the hash, the access token's RS256"
                            + " signature alone takes %.2f ms (DESIGN.md: RS256, for verification ten times cheaper"
                            + " than ES256's).", signing));
                    System.out.println();
                } finally {
                    keycloak.ifPresent(Keycloak::close);
                    if (keycloakDistribution.isPresent()) {
                        scratch.dropDatabase(keycloakDatabase);
                    }
                }
                meRuns.addAll(me(http, client, api, config, members, meClients));
            }
        } finally {
            scratch.dropDatabase(name);
            scratch.deleteStreams(eventsPrefix);
            scratch.deleteKeys(redisPrefix);
        }
        summary(oursSingle, theirsSingle, ours, theirs, ceilings, keycloakCeilings,
                agoraLogins, keycloakLogins, keycloakHashing, meRuns);
    }

    /** Keycloak started, or empty (with the reason printed) when it cannot run here. */
    private static Optional<Keycloak> startKeycloak(Scratch scratch, Path[] distribution, String database, HttpClient http) {
        long started = System.nanoTime();
        try {
            String url = scratch.createDatabase(database);
            Keycloak server = Keycloak.start(distribution[0], distribution[1], url, scratch.user(), http);
            System.out.printf(Locale.ROOT, "   %s, started in %.0f s (development mode, its own database %s)%n",
                    server.describe(), (System.nanoTime() - started) / 1e9, url);
            return Optional.of(server);
        } catch (Exception e) {
            System.out.println("   Keycloak could not start, going on without it: " + e.getMessage());
            return Optional.empty();
        }
    }

    /** The realm, the client and the members in Keycloak; returns what its password hashing is. */
    private String setUp(Keycloak server) {
        try {
            long started = System.nanoTime();
            List<String> users = IntStream.range(0, options.members()).mapToObj(LoginBenchmark::keycloakUser).toList();
            server.setUp(users, PASSWORD);
            String hashing = server.passwordHashing(users.getFirst());
            System.out.printf(Locale.ROOT, "   Keycloak: realm, public client with the password grant and %d users in %.1f s;"
                    + " %s%n", users.size(), (System.nanoTime() - started) / 1e9, hashing);
            return hashing;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String keycloakUser(int index) {
        return "member-" + (index + 1);
    }

    /** GET /api/auth/me and the bare routes, in turns. */
    private List<ClosedLoop.Run> me(HttpClient http, BenchPod pod, URI api, Config config, List<Member> members,
                                    int clients)
            throws Exception {
        System.out.println("3. GET /api/auth/me beside a bare route reading the same row");
        List<Session> sessions = pod.sessions(members.subList(0, Math.min(clients, members.size())));
        try (BareServer bare = BareServer.start(config, TERRITORY)) {
            URI plain = URI.create("http://127.0.0.1:" + bare.port());
            List<HttpRequest> me = sessions.stream().map(session -> HttpRequest.newBuilder(api.resolve("/api/auth/me"))
                    .header("X-Territory", TERRITORY.value())
                    .header("Authorization", "Bearer " + session.accessToken()).build()).toList();
            List<HttpRequest> row = sessions.stream().map(session -> HttpRequest.newBuilder(
                    plain.resolve("/row/" + session.member().id())).build()).toList();
            List<HttpRequest> rowView = sessions.stream().map(session -> HttpRequest.newBuilder(
                    plain.resolve("/row-view/" + session.member().id() + "/" + session.sessionId())).build()).toList();
            List<String> labels = List.of("Agora GET /api/auth/me", "bare route: the row",
                    "bare route: 2 Redis GETs + the row");
            List<List<HttpRequest>> loads = List.of(me, row, rowView);
            // In turns, as the logins.
            Duration turn = Duration.ofMillis(Math.max(2000, measure.toMillis() / ME_TURNS));
            List<ClosedLoop.Run> runs = new ArrayList<>();
            for (int round = 0; round < ME_TURNS; round++) {
                for (int load = 0; load < loads.size(); load++) {
                    List<HttpRequest> requests = loads.get(load);
                    ClosedLoop.Run run = ClosedLoop.run(labels.get(load), http, clients,
                            round == 0 ? warmUp : Duration.ofSeconds(1), turn,
                            (client, i) -> requests.get(client % requests.size()), List.of(ProcessHandle.current()));
                    if (round == 0) {
                        runs.add(run);
                    } else {
                        runs.set(load, runs.get(load).merge(run));
                    }
                }
            }
            runs.forEach(run -> print(run, ""));
            pieces(bare, sessions.getFirst(), runs);
            return runs;
        }
    }

    private static void merge(Map<Integer, LoadProcess.Measured> runs, int clients, LoadProcess.Measured run) {
        runs.merge(clients, run, LoadProcess.Measured::merge);
    }

    private void printCeiling(String whose, HashCeiling hashing, HashCeiling.Turn turn) {
        System.out.printf(Locale.ROOT, "   Argon2id %s (%s) on %d threads, in turns: %.1f checks/s (%.1f ms CPU per check,"
                        + " machine %.0f %% busy)%n", hashing.parameters(), whose, turn.threads(), turn.perSecond(),
                turn.cpuMillisPerCheck(), 100 * turn.cpu().machineBusy());
    }

    // ---- Agora -----------------------------------------------------------------------------------



    /**
     * Where /me's time goes, piece by piece: each piece timed alone on one thread, next to the CPU each
     * run used per request (load generator included: it is the same for all three, so the differences
     * are the servers').
     */
    private void pieces(BareServer bare, Session session, List<ClosedLoop.Run> runs) throws Exception {
        ClosedLoop.Run me = runs.get(0);
        ClosedLoop.Run row = runs.get(1);
        ClosedLoop.Run rowView = runs.get(2);
        String token = session.accessToken();
        double formatCheck = microsPer(100_000, () -> COMPACT_JWS.matcher(token).matches());
        double tokenHash = microsPer(100_000, () -> sha256(token));
        double redis = bare.viewReadMicros(session.member().id(), session.sessionId(), 2_000) / 2;
        BareServer.BareAccount account = new BareServer.BareAccount(session.member().id().toString(),
                session.member().email(), "Member", false, "active", List.of("member"), UUID.randomUUID().toString(),
                Instant.now().toString());
        ObjectMapper strict = new Json(Limits.DEFAULT).mapper();
        double plainJson = microsPer(100_000, () -> json.writeValueAsBytes(account));
        double strictJson = microsPer(100_000, () -> strict.writeValueAsBytes(account));
        double extra = 1000 * (me.cpuMillisPerRequest() - row.cpuMillisPerRequest());
        double view = 1000 * (rowView.cpuMillisPerRequest() - row.cpuMillisPerRequest());
        System.out.printf(Locale.ROOT, "   CPU per request (this JVM: clients and server): row %.0f µs, 2 Redis GETs + row"
                        + " %.0f µs (%+.0f), /me %.0f µs (%+.0f over the row)%n", 1000 * row.cpuMillisPerRequest(),
                1000 * rowView.cpuMillisPerRequest(), view, 1000 * me.cpuMillisPerRequest(), extra);
        System.out.printf(Locale.ROOT, "   pieces of /me timed alone (one thread, wall): the token's format check (the"
                        + " verifier's regular expression, on every request) %.1f µs for its %d characters; SHA-256 of"
                        + " the token (the verified-token cache key) %.1f µs; one Redis GET round trip %.0f µs; JSON of"
                        + " the row %.1f µs (plain mapper), %.1f µs (the platform's)%n%n", formatCheck, token.length(),
                tokenHash, redis, plainJson, strictJson);
        notes.add(String.format(Locale.ROOT, "/me's extra CPU over the bare row: %.0f µs per request. Measured pieces:"
                        + " the two Redis GETs %+.0f µs (bare route with and without them), the token's format check"
                        + " %.1f µs, its SHA-256 %.1f µs, JSON %.1f µs; the rest is the pod's request path (guards,"
                        + " territory resolution, route metrics, access log, filters). Latency: each Redis GET adds ≈ %.0f µs.",
                extra, view, formatCheck, tokenHash, strictJson, redis));
    }

    // ---- report -----------------------------------------------------------------------------------

    private void print(LoadProcess.Measured measured) {
        print(measured.run(), String.format(Locale.ROOT, "server, of which JIT compiling %.2f ms; the load generator's"
                + " own JVM %.2f ms CPU/req, PostgreSQL, Redis and NATS %.2f ms", measured.compilerMillisPerRequest(),
                measured.loadCpuMillisPerRequest(), measured.backendCpuMillisPerRequest()));
    }

    /**
     * Loads a server until its JIT compilers go quiet, so that the measured turns find compiled code
     * and a login's CPU is not that of compiling it (a few seconds of warm-up left C2 busy with a
     * fifth of the non-hash CPU: at 70 logins/s, code run once a login needs minutes to be compiled).
     * Windows of {@link #SETTLE_WINDOW}, at least {@link #SETTLE_MINIMUM}, until the compilers took at
     * most {@link #SETTLED} of the server's CPU in one, or {@link #SETTLE_LIMIT} has passed; prints how
     * long it took. What compiling remains in the measured turns is reported beside the login's CPU.
     */
    private void settle(String label, List<Call> calls, int clients, ProcessHandle server)
            throws IOException, InterruptedException {
        long started = System.nanoTime();
        Cpu.Used last;
        do {
            last = LoadProcess.run(label + " (warm-up)", calls, clients, Duration.ofMillis(500), SETTLE_WINDOW,
                    List.of(server), List::of).run().cpu();
        } while (Duration.ofNanos(System.nanoTime() - started).compareTo(SETTLE_MINIMUM) < 0
                || last.compilerMillis() > SETTLED * last.cpuMillis()
                && Duration.ofNanos(System.nanoTime() - started).compareTo(SETTLE_LIMIT) < 0);
        System.out.printf(Locale.ROOT, "   %s, %d clients: warmed up for %.0f s until its JIT compilers settled (%.1f %%"
                        + " of its CPU in the last %d s)%n", label, clients, (System.nanoTime() - started) / 1e9,
                100 * last.compilerMillis() / last.cpuMillis(), SETTLE_WINDOW.toSeconds());
    }

    private void print(ClosedLoop.Run run, String remark) {
        System.out.printf(Locale.ROOT, "   %-38s %3d clients: %8.1f/s%s  p50 %7.1f  p90 %7.1f  p99 %7.1f  max %7.1f ms;"
                        + " %.2f ms CPU/req" + (remark.isEmpty() ? "" : " (" + remark + ")") + ", machine %.0f %% busy%s%n", run.label(), run.concurrency(), run.perSecond(),
                "", run.percentile(50), run.percentile(90), run.percentile(99),
                run.maxMillis(), run.cpuMillisPerRequest(), 100 * run.cpu().machineBusy(),
                run.errors() == 0 ? "" : "; " + run.errors() + " ERRORS, first: " + run.firstError().orElse(""));
    }

    private void summary(double oursSingle, double theirsSingle, HashCeiling ours, HashCeiling theirs,
                         Map<Integer, HashCeiling.Turn> ceilings, Map<Integer, HashCeiling.Turn> keycloakCeilings,
                         Map<Integer, LoadProcess.Measured> agora, Map<Integer, LoadProcess.Measured> keycloak,
                         String keycloakHashing, List<ClosedLoop.Run> me) {
        List<Row> rows = new ArrayList<>();
        agora.forEach((clients, measured) -> {
            HashCeiling.Turn ceiling = ceilings.get(clients);
            HashCeiling.Turn keycloakCeiling = keycloakCeilings.get(clients);
            rows.add(new Row("Argon2id " + ours.parameters() + " (ours), all cores, in turns with the " + clients
                    + "-client loads (one thread alone: " + fmt(oursSingle) + " ms/check)", ceiling.threads(),
                    fmt(ceiling.perSecond()) + " checks/s", Optional.empty(), ceiling.cpuMillisPerCheck(), ceiling.cpu()));
            rows.add(new Row("Argon2id " + theirs.parameters() + " (Keycloak's default) in our hasher, likewise (one"
                    + " thread alone: " + fmt(theirsSingle) + " ms/check)", keycloakCeiling.threads(),
                    fmt(keycloakCeiling.perSecond()) + " checks/s", Optional.empty(), keycloakCeiling.cpuMillisPerCheck(),
                    keycloakCeiling.cpu()));
            rows.add(new Row(measured.run().label(), clients, fmt(measured.run().perSecond()) + "/s ("
                    + Math.round(100 * measured.run().perSecond() / ceiling.perSecond()) + " % of the ceiling)",
                    Optional.of(measured.run()), measured.run().cpuMillisPerRequest(), measured.run().cpu()));
            Optional.ofNullable(keycloak.get(clients)).ifPresent(peer -> rows.add(new Row(peer.run().label(), clients,
                    fmt(peer.run().perSecond()) + "/s (" + Math.round(100 * peer.run().perSecond()
                            / keycloakCeiling.perSecond()) + " % of its parameters' ceiling; Agora "
                            + fmt(measured.run().perSecond() / peer.run().perSecond()) + "×)",
                    Optional.of(peer.run()), peer.run().cpuMillisPerRequest(), peer.run().cpu())));
        });
        double bare = me.get(1).perSecond();
        for (ClosedLoop.Run run : me) {
            rows.add(new Row(run.label(), run.concurrency(), fmt(run.perSecond()) + "/s ("
                    + Math.round(100 * run.perSecond() / bare) + " % of the bare row)", Optional.of(run),
                    run.cpuMillisPerRequest(), run.cpu()));
        }
        System.out.printf(Locale.ROOT, "Summary (%d cores, load average now %s; latencies in ms; CPU ms/req: the"
                + " server's JVM alone in the login rows (Agora's pod, Keycloak), the load generator runs in a JVM of its"
                + " own; in the /me rows this JVM, load generator and server)%n%n", cores, Cpu.loadAverage());
        System.out.println("| what | clients | rate | p50 | p90 | p99 | max | CPU ms/req | machine busy | errors |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        for (Row row : rows) {
            System.out.printf(Locale.ROOT, "| %s | %d | %s | %s | %s | %s | %s | %s | %d %% | %s |%n", row.what(),
                    row.clients(), row.rate(),
                    row.run().map(run -> fmt(run.percentile(50))).orElse(""),
                    row.run().map(run -> fmt(run.percentile(90))).orElse(""),
                    row.run().map(run -> fmt(run.percentile(99))).orElse(""),
                    row.run().map(run -> fmt(run.maxMillis())).orElse(""),
                    fmt(row.cpuMillisPerRequest()), Math.round(100 * row.cpu().machineBusy()),
                    row.run().map(run -> Long.toString(run.errors())).orElse(""));
        }
        System.out.println();
        if (!keycloakHashing.isEmpty()) {
            System.out.println("Keycloak " + keycloakHashing);
        }
        System.out.println("Aims (issue \"Hardening I\", item 16, as amended):");
        agora.forEach((clients, measured) -> {
            ClosedLoop.Run run = measured.run();
            HashCeiling.Turn ceiling = ceilings.get(clients);
            double outside = run.cpuMillisPerRequest() - ceiling.cpuMillisPerCheck();
            System.out.printf(Locale.ROOT, "  server CPU per login outside the hash ≤ 3 ms (%2d clients): %.2f ms"
                            + " (%.2f ms a login, %.2f ms the check; JIT compiling in it %.2f ms)  %s%n", clients, outside,
                    run.cpuMillisPerRequest(), ceiling.cpuMillisPerCheck(), measured.compilerMillisPerRequest(),
                    verdict(outside <= 3));
            System.out.printf(Locale.ROOT, "  logins/s ≥ 85 %% of the ceiling (%2d clients):           %.0f %% (%.1f of"
                            + " %.1f/s)  %s%n", clients, 100 * run.perSecond() / ceiling.perSecond(), run.perSecond(),
                    ceiling.perSecond(), verdict(run.perSecond() >= 0.85 * ceiling.perSecond()));
            Optional.ofNullable(keycloak.get(clients)).ifPresentOrElse(peer -> {
                double ratio = run.perSecond() / peer.run().perSecond();
                System.out.printf(Locale.ROOT, "  logins/s ≥ 2× Keycloak's (%2d clients):                  %.2f× (%.1f"
                        + " vs %.1f/s)  %s%n", clients, ratio, run.perSecond(), peer.run().perSecond(), verdict(ratio >= 2));
            }, () -> System.out.println("  logins/s ≥ 2× Keycloak's:                                not measured"));
            System.out.printf(Locale.ROOT, "  logins/s ≥ 100, where the above allow it (%2d clients):   %.1f/s  %s%n",
                    clients, run.perSecond(), verdict(run.perSecond() >= 100));
        });
        double ratio = me.get(0).perSecond() / bare;
        System.out.printf(Locale.ROOT, "  /me ≥ 50 %% of the bare row route (%2d clients): %.0f %% (%.0f vs %.0f/s)  %s%n",
                me.get(0).concurrency(), 100 * ratio, me.get(0).perSecond(), bare, verdict(ratio >= 0.5));
        System.out.println("CPU per request (moves less than rates when other work shares the machine):");
        agora.forEach((clients, measured) -> System.out.printf(Locale.ROOT, "  %2d clients: an Agora login %.2f ms in the"
                        + " pod (the check alone %.2f ms: %.0f %% of it), %.2f ms in the load generator, %.2f ms in"
                        + " PostgreSQL, Redis and NATS%s%n", clients,
                measured.run().cpuMillisPerRequest(), ceilings.get(clients).cpuMillisPerCheck(),
                100 * ceilings.get(clients).cpuMillisPerCheck() / measured.run().cpuMillisPerRequest(),
                measured.loadCpuMillisPerRequest(), measured.backendCpuMillisPerRequest(),
                Optional.ofNullable(keycloak.get(clients)).map(peer -> String.format(Locale.ROOT,
                        "; a Keycloak login %.2f ms in Keycloak (its parameters' check alone in our hasher %.2f ms): %.2f×"
                                + " ours", peer.run().cpuMillisPerRequest(),
                        keycloakCeilings.get(clients).cpuMillisPerCheck(),
                        peer.run().cpuMillisPerRequest() / measured.run().cpuMillisPerRequest())).orElse("")));
        notes.forEach(note -> System.out.println("  " + note));
    }

    private static String verdict(boolean met) {
        return met ? "met" : "NOT met";
    }

    private static String fmt(double value) {
        if (Double.isNaN(value)) {
            return "–";
        }
        return String.format(Locale.ROOT, value >= 100 ? "%.0f" : value >= 10 ? "%.1f" : "%.2f", value);
    }

    // ---- helpers ----------------------------------------------------------------------------------

    /** Keycloak's home and the JDK it runs on, as {@code ./agora bench login} prepared them. */
    private static Path[] keycloakDistribution() {
        String home = System.getenv("AGORA_BENCH_KEYCLOAK_HOME");
        String java = System.getenv("AGORA_BENCH_KEYCLOAK_JAVA");
        if (home == null || !Files.isExecutable(Path.of(home, "bin", "kc.sh"))) {
            throw new IllegalStateException("AGORA_BENCH_KEYCLOAK_HOME must name an unpacked Keycloak 26.4 (./agora bench"
                    + " login does it), or pass --skip-keycloak");
        }
        if (java == null || !Files.isExecutable(Path.of(java, "bin", "java"))) {
            throw new IllegalStateException("AGORA_BENCH_KEYCLOAK_JAVA must name a JDK 17 or 21 for Keycloak, or pass"
                    + " --skip-keycloak");
        }
        return new Path[] {Path.of(home), Path.of(java)};
    }


    /** A TCP port on the loopback address that nothing listens on now. */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }


    @FunctionalInterface
    private interface Work {
        Object run() throws Exception;
    }

    /** Wall microseconds per call of some work on this thread, after a warm-up of the same length. */
    private static double microsPer(int times, Work work) throws Exception {
        for (int i = 0; i < times; i++) {
            sink = work.run();
        }
        long start = System.nanoTime();
        for (int i = 0; i < times; i++) {
            sink = work.run();
        }
        return (System.nanoTime() - start) / 1e3 / times;
    }

    /** The processes of this machine's PostgreSQL, Redis and NATS servers (whoever's load they serve). */
    private static List<ProcessHandle> backends() {
        return ProcessHandle.allProcesses().filter(process -> process.info().command()
                .map(command -> command.endsWith("/postgres") || command.endsWith("/redis-server")
                        || command.endsWith("/nats-server"))
                .orElse(false)).toList();
    }

    /** CPU milliseconds of one SHA256withRSA signature with a 2048-bit key, on this thread after a warm-up. */
    private static double rs256Millis() throws Exception {
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        java.security.PrivateKey key = generator.generateKeyPair().getPrivate();
        byte[] claims = new byte[700];
        new SecureRandom().nextBytes(claims);
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        Work sign = () -> {
            java.security.Signature signature = java.security.Signature.getInstance("SHA256withRSA");
            signature.initSign(key);
            signature.update(claims);
            return signature.sign();
        };
        microsPer(300, sign);
        long before = threads.getCurrentThreadCpuTime();
        int times = 1000;
        for (int i = 0; i < times; i++) {
            sink = sign.run();
        }
        return (threads.getCurrentThreadCpuTime() - before) / 1e6 / times;
    }

    private static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
