package agora.benchmarks;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import agora.benchmarks.BenchPod.Member;
import agora.benchmarks.BenchPod.Session;
import agora.platform.host.Host;
import agora.platform.host.OperatorToken;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.config.Config;

/**
 * Member search and profile reads over a territory of many members, on this machine, with real
 * PostgreSQL, NATS and Redis. Prints its figures; asserts nothing.
 * {@code ./agora bench users [--profiles N] [--seconds S] [--rate R] [--concurrency C]}.
 *
 * <ol>
 *   <li><b>Seeding</b>: a whole pod in this process (a throwaway database); an admin and a few members
 *       through the API; then the pod stops, {@code N} more accounts go straight into auth's table
 *       (names drawn from Danish, Norwegian and Swedish first names and surnames, some with accents),
 *       the user service's mark of its one-off replay is removed, and the pod starts again: the
 *       territory-ready replay makes their profiles, as it does for members who registered before
 *       the user service ran. How long that took is printed.</li>
 *   <li><b>Fixed rate</b>: {@code GET /api/users/search?q=…} (prefixes, whole names, misspellings,
 *       names typed without their accents) and {@code GET /api/users/{id}} of random members, each at
 *       {@code R} requests a second, open loop ({@link FixedRate}): p50, p90, p99, max.</li>
 *   <li><b>Throughput</b>: {@code GET /api/users/{id}} beside a bare route reading one account row
 *       ({@link BareServer}), closed loop at {@code C} clients, in turns.</li>
 * </ol>
 *
 * <p>Aims (issue "Users"): search p99 ≤ 20 ms; the profile read at ≥ 40 % of the bare route's rate.
 */
public final class UsersBenchmark {
    /** The user service's profiles, one row a member, in the territory's schema. */
    private static final String PROFILES = "user_profiles";
    private static final int SEARCH_AIM_MILLIS = 20;
    private static final double PROFILE_AIM = 0.40;
    private static final int TURNS = 3;
    private static final String USAGE =
            "usage: ./agora bench users [--profiles N] [--seconds S] [--rate R] [--concurrency C] [--keep]";
    private static final String[] FIRST = {"Anders", "Anne", "Birgitte", "Bjørn", "Camilla", "Christian", "Dorthe",
        "Emil", "Eva", "Frederik", "Freja", "Gustav", "Hanne", "Henrik", "Ida", "Ingrid", "Jens", "Johanne", "Karin",
        "Kristian", "Lars", "Lene", "Linnéa", "Magnus", "Maja", "Mette", "Niels", "Nora", "Ole", "Päivi", "Rasmus",
        "Sigrid", "Søren", "Thea", "Torbjørn", "Ulla", "Vilde", "Åsa", "Øystein", "Åse", "André", "Zoë", "José",
        "Mikaël", "Hélène", "Jürgen", "Astrid", "Elin", "Håkon", "Sólveig"};
    private static final String[] LAST = {"Andersen", "Berg", "Christensen", "Dahl", "Eriksson", "Fjeld", "Gundersen",
        "Hansen", "Holm", "Jakobsen", "Johansson", "Jørgensen", "Karlsson", "Kristiansen", "Larsen", "Lindqvist",
        "Madsen", "Mikkelsen", "Møller", "Nielsen", "Nilsson", "Olsen", "Pedersen", "Persson", "Rasmussen", "Sandvik",
        "Sørensen", "Strøm", "Svensson", "Thomsen", "Ström", "Vestergaard", "Åberg", "Østergaard", "Ødegård", "Ärlig",
        "Lefèvre", "Müller", "Núñez", "Haugen", "Bakke", "Lund", "Brekke", "Ahlström", "Sjöberg", "Kjær", "Bæk",
        "Lyngbø", "Aasen", "Vik"};

    private final int profiles;
    private final Duration measure;
    private final Duration warmUp;
    private final int rate;
    private final int concurrency;
    private final boolean keep;

    private UsersBenchmark(int profiles, int seconds, int rate, int concurrency, boolean keep) {
        this.profiles = profiles;
        this.measure = Duration.ofSeconds(seconds);
        this.warmUp = Duration.ofSeconds(Math.max(5, seconds / 2));
        this.rate = rate;
        this.concurrency = concurrency;
        this.keep = keep;
    }

