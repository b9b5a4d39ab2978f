package agora.platform.embedded;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;

/**
 * File modes and ownership, so that the unprivileged account PostgreSQL runs under (when the JVM is
 * root) can reach the binaries and own its data.
 */
final class FileAccess {
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final boolean UNIX = FileSystems.getDefault().supportedFileAttributeViews().contains("unix");

    private FileAccess() {
    }

    /**
     * Creates a directory and its missing parents as rwxr-xr-x whatever the umask, so another account
     * can pass through them.
     */
    static void createReachableDirectories(Path dir) throws IOException {
        Deque<Path> missing = new ArrayDeque<>();
        for (Path p = dir.toAbsolutePath().normalize(); p != null && Files.notExists(p); p = p.getParent()) {
            missing.push(p);
        }
        for (Path p : missing) {
            Files.createDirectories(p);
            setMode(p, 0755);
        }
    }

    /**
     * Fails unless {@code account} can reach {@code target}: every existing directory on the way
     * there (as written and with symbolic links resolved) must grant it search (x) permission. The
     * target itself is not checked, as it is created or handed over to the account afterwards.
     */
    static void requireTraversable(Path target, UnixAccount account, String purpose) throws IOException {
        if (!UNIX) {
            return;
        }
        Path absolute = target.toAbsolutePath().normalize();
        Path existing = absolute.getParent();
        while (existing != null && Files.notExists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return;
        }
        for (Path chain : Stream.of(existing, existing.toRealPath()).distinct().toList()) {
            for (Path p = chain; p != null; p = p.getParent()) {
                if (!Files.isDirectory(p)) {
                    continue;
                }
                int mode = (Integer) Files.getAttribute(p, "unix:mode");
                int uid = (Integer) Files.getAttribute(p, "unix:uid");
                int gid = (Integer) Files.getAttribute(p, "unix:gid");
                int searchBit = uid == account.uid() ? 0100 : gid == account.gid() ? 0010 : 0001;
                if ((mode & searchBit) == 0) {
                    throw new EmbeddedPostgresException("This JVM runs as root, so the embedded PostgreSQL runs as "
                            + account + ", which cannot reach the " + purpose + " " + absolute + " because it may not"
                            + " enter " + p + " (mode " + Integer.toOctalString(mode & 07777) + "). Make it traversable"
                            + " ('chmod o+x " + p + "'), choose a " + purpose + " elsewhere, or run the pod as an"
                            + " ordinary user.");
                }
            }
        }
    }

    /** Gives a file or directory to {@code account} (not following symbolic links). */
    static void chown(Path path, UnixAccount account) throws IOException {
        Files.setAttribute(path, "unix:uid", account.uid(), LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(path, "unix:gid", account.gid(), LinkOption.NOFOLLOW_LINKS);
    }

    /** The numeric owner of a file. */
    static int owner(Path path) throws IOException {
        return (Integer) Files.getAttribute(path, "unix:uid");
    }

    /** Whether the JVM can read and change file ownership and modes the Unix way. */
    static boolean unix() {
        return UNIX;
    }

    /**
     * Adds read permission for everyone, and execute/search permission for everyone wherever the
     * owner has it, throughout a tree; symbolic links are left alone.
     */
    static void makeReadableByAll(Path root) throws IOException {
        if (!POSIX) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                if (Files.isSymbolicLink(p)) {
                    continue;
                }
                int mode = (Integer) Files.getAttribute(p, "unix:mode") & 07777;
                int wanted = readableByAll(mode);
                if (wanted != mode) {
                    setMode(p, wanted);
                }
            }
        }
    }

    /** A mode with read for everyone, and execute for everyone when the owner may execute. */
    static int readableByAll(int mode) {
        int wanted = mode | 0444;
        return (mode & 0100) != 0 ? wanted | 0111 : wanted;
    }

    /** Sets the rwx bits of a mode (ignored where the file system has no POSIX permissions). */
    static void setMode(Path path, int mode) throws IOException {
        if (!POSIX) {
            return;
        }
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] byBit = {
                PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
                PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
                PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
        for (int bit = 0; bit < byBit.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                permissions.add(byBit[bit]);
            }
        }
        Files.setPosixFilePermissions(path, permissions);
    }

    /** Deletes a tree, deepest first, without following symbolic links. */
    static void deleteTree(Path root) throws IOException {
        if (Files.notExists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
