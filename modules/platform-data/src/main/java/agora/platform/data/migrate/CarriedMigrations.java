package agora.platform.data.migrate;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * The versioned migrations a process carries for one migration set, read straight from its jar (or
 * directory) with the checksums Flyway records: so the migrator can tell, with one query, that a
 * schema already has exactly these and skip Flyway (its classpath scan and its validation) at start.
 *
 * <p>Anything it cannot read for certain (no listing, an unexpected file name) makes it answer
 * "unknown", and Flyway runs as always: skipping is an optimisation, never a different outcome.
 */
final class CarriedMigrations {
    private static final Pattern VERSIONED = Pattern.compile("V([0-9][0-9_.]*)__[^/]+\\.sql");
    private static final char BOM = '\uFEFF';

    private CarriedMigrations() {
    }

    /**
     * One versioned migration as Flyway's history records it.
     *
     * @param version  its version ({@code 1}, {@code 1.2})
     * @param script   its file name
     * @param checksum Flyway's checksum
     */
    record Script(String version, String script, int checksum) {
    }

    /**
     * The set's versioned migrations, when they can be listed.
     *
     * @param set the migration set
     * @return the scripts, empty when they cannot be read for certain
     */
    static Optional<Set<Script>> of(ServiceMigrations set) {
        String folder = "agora-db/" + set.folder() + "/";
        URL url = set.loader().getResource(folder);
        if (url == null) {
            return Optional.empty();
        }
        try {
            List<String> names = new ArrayList<>();
            switch (url.getProtocol()) {
                case "jar" -> {
                    JarURLConnection connection = (JarURLConnection) url.openConnection();
                    connection.setUseCaches(false);
                    try (JarFile jar = connection.getJarFile()) {
                        Enumeration<JarEntry> entries = jar.entries();
                        while (entries.hasMoreElements()) {
                            String name = entries.nextElement().getName();
                            if (name.startsWith(folder) && name.length() > folder.length()) {
                                names.add(name.substring(folder.length()));
                            }
                        }
                    }
                }
                case "file" -> {
                    try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
                        files.forEach(file -> names.add(file.getFileName().toString()));
                    }
                }
                default -> {
                    return Optional.empty();
                }
            }
            List<Script> scripts = new ArrayList<>();
            for (String name : names) {
                Matcher matcher = VERSIONED.matcher(name);
                if (!matcher.matches()) {
                    return Optional.empty();
                }
                try (InputStream in = set.loader().getResourceAsStream(folder + name)) {
                    if (in == null) {
                        return Optional.empty();
                    }
                    scripts.add(new Script(matcher.group(1).replace('_', '.'), name, checksum(in)));
                }
            }
            return Optional.of(scripts.stream().collect(Collectors.toUnmodifiableSet()));
        } catch (IOException | URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Flyway's checksum: CRC-32 of each line's UTF-8 bytes without its line break, a leading BOM dropped. */
    static int checksum(InputStream in) throws IOException {
        CRC32 crc = new CRC32();
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 4096);
        String line = reader.readLine();
        if (line != null && !line.isEmpty() && line.charAt(0) == BOM) {
            line = line.substring(1);
        }
        while (line != null) {
            crc.update(line.getBytes(StandardCharsets.UTF_8));
            line = reader.readLine();
        }
        return (int) crc.getValue();
    }
}
