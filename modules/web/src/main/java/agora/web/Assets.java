package agora.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The app's files as Vite built them, read from this module's {@code agora-web/} folder (or, in
 * tests, from a map) and kept in memory once asked for: the whole app is a few hundred kilobytes.
 */
final class Assets {
    /** Where the build puts them in the jar. */
    static final String ROOT = "agora-web/";
    /** Only plain names: no {@code ..}, no hidden files, nothing a path could escape with. */
    private static final Pattern SAFE = Pattern.compile("(?:[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}/){0,4}[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}");
    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=UTF-8"),
            Map.entry("js", "text/javascript; charset=UTF-8"),
            Map.entry("mjs", "text/javascript; charset=UTF-8"),
            Map.entry("css", "text/css; charset=UTF-8"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("webp", "image/webp"),
            Map.entry("woff2", "font/woff2"),
            Map.entry("json", "application/json"),
            Map.entry("webmanifest", "application/manifest+json"),
            Map.entry("txt", "text/plain; charset=UTF-8"));

    private final Function<String, Optional<byte[]>> source;
    private final Map<String, Optional<Asset>> loaded = new ConcurrentHashMap<>();

    /**
     * One file.
     *
     * @param bytes       its content
     * @param contentType its media type
     */
    record Asset(byte[] bytes, String contentType) {
    }

    private Assets(Function<String, Optional<byte[]>> source) {
        this.source = source;
    }

    /** The files built into this module's jar. */
    static Assets bundled() {
        Module module = Assets.class.getModule();
        return new Assets(path -> {
            try (InputStream in = module.getResourceAsStream(ROOT + path)) {
                return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /**
     * Files from a map (path below the root to content), for tests.
     *
     * @param files the files
     * @return the assets
     */
    static Assets of(Map<String, byte[]> files) {
        Map<String, byte[]> copy = Map.copyOf(files);
        return new Assets(path -> Optional.ofNullable(copy.get(path)));
    }

    /**
     * A file by its path below the root ({@code assets/index-3f2a.js}); empty for a name that is not
     * a plain file name or a file of unknown type.
     *
     * @param path the path, without a leading {@code /}
     * @return the file, if the build has it
     */
    Optional<Asset> find(String path) {
        if (!SAFE.matcher(path).matches()) {
            return Optional.empty();
        }
        return loaded.computeIfAbsent(path, this::load);
    }

    /** Whether the app was built into this jar. */
    boolean built() {
        return find("index.html").isPresent();
    }

    private Optional<Asset> load(String path) {
        String extension = path.substring(path.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        String type = TYPES.get(extension);
        if (type == null || path.lastIndexOf('.') < 0) {
            return Optional.empty();
        }
        return source.apply(path).map(bytes -> new Asset(bytes, type));
    }
}
