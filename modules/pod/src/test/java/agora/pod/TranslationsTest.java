package agora.pod;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every text a client or a member reads (problem details, field errors, mails) exists in every
 * language the API promises for {@code Accept-Language}: a missing key falls back to English
 * silently, so only a test notices. A bundle is a {@code .properties} file under a module's
 * {@code src/main/resources/agora/} without a language suffix; its English is the base file.
 */
class TranslationsTest {
    private static final List<String> LANGUAGES = List.of("da", "nb", "nn", "sv");
    private static final Path MODULES = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern ARGUMENT = Pattern.compile("\\{(\\d+)[,}]");
    private static final Pattern LONE_APOSTROPHE = Pattern.compile("(?<!')'(?!')");

    @Test
    void everyTextExistsInEveryLanguageWithTheSameArguments() throws IOException {
        List<Path> bundles = bundles();
        assertFalse(bundles.isEmpty(), "no bundles found under " + MODULES);
        List<String> problems = new ArrayList<>();
        for (Path english : bundles) {
            Properties base = read(english);
            for (String language : LANGUAGES) {
                Path file = english.resolveSibling(english.getFileName().toString()
                        .replace(".properties", "_" + language + ".properties"));
                String name = MODULES.relativize(file).toString();
                if (!Files.exists(file)) {
                    problems.add(name + " is missing");
                    continue;
                }
                Properties translated = read(file);
                for (String key : new TreeSet<>(base.stringPropertyNames())) {
                    String text = translated.getProperty(key);
                    if (text == null) {
                        problems.add(name + ": no " + key);
                    } else if (!arguments(text).equals(arguments(base.getProperty(key)))) {
                        problems.add(name + ": " + key + " uses arguments " + arguments(text) + ", English "
                                + arguments(base.getProperty(key)));
                    } else if (text.equals(base.getProperty(key))) {
                        problems.add(name + ": " + key + " is the English text");
                    }
                }
                translated.stringPropertyNames().stream().filter(key -> !base.containsKey(key)).sorted()
                        .forEach(key -> problems.add(name + ": " + key + " is not in English"));
            }
        }
        assertTrue(problems.isEmpty(), "translations:\n" + String.join("\n", problems));
    }

    @Test
    void everyApostropheIsWrittenTwiceForMessageFormat() throws IOException {
        // MessageFormat drops a single ' and quotes what follows it, so "don't" would print "dont".
        List<String> problems = new ArrayList<>();
        for (Path english : bundles()) {
            try (Stream<Path> siblings = Files.list(english.getParent())) {
                for (Path file : siblings.filter(sibling -> sibling.getFileName().toString()
                        .startsWith(english.getFileName().toString().replace(".properties", ""))).sorted().toList()) {
                    Properties texts = read(file);
                    texts.stringPropertyNames().stream().sorted()
                            .filter(key -> LONE_APOSTROPHE.matcher(texts.getProperty(key)).find())
                            .forEach(key -> problems.add(MODULES.relativize(file) + ": " + key));
                }
            }
        }
        assertTrue(problems.isEmpty(), "texts with a lone apostrophe (write ''):\n" + String.join("\n", problems));
    }

    private static List<Path> bundles() throws IOException {
        List<Path> bundles = new ArrayList<>();
        try (Stream<Path> modules = Files.list(MODULES)) {
            for (Path module : modules.sorted().toList()) {
                Path resources = module.resolve("src/main/resources/agora");
                if (Files.isDirectory(resources)) {
                    try (Stream<Path> files = Files.walk(resources)) {
                        files.filter(file -> file.getFileName().toString().matches("[a-z-]+\\.properties"))
                                .sorted().forEach(bundles::add);
                    }
                }
            }
        }
        return bundles;
    }

    private static Properties read(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        return properties;
    }

    private static Set<String> arguments(String text) {
        Set<String> arguments = new TreeSet<>();
        Matcher matcher = ARGUMENT.matcher(text);
        while (matcher.find()) {
            arguments.add(matcher.group(1));
        }
        return arguments;
    }
}
