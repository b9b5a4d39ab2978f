package agora.platform.host;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import agora.platform.contract.ProblemKind;
import agora.platform.core.problem.ProblemException;

/**
 * The facts services answer for each other ({@code AccountFacts}, {@code PermissionFacts} …), and
 * who answers each in this process: the owner itself when the process hosts it, the owner's
 * internal listener when it runs elsewhere ({@code agora.services.<owner>.url}), or nobody, in which
 * case a call is a 503 that says which setting is missing.
 *
 * <p>What asks gets a proxy that picks its answerer at each call, so services can take each other's
 * facts while they mount, in any order.
 */
final class Facts {
    private final Map<Class<?>, String> owners;
    private final Map<Class<?>, List<String>> contributors;
    private final Map<Class<?>, Object> local = new ConcurrentHashMap<>();
    private final Map<Contributor, Object> localContributions = new ConcurrentHashMap<>();
    private final Map<String, URI> remotes;
    private final Optional<FactsClient> client;

    /**
     * @param owners       every facts interface a catalog declares, with its owner
     * @param contributors every contribution interface catalogs declare, with the services declaring it
     * @param remotes      the internal listeners of services deployed apart, by service name
     * @param client       the HTTP client for them; empty without a shared secret
     */
    Facts(Map<Class<?>, String> owners, Map<Class<?>, List<String>> contributors, Map<String, URI> remotes,
          Optional<FactsClient> client) {
        this.owners = Map.copyOf(owners);
        Map<Class<?>, List<String>> sorted = new java.util.HashMap<>();
        contributors.forEach((contract, services) -> sorted.put(contract, services.stream().sorted().toList()));
        this.contributors = Map.copyOf(sorted);
        this.remotes = Map.copyOf(remotes);
        this.client = client;
    }

    <T> void contribute(String service, Class<T> contract, T implementation) {
        List<String> declaring = contributors.get(contract);
        if (declaring == null || !declaring.contains(service)) {
            throw new IllegalStateException(service + " contributes to " + contract.getName() + " but its catalog "
                    + "does not say so: list it in the contributions() of the " + service + " -api's catalog");
        }
        check(contract);
        if (!contract.isInstance(implementation)) {
            throw new IllegalArgumentException(implementation.getClass() + " does not implement " + contract.getName());
        }
        if (localContributions.putIfAbsent(new Contributor(service, contract), implementation) != null) {
            throw new IllegalStateException(service + " contributes to " + contract.getName() + " twice");
        }
    }

    <T> Contributions<T> contributions(Class<T> contract) {
        check(contract);
        if (owners.containsKey(contract)) {
            throw new IllegalStateException(contract.getName() + " is facts, not a contribution: ask it with facts()");
        }
        if (!contributors.containsKey(contract)) {
            // Nobody on the module path contributes (yet): the gatherer still mounts, and asks nobody
            // at no cost (the same empty lists at every call).
            @SuppressWarnings("unchecked")
            Contributions<T> none = (Contributions<T>) NONE;
            return none;
        }
        return new Contributions<>() {
            @Override
            public List<Contribution<T>> reachable() {
                return contributors.get(contract).stream()
                        .flatMap(service -> contribution(service, contract).stream())
                        .toList();
            }

            @Override
            public List<String> unreachable() {
                return contributors.get(contract).stream()
                        .filter(service -> contribution(service, contract).isEmpty())
                        .toList();
            }
        };
    }

    /* The service's answer here, else a proxy to its internal listener, else nothing. */
    private <T> Optional<Contribution<T>> contribution(String service, Class<T> contract) {
        Object here = localContributions.get(new Contributor(service, contract));
        if (here != null) {
            return Optional.of(new Contribution<>(service, contract.cast(here)));
        }
        URI url = client.isPresent() ? remotes.get(service) : null;
        if (url == null) {
            return Optional.empty();
        }
        FactsClient http = client.orElseThrow();
        Object proxy = Proxy.newProxyInstance(contract.getClassLoader(), new Class<?>[]{contract},
                (self, method, args) -> switch (method.getName()) {
                    case "toString" -> method.getParameterCount() == 0 ? service + "'s " + contract.getSimpleName()
                            : http.contribution(url, service, contract, method, args);
                    case "hashCode" -> method.getParameterCount() == 0 ? System.identityHashCode(self)
                            : http.contribution(url, service, contract, method, args);
                    case "equals" -> method.getParameterCount() == 1 && method.getDeclaringClass() == Object.class
                            ? self == args[0] : http.contribution(url, service, contract, method, args);
                    default -> http.contribution(url, service, contract, method, args == null ? new Object[0] : args);
                });
        return Optional.of(new Contribution<>(service, contract.cast(proxy)));
    }

    /** The contributions this process answers, by {@code <service>/<interface name>}: what the internal listener serves. */
    Map<String, Answerer> contributionAnswerers() {
        Map<String, Answerer> answerers = new ConcurrentHashMap<>();
        localContributions.forEach((contributor, implementation) -> answerers.put(
                contributor.service() + "/" + contributor.contract().getName(),
                new Answerer(contributor.contract(), implementation)));
        return answerers;
    }

    /** The contributions of an interface no catalog lists: nobody to ask, nobody missing. */
    private static final Contributions<Object> NONE = new Contributions<>() {
        @Override
        public List<Contribution<Object>> reachable() {
            return List.of();
        }

        @Override
        public List<String> unreachable() {
            return List.of();
        }
    };

