package agora.platform.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

import io.helidon.common.media.type.MediaTypes;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.representer.Representer;

/**
 * The OpenAPI 3.1 document of whatever a process mounts: the platform's part (conventions, shared
 * parameters, the problem shape) merged with each service's {@code agora-openapi/<service>.yaml}.
 * The public listener serves the public paths at {@code /openapi}, the operator listener the
 * {@code /operator} ones, each with only the components and tags its paths use; tests compare
 * both with the routes really registered and lint both.
 */
public final class OpenApi {
    private static final String OPERATOR_PREFIX = "/operator/";
    /** The security scheme of the operator listener, declared in the platform's part. */
    private static final String OPERATOR_SCHEME = "operatorToken";
    /** What the operator listener answers before any route: 401 without the token, 403 to browsers. */
    private static final List<String> OPERATOR_REFUSALS = List.of("401", "403");
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    private final Map<String, Object> document;
    private final Map<String, Object> publicView;
    private final Map<String, Object> operatorView;
    private final Json json;

    private OpenApi(Map<String, Object> document, Json json) {
        this.document = document;
        this.publicView = ListenerDocument.of(document, listener(false));
        this.operatorView = ListenerDocument.of(guarded(document), listener(true));
        this.json = json;
    }

    /**
     * The platform's part merged with the services' documents.
     *
     * @param services each mounted service's document (YAML text); blank ones are skipped
     * @param json     writes the JSON form
     * @return the merged document
     */
    public static OpenApi merge(List<String> services, Json json) {
        return merge(services, json, List.of());
    }

    /**
     * The platform's part merged with the services' documents, with the services' problem codes
     * added to the platform's in the {@code Problem} schema's {@code code} list.
     *
     * @param services each mounted service's document (YAML text); blank ones are skipped
     * @param json     writes the JSON form
     * @param problems the problem codes the services declared, beside the platform's own
     * @return the merged document
     */
    @SuppressWarnings("unchecked")
    public static OpenApi merge(List<String> services, Json json, java.util.Collection<String> problems) {
        Map<String, Object> merged = parse(resource(OpenApi.class, "/agora-openapi/platform.yaml"));
        for (String service : services) {
            if (!service.isBlank()) {
                Map<String, Object> document = parse(service);
                joinTags(merged, document.remove("tags"));
                mergeInto(merged, document);
            }
        }
        Map<String, Object> code = (Map<String, Object>) path(merged, "components", "schemas", "Problem", "properties",
                "code");
        List<Object> codes = new ArrayList<>((List<Object>) code.get("enum"));
        problems.stream().filter(problem -> !codes.contains(problem)).forEach(codes::add);
        code.put("enum", codes);
        return new OpenApi(merged, json);
    }

    /** The problem codes the document lists. */
    @SuppressWarnings("unchecked")
    public List<String> problemCodes() {
        Map<String, Object> code = (Map<String, Object>) path(document, "components", "schemas", "Problem",
                "properties", "code");
        return ((List<Object>) code.get("enum")).stream().map(String::valueOf).toList();
    }

    @SuppressWarnings("unchecked")
    private static Object path(Map<String, Object> document, String... keys) {
        Object node = document;
        for (String key : keys) {
            if (!(node instanceof Map<?, ?> map) || !map.containsKey(key)) {
                throw new IllegalStateException("the platform document lacks " + String.join(".", keys));
            }
            node = ((Map<String, Object>) map).get(key);
        }
        return node;
    }

