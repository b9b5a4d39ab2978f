package agora.platform.host.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Which problem codes a module's code can answer with: every {@code new ProblemKind("<code>", …)}
 * in its sources. A test holds them against what the service declared to the host (and so against
 * the served API document), so a problem kind added without being listed fails the build.
 *
 * <p>Read from the sources rather than by reflection because a service opens its packages to
 * nobody: the tests of the pod run beside the service modules' real descriptors.
 */
public final class ProblemCodes {
    private static final Pattern KIND = Pattern.compile("new ProblemKind\\(\\s*\"([a-z0-9-]+)\"\\s*,");

    private ProblemCodes() {
    }

    /**
     * The problem codes a source tree constructs.
     *
     * @param sources a module's {@code src/main/java}
     * @return the codes, sorted
     */
    public static Set<String> inSources(Path sources) {
        Set<String> codes = new TreeSet<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
                Matcher matcher = KIND.matcher(Files.readString(file));
                while (matcher.find()) {
                    codes.add(matcher.group(1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return codes;
    }

    /**
     * The codes constructed in a source tree that are not among the given ones.
     *
     * @param sources  a module's {@code src/main/java}
     * @param declared what is declared or documented
     * @return the missing codes, sorted
     */
    public static List<String> missing(Path sources, Collection<String> declared) {
        return inSources(sources).stream().filter(code -> !declared.contains(code)).toList();
    }
}
