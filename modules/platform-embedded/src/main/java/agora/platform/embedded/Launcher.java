package agora.platform.embedded;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Runs the PostgreSQL commands, as the unprivileged account when the JVM is root.
 *
 * <p>initdb and postgres refuse to run as root, and containers and some laptops run everything as
 * root; there the commands go through {@code setpriv} as {@code nobody}.
 */
final class Launcher {
    private static final System.Logger LOG = System.getLogger(Launcher.class.getName());

    private final Optional<UnixAccount> otherAccount;
    private final Optional<Path> setpriv;

    private Launcher(Optional<UnixAccount> otherAccount, Optional<Path> setpriv) {
        this.otherAccount = otherAccount;
        this.setpriv = setpriv;
    }

    /**
     * The launcher for this JVM: direct when it runs as an ordinary user, through setpriv as
     * {@code nobody} when it runs as root.
     *
     * @throws EmbeddedPostgresException when root but setpriv or the account is missing
     */
    static Launcher forThisProcess() {
        if (!runsAsRoot()) {
            return new Launcher(Optional.empty(), Optional.empty());
        }
        Path setpriv = findOnPath("setpriv").orElseThrow(() -> new EmbeddedPostgresException(
                "This JVM runs as root, and PostgreSQL refuses to run as root; the embedded server would run as '"
                        + UnixAccount.UNPRIVILEGED + "' through setpriv, but setpriv (package util-linux) is not"
                        + " installed. Install it or run the pod as an ordinary user."));
        UnixAccount account = UnixAccount.lookUp(UnixAccount.UNPRIVILEGED).orElseThrow(() -> new EmbeddedPostgresException(
                "This JVM runs as root, and PostgreSQL refuses to run as root; the embedded server would run as '"
                        + UnixAccount.UNPRIVILEGED + "', but this machine has no such account."));
        if (account.uid() == 0) {
            throw new EmbeddedPostgresException("The account '" + account.name() + "' has uid 0, so PostgreSQL would"
                    + " still run as root, which it refuses.");
        }
        return new Launcher(Optional.of(account), Optional.of(setpriv));
    }

    /** The account PostgreSQL runs under when it is not the JVM's own. */
    Optional<UnixAccount> otherAccount() {
        return otherAccount;
    }

    /**
     * Runs one PostgreSQL command to completion, as the other account when there is one.
     *
     * @param command the executable (absolute) and its arguments
     * @param workDirectory a directory the command's account can enter (initdb complains otherwise)
     * @param timeout how long before the command is killed
     */
    Outcome run(List<String> command, Path workDirectory, Duration timeout) throws IOException {
        List<String> full = new ArrayList<>();
        if (otherAccount.isPresent()) {
            UnixAccount account = otherAccount.get();
            full.addAll(List.of(setpriv.orElseThrow().toString(),
                    "--reuid=" + account.uid(), "--regid=" + account.gid(), "--clear-groups", "--"));
        }
        full.addAll(command);
        return run(full, Optional.of(workDirectory), timeout);
    }

    /** Runs a command as the JVM's own user (for {@code id} and {@code getent}). */
    static Outcome runDirectly(List<String> command, Duration timeout) throws IOException {
        return run(command, Optional.empty(), timeout);
    }

    private static Outcome run(List<String> command, Optional<Path> workDirectory, Duration timeout) throws IOException {
        LOG.log(Level.DEBUG, () -> "Running " + String.join(" ", command));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        workDirectory.ifPresent(dir -> builder.directory(dir.toFile()));
        // PG* variables (PGDATA, PGPORT...) of the developer's shell must not redirect our commands.
        builder.environment().keySet().removeIf(name -> name.startsWith("PG"));
        builder.environment().put("LC_ALL", "C");
        builder.environment().put("LANG", "C");
        Process process = builder.start();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Thread reader = Thread.ofVirtual().start(() -> {
            try (InputStream in = process.getInputStream()) {
                in.transferTo(output);
            } catch (IOException _) {
                // the process went away; keep what was read
            }
        });
        try {
            if (!process.waitFor(timeout)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new IOException("'" + String.join(" ", command) + "' did not finish within " + timeout.toSeconds()
                        + " s and was killed");
            }
            // A server started in the background may keep the pipe open; do not wait for it.
            reader.join(Duration.ofSeconds(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted while running " + command.getFirst(), e);
        }
        return new Outcome(process.exitValue(), output.toString(StandardCharsets.UTF_8));
    }

    private static boolean runsAsRoot() {
        if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")) {
            return false;
        }
        try {
            Outcome id = runDirectly(List.of("id", "-u"), Duration.ofSeconds(10));
            return id.succeeded() && id.output().strip().equals("0");
        } catch (IOException e) {
            // No id command: we cannot tell, so assume an ordinary user; PostgreSQL says so if not.
            LOG.log(Level.DEBUG, "Could not run 'id -u'", e);
            return false;
        }
    }

    private static Optional<Path> findOnPath(String executable) {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        return Stream.concat(Stream.of(path.split(File.pathSeparator)), Stream.of("/usr/bin", "/bin", "/usr/sbin", "/sbin"))
                .filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, executable))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /**
     * What a finished command left behind.
     *
     * @param exitCode the process's exit code
     * @param output standard output and error, interleaved
     */
    record Outcome(int exitCode, String output) {
        boolean succeeded() {
            return exitCode == 0;
        }
    }
}
