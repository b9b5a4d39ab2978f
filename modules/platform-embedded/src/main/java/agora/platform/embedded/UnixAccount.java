package agora.platform.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * An operating-system account by name and numeric ids, the way {@code setpriv} and file ownership
 * need it.
 *
 * @param name the login name, for messages
 * @param uid the numeric user id
 * @param gid the numeric id of the account's primary group
 */
record UnixAccount(String name, int uid, int gid) {

    /** The account PostgreSQL runs under when the JVM is root: present on every Unix, owns nothing. */
    static final String UNPRIVILEGED = "nobody";

    /**
     * Looks an account up with {@code getent passwd}, falling back to reading /etc/passwd where
     * getent does not exist.
     */
    static Optional<UnixAccount> lookUp(String name) {
        Optional<String> line = Optional.empty();
        try {
            Launcher.Outcome outcome = Launcher.runDirectly(List.of("getent", "passwd", name), Duration.ofSeconds(10));
            if (outcome.succeeded()) {
                line = outcome.output().lines().findFirst();
            }
        } catch (IOException _) {
            // no getent here: try the file below
        }
        if (line.isEmpty()) {
            try {
                line = Files.readAllLines(Path.of("/etc/passwd")).stream()
                        .filter(l -> l.startsWith(name + ":"))
                        .findFirst();
            } catch (IOException _) {
                return Optional.empty();
            }
        }
        return line.flatMap(UnixAccount::parse);
    }

    /** Parses a passwd line ({@code name:x:uid:gid:...}). */
    static Optional<UnixAccount> parse(String passwdLine) {
        String[] fields = passwdLine.strip().split(":", -1);
        if (fields.length < 4) {
            return Optional.empty();
        }
        try {
            return Optional.of(new UnixAccount(fields[0], Integer.parseInt(fields[2]), Integer.parseInt(fields[3])));
        } catch (NumberFormatException _) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return name + " (uid " + uid + ", gid " + gid + ")";
    }
}
