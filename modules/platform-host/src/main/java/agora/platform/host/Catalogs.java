package agora.platform.host;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import agora.platform.contract.Catalog;
import agora.platform.contract.EventType;
import agora.platform.contract.Permission;

/**
 * Every {@code -api} catalog on the module path: which event types exist, which permissions, who
 * answers which facts, and who contributes to which contribution. A consumer's {@code -api}
 * dependencies are on its module path, so a service deployed alone sees the catalogs of every
 * service it hears from or asks.
 *
 * @param catalogs the catalogs, by service name
 */
record Catalogs(List<Catalog> catalogs) {

    /**
     * The catalogs on the module path and those given.
     *
     * @param added catalogs the process was handed ({@link Host.Builder#catalogs})
     * @return them all, checked
     */
    static Catalogs load(List<Catalog> added) {
        List<Catalog> found = new ArrayList<>(added);
        ServiceLoader.load(Catalog.class, Catalogs.class.getClassLoader()).forEach(found::add);
        found.sort(Comparator.comparing(Catalog::service));
        for (Catalog catalog : found) {
            for (EventType<?> type : catalog.events()) {
                if (!type.service().equals(catalog.service())) {
                    throw new IllegalStateException("the " + catalog.service() + " catalog declares "
                            + type.type() + ", an event of another service");
                }
            }
            for (Permission permission : catalog.permissions()) {
                if (!permission.service().equals(catalog.service())) {
                    throw new IllegalStateException("the " + catalog.service() + " catalog declares the permission "
                            + permission + ", which another service would check");
                }
            }
        }
        return new Catalogs(List.copyOf(found));
    }

    List<EventType<?>> events() {
        return catalogs.stream().flatMap(catalog -> catalog.events().stream()).toList();
    }

    List<Permission> permissions() {
        return catalogs.stream().flatMap(catalog -> catalog.permissions().stream()).toList();
    }

    /** Each declared facts interface with its owner. */
    Map<Class<?>, String> facts() {
        Map<Class<?>, String> owners = new LinkedHashMap<>();
        for (Catalog catalog : catalogs) {
            for (Class<?> contract : catalog.facts()) {
                String earlier = owners.putIfAbsent(contract, catalog.service());
                if (earlier != null) {
                    throw new IllegalStateException(contract.getName() + " is declared by " + earlier + " and "
                            + catalog.service());
                }
            }
        }
        return owners;
    }

    /** Each declared contribution interface with the services that contribute to it. */
    Map<Class<?>, List<String>> contributions() {
        Map<Class<?>, List<String>> contributors = new LinkedHashMap<>();
        Map<Class<?>, String> facts = facts();
        for (Catalog catalog : catalogs) {
            for (Class<?> contract : catalog.contributions()) {
                if (facts.containsKey(contract)) {
                    throw new IllegalStateException(contract.getName() + " is declared both as facts and as a "
                            + "contribution");
                }
                contributors.computeIfAbsent(contract, ignored -> new ArrayList<>()).add(catalog.service());
            }
        }
        return contributors;
    }
}
