package agora.platform.web;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The part of the merged document one listener serves: its paths, and of the components and tags
 * only those its paths use. The components are shared by both listeners' paths; without this cut
 * the operator document would carry every public schema (and the public one the operator's), which
 * readers and linters rightly take for dead entries.
 */
final class ListenerDocument {
    private static final String COMPONENTS = "#/components/";

    private ListenerDocument() {
    }

    /**
     * The document a listener serves.
     *
     * @param merged the whole merged document (left unchanged)
     * @param wanted which paths the listener serves
     * @return a new top-level mapping sharing the merged document's nodes
     */
    static Map<String, Object> of(Map<String, Object> merged, Predicate<String> wanted) {
        Map<String, Object> paths = new LinkedHashMap<>();
        if (merged.get("paths") instanceof Map<?, ?> all) {
            all.forEach((path, item) -> {
                if (wanted.test(String.valueOf(path))) {
                    paths.put(String.valueOf(path), item);
                }
            });
        }
        Map<String, Object> view = new LinkedHashMap<>(merged);
        view.put("paths", paths);
        if (merged.get("components") instanceof Map<?, ?> components) {
            view.put("components", usedComponents(components, paths, merged.get("security")));
        }
        if (merged.get("tags") instanceof List<?> tags) {
            Set<Object> used = new LinkedHashSet<>();
            operations(paths).forEach(operation -> {
                if (operation.get("tags") instanceof List<?> named) {
                    used.addAll(named);
                }
            });
            view.put("tags", tags.stream()
                    .filter(tag -> tag instanceof Map<?, ?> map && used.contains(map.get("name")))
                    .toList());
        }
        return view;
    }

    /** The components reachable from the paths through {@code $ref}, and the security schemes they name. */
    private static Map<String, Object> usedComponents(Map<?, ?> components, Map<String, Object> paths,
                                                      Object topLevelSecurity) {
        Set<String> reached = new LinkedHashSet<>();
        Deque<Object> pending = new ArrayDeque<>(List.of(paths));
        while (!pending.isEmpty()) {
            for (String ref : refs(pending.pop())) {
                if (reached.add(ref)) {
                    component(components, ref).ifPresent(pending::push);
                }
            }
        }
        Set<Object> schemes = new LinkedHashSet<>();
        securityNames(paths, schemes);
        if (topLevelSecurity != null) {
            // The top level's value is the requirement list itself, not a node holding "security".
            securityNames(Map.of("security", topLevelSecurity), schemes);
        }
        Map<String, Object> used = new LinkedHashMap<>();
        components.forEach((kind, entries) -> {
            if (!(entries instanceof Map<?, ?> named)) {
                used.put(String.valueOf(kind), entries);
                return;
            }
            Map<String, Object> kept = new LinkedHashMap<>();
            named.forEach((name, value) -> {
                boolean wanted = "securitySchemes".equals(kind)
                        ? schemes.contains(name)
                        : reached.contains(COMPONENTS + kind + "/" + name);
                if (wanted) {
                    kept.put(String.valueOf(name), value);
                }
            });
            if (!kept.isEmpty()) {
                used.put(String.valueOf(kind), kept);
            }
        });
        return used;
    }

    private static Optional<Object> component(Map<?, ?> components, String ref) {
        String[] parts = ref.substring(COMPONENTS.length()).split("/", 2);
        if (parts.length == 2 && components.get(parts[0]) instanceof Map<?, ?> kind) {
            return Optional.ofNullable(kind.get(parts[1].replace("~1", "/").replace("~0", "~")));
        }
        return Optional.empty();
    }

    /** Every {@code $ref} into the components anywhere below a node. */
    private static Set<String> refs(Object node) {
        Set<String> refs = new LinkedHashSet<>();
        Deque<Object> pending = new ArrayDeque<>(List.of(node));
        while (!pending.isEmpty()) {
            Object next = pending.pop();
            if (next instanceof Map<?, ?> map) {
                map.forEach((key, value) -> {
                    if ("$ref".equals(key) && value instanceof String ref && ref.startsWith(COMPONENTS)) {
                        refs.add(ref);
                    } else if (value != null) {
                        pending.push(value);
                    }
                });
            } else if (next instanceof List<?> list) {
                list.stream().filter(Objects::nonNull).forEach(pending::push);
            }
        }
        return refs;
    }

    /** The scheme names of every security requirement below a node (they name schemes, not refer to them). */
    private static void securityNames(Object node, Set<Object> names) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> {
                if ("security".equals(key) && value instanceof List<?> requirements) {
                    requirements.forEach(requirement -> {
                        if (requirement instanceof Map<?, ?> schemes) {
                            names.addAll(schemes.keySet());
                        }
                    });
                } else {
                    securityNames(value, names);
                }
            });
        } else if (node instanceof List<?> list) {
            list.forEach(item -> securityNames(item, names));
        }
    }

    private static List<Map<?, ?>> operations(Map<String, Object> paths) {
        return paths.values().stream()
                .filter(Map.class::isInstance)
                .flatMap(item -> ((Map<?, ?>) item).values().stream())
                .filter(operation -> operation instanceof Map<?, ?>)
                .<Map<?, ?>>map(operation -> (Map<?, ?>) operation)
                .toList();
    }
}