    /** One service's place among a contribution's answerers. */
    private record Contributor(String service, Class<?> contract) {
    }

    <T> void provide(String service, Class<T> contract, T implementation) {
        String owner = owners.get(contract);
        if (owner == null) {
            throw new IllegalStateException(contract.getName() + " is declared by no catalog: list it in the facts() "
                    + "of the " + service + " -api's catalog");
        }
        if (!owner.equals(service)) {
            throw new IllegalStateException(service + " cannot answer " + contract.getName() + ", which " + owner + " owns");
        }
        check(contract);
        if (!contract.isInstance(implementation)) {
            throw new IllegalArgumentException(implementation.getClass() + " does not implement " + contract.getName());
        }
        if (local.putIfAbsent(contract, implementation) != null) {
            throw new IllegalStateException(contract.getName() + " is provided twice");
        }
    }

    <T> T proxy(Class<T> contract) {
        if (!owners.containsKey(contract)) {
            throw new IllegalStateException(contract.getName() + " is declared by no catalog on the module path");
        }
        check(contract);
        Object proxy = Proxy.newProxyInstance(contract.getClassLoader(), new Class<?>[]{contract},
                (self, method, args) -> switch (method.getName()) {
                    case "toString" -> method.getParameterCount() == 0 ? "facts " + contract.getSimpleName()
                            : call(contract, method, args);
                    case "hashCode" -> method.getParameterCount() == 0 ? System.identityHashCode(self)
                            : call(contract, method, args);
                    case "equals" -> method.getParameterCount() == 1 && method.getDeclaringClass() == Object.class
                            ? self == args[0] : call(contract, method, args);
                    default -> call(contract, method, args);
                });
        return contract.cast(proxy);
    }

    /** Whether the contract's owner runs in this process. */
    boolean answeredHere(Class<?> contract) {
        return local.containsKey(contract);
    }

    /** Whether someone answers the contract in this process or over the network. */
    boolean answerable(Class<?> contract) {
        return local.containsKey(contract) || remote(contract).isPresent();
    }

    /** How a contract is answered, for the start-up log. */
    String describe(Class<?> contract) {
        String owner = owners.get(contract);
        if (local.containsKey(contract)) {
            return "in-process (" + owner + ")";
        }
        return remote(contract).map(url -> owner + " at " + url + " (agora.services." + owner + ".url)")
                .orElse("nobody: no " + owner + " service in this process; set AGORA_SERVICES_"
                        + owner.toUpperCase(java.util.Locale.ROOT) + "_URL and AGORA_INTERNAL_SECRET");
    }

    /** The contracts this process answers, by interface name: what the internal listener serves. */
    Map<String, Answerer> answerers() {
        Map<String, Answerer> answerers = new ConcurrentHashMap<>();
        local.forEach((contract, implementation) -> answerers.put(contract.getName(),
                new Answerer(contract, implementation)));
        return answerers;
    }

    /** The declared contracts. */
    Set<Class<?>> contracts() {
        return owners.keySet();
    }

    private Object call(Class<?> contract, Method method, Object[] args) throws Throwable {
        Object implementation = local.get(contract);
        if (implementation != null) {
            try {
                return method.invoke(implementation, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
        Optional<URI> url = remote(contract);
        if (url.isPresent()) {
            return client.orElseThrow().call(url.get(), contract, method, args == null ? new Object[0] : args);
        }
        throw new ProblemException(ProblemKind.UNAVAILABLE, HostMessages.MESSAGES.text("facts.nobody",
                contract.getSimpleName(), owners.get(contract)));
    }

    private Optional<URI> remote(Class<?> contract) {
        return client.isPresent() ? Optional.ofNullable(remotes.get(owners.get(contract))) : Optional.empty();
    }

    /*
     * A contract crosses processes as a method name and JSON arguments: so no overloads (the name
     * alone picks the method), and every method answers something.
     */
    private static void check(Class<?> contract) {
        if (!contract.isInterface() || !Modifier.isPublic(contract.getModifiers())) {
            throw new IllegalArgumentException(contract.getName() + " must be a public interface");
        }
        Set<String> names = new HashSet<>();
        for (Method method : contract.getMethods()) {
            if (method.isDefault() || Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            if (!names.add(method.getName())) {
                throw new IllegalArgumentException(contract.getName() + "." + method.getName()
                        + " is overloaded: a facts method is called by its name");
            }
            if (method.getReturnType() == void.class) {
                throw new IllegalArgumentException(contract.getName() + "." + method.getName()
                        + " returns nothing: facts answer questions");
            }
        }
    }

    /**
     * One answered contract.
     *
     * @param contract       the interface
     * @param implementation its answers
     */
    record Answerer(Class<?> contract, Object implementation) {

        /** The interface method of that name. */
        Optional<Method> method(String name) {
            return Arrays.stream(contract.getMethods())
                    .filter(method -> method.getName().equals(name) && !method.isDefault()
                            && !Modifier.isStatic(method.getModifiers()))
                    .findFirst();
        }
    }

    /** Names of the contracts, for messages. */
    static List<String> names(Set<Class<?>> contracts) {
        return contracts.stream().map(Class::getSimpleName).sorted().toList();
    }
}