    /**
     * A service's document, read from its own module.
     *
     * @param anchor a class of the service's module
     * @param name   the resource name, e.g. {@code /agora-openapi/territory.yaml}
     * @return the YAML text
     */
    public static String resource(Class<?> anchor, String name) {
        try (InputStream in = anchor.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("no OpenAPI document " + name + " in " + anchor.getModule());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The documented operations (method and path template) of one listener.
     *
     * @param operator whether the operator listener's (else the public one's)
     * @return entries such as {@code GET /api/territories/{code}}
     */
    public Set<String> operations(boolean operator) {
        Set<String> operations = new TreeSet<>();
        paths(operator).forEach((path, item) -> {
            if (item instanceof Map<?, ?> methods) {
                methods.keySet().stream()
                        .map(String::valueOf)
                        .filter(METHODS::contains)
                        .forEach(method -> operations.add(method.toUpperCase(Locale.ROOT) + " " + path));
            }
        });
        return operations;
    }

    /**
     * The routed operations of a listener in the same form as {@link #operations}.
     *
     * @param routes the listener's routes
     * @return entries such as {@code GET /api/territories/{code}}
     */
    public static Set<String> operations(Routes routes) {
        Set<String> operations = new TreeSet<>();
        routes.list().forEach(route -> operations.add(route.method().text() + " " + route.path()));
        return operations;
    }

    /**
     * Serves the listener's document at {@code /openapi}.
     *
     * @param routes   the listener's routes
     * @param operator whether it is the operator listener
     */
    public void serve(Routes routes, boolean operator) {
        routes.get("/openapi", (request, response) -> send(request, response, operator));
    }

    private void send(ServerRequest request, ServerResponse response, boolean operator) {
        Map<String, Object> view = view(operator);
        boolean wantsJson = request.headers().value(HeaderNames.ACCEPT).map(accept -> accept.contains("json")).orElse(false);
        response.status(Status.OK_200);
        if (wantsJson) {
            response.headers().contentType(MediaTypes.APPLICATION_JSON);
            response.send(json.bytes(view));
        } else {
            DumperOptions options = new DumperOptions();
            options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
            options.setWidth(120);
            response.headers().set(HeaderNames.CONTENT_TYPE, "application/yaml");
            response.send(new Yaml(new Representer(options), options).dump(view).getBytes(StandardCharsets.UTF_8));
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> paths(boolean operator) {
        return (Map<String, Object>) view(operator).get("paths");
    }

    private Map<String, Object> view(boolean operator) {
        return operator ? operatorView : publicView;
    }

    private static Predicate<String> listener(boolean operator) {
        return path -> path.startsWith(OPERATOR_PREFIX) == operator || path.equals("/openapi");
    }

    /*
     * Every request to the operator listener needs the operator token, whatever its route (the host's
     * OperatorAccess checks it before routing): the operator document requires the scheme at its top
     * level, and each of its operations can answer 401 (no token, or not the current one) and 403 (a
     * browser's request, a Host that is not the loopback address). Added here rather than in each
     * service's document, so that no operator route is documented without them. A copy of the merged
     * document, whose public paths the listener's cut then leaves out: the public view shares the
     * operation objects (/openapi is in both).
     */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> guarded(Map<String, Object> merged) {
        Map<String, Object> paths = new LinkedHashMap<>();
        ((Map<String, Object>) merged.getOrDefault("paths", Map.of())).forEach((path, item) -> {
            if (!(item instanceof Map<?, ?> methods)) {
                paths.put(path, item);
                return;
            }
            Map<String, Object> copied = new LinkedHashMap<>();
            methods.forEach((method, operation) -> {
                if (METHODS.contains(String.valueOf(method)) && operation instanceof Map<?, ?> fields
                        && fields.get("responses") instanceof Map<?, ?> responses) {
                    Map<Object, Object> answers = new TreeMap<>(Comparator.comparing(String::valueOf));
                    answers.putAll(responses);
                    OPERATOR_REFUSALS.forEach(status -> answers.putIfAbsent(status,
                            Map.of("$ref", "#/components/responses/Problem")));
                    Map<String, Object> changed = new LinkedHashMap<>((Map<String, Object>) fields);
                    changed.put("responses", answers);
                    copied.put(String.valueOf(method), changed);
                } else {
                    copied.put(String.valueOf(method), operation);
                }
            });
            paths.put(path, copied);
        });
        Map<String, Object> guarded = new LinkedHashMap<>(merged);
        guarded.put("paths", paths);
        guarded.put("security", List.of(Map.of(OPERATOR_SCHEME, List.of())));
        return guarded;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(String yaml) {
        Object parsed = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        if (!(parsed instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("an OpenAPI document must be a mapping");
        }
        return (Map<String, Object>) parsed;
    }

    /** The top-level tag lists are joined: each service declares its own tags. */
    private static void joinTags(Map<String, Object> target, Object tags) {
        if (!(tags instanceof List<?> added)) {
            return;
        }
        List<Object> joined = new ArrayList<>(target.get("tags") instanceof List<?> known ? known : List.of());
        for (Object tag : added) {
            Object name = tag instanceof Map<?, ?> map ? map.get("name") : tag;
            if (joined.stream().anyMatch(other -> other instanceof Map<?, ?> declared
                    && Objects.equals(name, declared.get("name")))) {
                throw new IllegalStateException("OpenAPI documents both declare the tag " + name);
            }
            joined.add(tag);
        }
        target.put("tags", joined);
    }

    /** Deep merge: mappings merge key by key, a later scalar or list for the same key is an error. */
    @SuppressWarnings("unchecked")
    private static void mergeInto(Map<String, Object> target, Map<String, Object> source) {
        source.forEach((key, value) -> {
            Object existing = target.get(key);
            if (existing == null) {
                target.put(key, value);
            } else if (existing instanceof Map<?, ?> existingMap && value instanceof Map<?, ?> valueMap) {
                mergeInto((Map<String, Object>) existingMap, (Map<String, Object>) valueMap);
            } else if (!existing.equals(value)) {
                throw new IllegalStateException("OpenAPI documents disagree on " + key);
            }
        });
    }
}