    /**
     * Runs the benchmark.
     *
     * @param args {@code [--profiles N] [--seconds S] [--rate R] [--concurrency C]}
     * @throws Exception when it cannot run
     */
    public static void main(String[] args) throws Exception {
        int profiles = 100_000;
        int seconds = 20;
        int rate = 100;
        int concurrency = 4 * Runtime.getRuntime().availableProcessors();
        boolean keep = false;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--profiles" -> profiles = positive(args, ++i);
                    case "--seconds" -> seconds = positive(args, ++i);
                    case "--rate" -> rate = positive(args, ++i);
                    case "--concurrency" -> concurrency = positive(args, ++i);
                    case "--keep" -> keep = true;
                    default -> throw new IllegalArgumentException("unknown argument: " + args[i]);
                }
            }
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        BenchPod.quietLogging();
        new UsersBenchmark(profiles, seconds, rate, concurrency, keep).run();
        System.exit(0);
    }

    private static int positive(String[] args, int index) {
        if (index >= args.length || !args[index].matches("[1-9][0-9]{0,6}")) {
            throw new IllegalArgumentException(args[index - 1] + " needs a positive number");
        }
        return Integer.parseInt(args[index]);
    }

    private void run() throws Exception {
        Scratch scratch = Scratch.fromEnvironment();
        System.out.printf(Locale.ROOT, "Users benchmark, %s: %d cores, load average %s, Java %s; %d profiles in one"
                        + " territory; %d s measured per load after %d s of warm-up%n%n", Instant.now(),
                Runtime.getRuntime().availableProcessors(), Cpu.loadAverage(), Runtime.version(), profiles,
                measure.toSeconds(), warmUp.toSeconds());
        String name = "agora_bench_" + Instant.now().getEpochSecond();
        String eventsPrefix = name.replace("_", "");
        String redisPrefix = name.replace('_', '-') + ":";
        HttpClient http = BenchPod.client();
        try {
            String jdbcUrl = scratch.createDatabase(name);
            // Nine members searching at 100/s between them: far past what one person types (the limit is
            // per member), and still counted in shared state on every search as in production.
            Config config = BenchPod.config(scratch, jdbcUrl, eventsPrefix, redisPrefix,
                    Map.of("agora.user.search.per-member", "1000000/PT1M"));
            List<Member> members;
            try (Host pod = Host.builder(config).withoutLocalDefaults().start()) {
                BenchPod client = new BenchPod(http, URI.create("http://127.0.0.1:" + pod.port()));
                members = client.seed(URI.create("http://127.0.0.1:" + pod.operatorPort()),
                        OperatorToken.from(config).current().orElseThrow(), concurrency, "users benchmark").members();
            }
            System.out.println("1. Seeding");
            long inserting = System.nanoTime();
            insertAccounts(scratch, jdbcUrl);
            System.out.printf(Locale.ROOT, "   %d accounts written into auth's table in %.1f s%n", profiles,
                    (System.nanoTime() - inserting) / 1e9);
            long replaying = System.nanoTime();
            try (Host pod = Host.builder(config).withoutLocalDefaults().start()) {
                URI api = URI.create("http://127.0.0.1:" + pod.port());
                long count = awaitProfiles(scratch, jdbcUrl, profiles + members.size() + 1);
                System.out.printf(Locale.ROOT, "   the pod started again; its territory-ready replay made %d profiles"
                        + " in %.1f s%n%n", count, (System.nanoTime() - replaying) / 1e9);
                BenchPod client = new BenchPod(http, api);
                List<Session> sessions = client.sessions(members);
                measure(http, client, config, scratch, jdbcUrl, sessions);
            }
        } finally {
            if (keep) {
                System.out.printf(Locale.ROOT, "%nThe database %s is kept (--keep): drop it with dropdb when done%n", name);
            } else {
                scratch.dropDatabase(name);
            }
            scratch.deleteStreams(eventsPrefix);
            scratch.deleteKeys(redisPrefix);
        }
    }

    private void measure(HttpClient http, BenchPod client, Config config, Scratch scratch, String jdbcUrl,
                         List<Session> sessions) throws Exception {
        List<UUID> ids = sampleIds(scratch, jdbcUrl, 2000);
        List<String> queries = queries(new Random(7), 400);
        System.out.println("2. Fixed rate, open loop (latency from the scheduled send)");
        for (String sample : List.of("Sø", "sorensen", "Søren Ped", "Lefevre", "Jorgen", "Linnea", "Bjorn", "Mikkelsne")) {
            JsonNode answer = client.call(client.get("/api/users/search?q=" + encode(sample),
                    sessions.getFirst().accessToken()), 200);
            JsonNode items = answer.has("items") ? answer.path("items") : answer;
            System.out.printf(Locale.ROOT, "   search %-12s → %s%n", "\"" + sample + "\"", first(items));
        }
        ClosedLoop.Run search = FixedRate.run("GET /api/users/search", http, rate, warmUp, measure,
                i -> client.get("/api/users/search?q=" + encode(queries.get((int) (i % queries.size()))),
                        sessions.get((int) (i % sessions.size())).accessToken()), List.of(ProcessHandle.current()));
        print(search);
        ClosedLoop.Run read = FixedRate.run("GET /api/users/{id}", http, rate, warmUp, measure,
                i -> client.get("/api/users/" + ids.get((int) (i % ids.size())),
                        sessions.get((int) (i % sessions.size())).accessToken()), List.of(ProcessHandle.current()));
        print(read);
        System.out.println();

        System.out.printf(Locale.ROOT, "3. Throughput, closed loop, %d clients, in turns%n", concurrency);
        List<ClosedLoop.Run> runs = new ArrayList<>();
        try (BareServer bare = BareServer.start(config, BenchPod.TERRITORY)) {
            URI plain = URI.create("http://127.0.0.1:" + bare.port());
            List<ClosedLoop.Requests> loads = List.of(
                    (c, i) -> client.get("/api/users/" + ids.get((int) ((c * 7919L + i) % ids.size())),
                            sessions.get(c % sessions.size()).accessToken()),
                    (c, i) -> HttpRequest.newBuilder(plain.resolve("/row/" + ids.get((int) ((c * 7919L + i) % ids.size()))))
                            .build());
            List<String> labels = List.of("Agora GET /api/users/{id}", "bare route: one account row");
            Duration turn = Duration.ofMillis(Math.max(2000, measure.toMillis() / TURNS));
            for (int round = 0; round < TURNS; round++) {
                for (int load = 0; load < loads.size(); load++) {
                    ClosedLoop.Run run = ClosedLoop.run(labels.get(load), http, concurrency,
                            round == 0 ? warmUp : Duration.ofSeconds(1), turn, loads.get(load),
                            List.of(ProcessHandle.current()));
                    if (round == 0) {
                        runs.add(run);
                    } else {
                        runs.set(load, runs.get(load).merge(run));
                    }
                }
            }
        }
        runs.forEach(UsersBenchmark::print);
        double ratio = runs.get(0).perSecond() / runs.get(1).perSecond();
        System.out.println();
        System.out.println("Summary");
        System.out.printf(Locale.ROOT, "   search p99 %.1f ms at %d/s (aim ≤ %d ms): %s%n", search.percentile(99), rate,
                SEARCH_AIM_MILLIS, search.errors() == 0 && search.percentile(99) <= SEARCH_AIM_MILLIS ? "met" : "NOT met");
        System.out.printf(Locale.ROOT, "   profile read p99 %.1f ms at %d/s%n", read.percentile(99), rate);
        System.out.printf(Locale.ROOT, "   profile read %.0f/s = %.0f %% of the bare route's %.0f/s (aim ≥ %.0f %%): %s%n",
                runs.get(0).perSecond(), 100 * ratio, runs.get(1).perSecond(), 100 * PROFILE_AIM,
                runs.get(0).errors() == 0 && ratio >= PROFILE_AIM ? "met" : "NOT met");
    }

    private static String first(JsonNode items) {
        if (!items.isArray()) {
            return items.toString();
        }
        List<String> names = new ArrayList<>();
        for (JsonNode item : items) {
            if (names.size() == 3) {
                break;
            }
            names.add(item.path("displayName").asText());
        }
        return items.size() + " found" + (names.isEmpty() ? "" : ", first " + String.join(", ", names));
    }

    private static void print(ClosedLoop.Run run) {
        System.out.printf(Locale.ROOT, "   %-30s %5d%s: %7.1f/s  p50 %6.1f  p90 %6.1f  p99 %6.1f  max %7.1f ms;"
                        + " %.2f ms CPU/req (this JVM: pod and clients), machine %.0f %% busy%s%n", run.label(),
                run.concurrency(), run.label().startsWith("GET") ? "/s" : " clients", run.perSecond(),
                run.percentile(50), run.percentile(90), run.percentile(99), run.maxMillis(), run.cpuMillisPerRequest(),
                100 * run.cpu().machineBusy(),
                run.errors() == 0 ? "" : "; " + run.errors() + " ERRORS, first: " + run.firstError().orElse(""));
    }

    /** What members type: prefixes, whole names, a letter swapped, names without their accents. */
    private static List<String> queries(Random random, int count) {
        List<String> queries = new ArrayList<>();
        while (queries.size() < count) {
            String first = FIRST[random.nextInt(FIRST.length)];
            String last = LAST[random.nextInt(LAST.length)];
            queries.add(switch (queries.size() % 5) {
                case 0 -> first.substring(0, 2 + random.nextInt(first.length() - 1));
                case 1 -> first + " " + last;
                case 2 -> swapped(last, random);
                case 3 -> java.text.Normalizer.normalize(first, java.text.Normalizer.Form.NFD).replaceAll("\\p{M}", "");
                default -> last.substring(0, Math.min(last.length(), 3 + random.nextInt(3)));
            });
        }
        return queries;
    }

    private static String swapped(String word, Random random) {
        if (word.length() < 4) {
            return word;
        }
        int at = 1 + random.nextInt(word.length() - 2);
        char[] letters = word.toCharArray();
        char kept = letters[at];
        letters[at] = letters[at + 1];
        letters[at + 1] = kept;
        return new String(letters);
    }

    private static String encode(String query) {
        return URLEncoder.encode(query, StandardCharsets.UTF_8);
    }

    // ---- the database, directly: only to seed what a real territory would have ------------------

    /** {@code profiles} active accounts in auth's table, as registration would leave them. */
    private void insertAccounts(Scratch scratch, String jdbcUrl) throws SQLException {
        Random random = new Random(42);
        String table = BenchPod.TERRITORY.schema() + ".auth_accounts";
        try (Connection connection = DriverManager.getConnection(jdbcUrl, scratch.user(), "")) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table
                    + " (id, email, display_name, password_hash, status, roles, email_verified_at, created_at,"
                    + " status_changed_at) VALUES (?, ?, ?, 'unusable', 'active', '{member}', now(), now(), now())")) {
                for (int i = 0; i < profiles; i++) {
                    insert.setObject(1, UUID.randomUUID());
                    insert.setString(2, "bench-" + i + "@example.org");
                    insert.setString(3, FIRST[random.nextInt(FIRST.length)] + " " + LAST[random.nextInt(LAST.length)]);
                    insert.addBatch();
                    if (i % 1000 == 999) {
                        insert.executeBatch();
                    }
                }
                insert.executeBatch();
            }
            // As if the user service had never run in this territory: its one-off replay of earlier
            // members' profiles runs again at the next start.
            try (Statement statement = connection.createStatement()) {
                statement.executeUpdate("DELETE FROM " + BenchPod.TERRITORY.schema() + ".user_replays");
            }
            connection.commit();
        }
    }

    /** Waits until the territory holds {@code expected} profiles; returns how many it holds. */
    private static long awaitProfiles(Scratch scratch, String jdbcUrl, long expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(15).toNanos();
        long count = 0;
        while (System.nanoTime() < deadline) {
            count = single(scratch, jdbcUrl, "SELECT count(*) FROM " + BenchPod.TERRITORY.schema() + "." + PROFILES);
            if (count >= expected) {
                return count;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("after 15 minutes the territory holds " + count + " of " + expected + " profiles");
    }

    private static List<UUID> sampleIds(Scratch scratch, String jdbcUrl, int count) throws SQLException {
        List<UUID> ids = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(jdbcUrl, scratch.user(), "");
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT id FROM " + BenchPod.TERRITORY.schema()
                     + ".auth_accounts WHERE email LIKE 'bench-%' ORDER BY random() LIMIT " + count)) {
            while (rows.next()) {
                ids.add(rows.getObject(1, UUID.class));
            }
        }
        return ids;
    }

    private static long single(Scratch scratch, String jdbcUrl, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, scratch.user(), "");
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
