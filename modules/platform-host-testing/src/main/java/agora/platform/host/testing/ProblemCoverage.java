package agora.platform.host.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import agora.platform.testing.Body;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Which problem types the tests provoked on which route, against what the API document promises:
 * every {@code application/problem+json} answer an {@link ApiClient} receives is recorded as
 * (method, path, code), in memory for the check and in {@code target/problem-coverage.tsv} for
 * people; {@link #gaps} lists each (operation, code) the document declares that no test produced.
 *
 * <p>The document lists a route's problem types by code in each problem response's description
 * ({@code description: account-not-found, unknown-territory}; a shared response such as
 * {@code AuthUnauthorized} lists them in its own). A word of a description counts when it is one of
 * the document's problem codes (the {@code Problem} schema's {@code code} list).
 *
 * <p>A service's check runs after its other tests in the same JVM (see {@link #recorded}).
 */
public final class ProblemCoverage {
    private static final Pattern WORD = Pattern.compile("[a-z][a-z0-9]*(?:-[a-z0-9]+)*");
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");
    private static final Set<Seen> SEEN = ConcurrentHashMap.newKeySet();
    private static final Path FILE = Path.of("target", "problem-coverage.tsv");

    private ProblemCoverage() {
    }

    /**
     * One problem answered.
     *
     * @param method the request's method, upper case
     * @param path   the request's path, without the query
     * @param code   the problem's {@code code}
     */
    public record Seen(String method, String path, String code) {
    }

    /**
     * One documented problem type of one operation.
     *
     * @param method   the method, upper case
     * @param template the path template, e.g. {@code /api/auth/accounts/{id}}
     * @param status   the response status it is listed under
     * @param code     the problem code
     */
    public record Declared(String method, String template, String status, String code) {
        @Override
        public String toString() {
            return method + " " + template + " " + status + " " + code;
        }
    }

    /**
     * Records an answer if it is a problem. {@link ApiClient} calls it for every answer; a test that
     * must send what {@code ApiClient} cannot (a chunked or multipart body, a slow client) calls it
     * for its own answers, so the problems it provokes count for their route.
     *
     * @param method   the request's method
     * @param uri      the request's URI
     * @param response the answer
     */
    public static void record(String method, URI uri, HttpResponse<String> response) {
        boolean problem = response.headers().firstValue("Content-Type")
                .filter(type -> type.toLowerCase(Locale.ROOT).startsWith("application/problem+json")).isPresent();
        if (!problem) {
            return;
        }
        String code;
        try {
            code = Body.parse(response.body()).path("code").asText("");
        } catch (RuntimeException notJson) {
            return;
        }
        Seen seen = new Seen(method.toUpperCase(Locale.ROOT), uri.getRawPath(), code);
        if (SEEN.add(seen)) {
            try {
                Files.createDirectories(FILE.getParent());
                Files.writeString(FILE, seen.method() + "\t" + seen.path() + "\t" + code + "\n", StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * What was recorded in this JVM so far: empty when a check runs on its own (then it has nothing
     * to compare and should be skipped).
     *
     * @return the problems seen
     */
    public static Set<Seen> recorded() {
        return Set.copyOf(SEEN);
    }

    /**
     * Every problem type the document declares for each operation whose path the filter accepts.
     *
     * @param document the OpenAPI document (JSON form, as {@code /openapi} serves it)
     * @param paths    which paths to take (a service's own)
     * @return the declared types, in the document's order
     */
    public static List<Declared> declared(JsonNode document, Predicate<String> paths) {
        Set<String> codes = new TreeSet<>();
        document.path("components").path("schemas").path("Problem").path("properties").path("code").path("enum")
                .forEach(code -> codes.add(code.asText()));
        List<Declared> declared = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = document.path("paths").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            if (!paths.test(path.getKey())) {
                continue;
            }
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> operation = ops.next();
                if (!METHODS.contains(operation.getKey())) {
                    continue;
                }
                for (Iterator<Map.Entry<String, JsonNode>> rs = operation.getValue().path("responses").fields();
                     rs.hasNext(); ) {
                    Map.Entry<String, JsonNode> response = rs.next();
                    JsonNode node = response.getValue();
                    JsonNode resolved = resolve(document, node);
                    if (!resolved.path("content").has("application/problem+json")) {
                        continue;
                    }
                    String description = node.has("description") ? node.get("description").asText()
                            : resolved.path("description").asText("");
                    Set<String> listed = new java.util.LinkedHashSet<>();
                    Matcher words = WORD.matcher(description);
                    while (words.find()) {
                        if (codes.contains(words.group())) {
                            listed.add(words.group());
                        }
                    }
                    listed.forEach(code -> declared.add(new Declared(operation.getKey().toUpperCase(Locale.ROOT),
                            path.getKey(), response.getKey(), code)));
                }
            }
        }
        return declared;
    }

    /**
     * The declared problem types no test produced on their route. A code in {@code common} (what the
     * platform answers alike on every route before the service's handler runs: territory
     * resolution, JSON reading, body limits, proven by the platform's own tests) counts as produced
     * once any operation among the declared ones produced it.
     *
     * @param declared what the document declares ({@link #declared})
     * @param seen     what the tests produced ({@link #recorded})
     * @param common   codes answered alike on every route
     * @return the gaps, one line each, sorted
     */
    public static List<String> gaps(List<Declared> declared, Collection<Seen> seen, Set<String> common) {
        Map<String, Pattern> templates = new LinkedHashMap<>();
        declared.forEach(entry -> templates.computeIfAbsent(entry.template(), ProblemCoverage::pattern));
        Set<String> produced = new TreeSet<>();
        Set<String> anywhere = new TreeSet<>();
        for (Seen problem : seen) {
            templates.forEach((template, pattern) -> {
                if (pattern.matcher(problem.path()).matches()) {
                    produced.add(problem.method() + " " + template + " " + problem.code());
                    anywhere.add(problem.code());
                }
            });
        }
        Map<String, String> gaps = new TreeMap<>();
        for (Declared entry : declared) {
            boolean covered = produced.contains(entry.method() + " " + entry.template() + " " + entry.code())
                    || common.contains(entry.code()) && anywhere.contains(entry.code());
            if (!covered) {
                gaps.put(entry.toString(), entry.toString());
            }
        }
        return List.copyOf(gaps.values());
    }

    private static JsonNode resolve(JsonNode document, JsonNode node) {
        JsonNode current = node;
        for (int depth = 0; depth < 5 && current.has("$ref"); depth++) {
            String ref = current.get("$ref").asText();
            if (!ref.startsWith("#/")) {
                return current;
            }
            JsonNode target = document;
            for (String part : ref.substring(2).split("/")) {
                target = target.path(part.replace("~1", "/").replace("~0", "~"));
            }
            current = target;
        }
        return current;
    }

    /* {id} matches one path segment; everything else literally. */
    private static Pattern pattern(String template) {
        StringBuilder regex = new StringBuilder();
        Matcher parameter = Pattern.compile("\\{[^}/]+}").matcher(template);
        int last = 0;
        while (parameter.find()) {
            regex.append(Pattern.quote(template.substring(last, parameter.start()))).append("[^/]+");
            last = parameter.end();
        }
        regex.append(Pattern.quote(template.substring(last)));
        return Pattern.compile(regex.toString());
    }
}
