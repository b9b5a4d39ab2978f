package agora.platform.events;

import java.util.Locale;
import java.util.Optional;

import agora.platform.contract.TerritoryCode;

/**
 * Where an event lives: one territory (its schema, its stream {@code <PREFIX>_<CC>}, subjects
 * {@code <prefix>.<cc>.…}) or the whole pod (schema {@code global}, stream {@code <PREFIX>_POD},
 * subjects {@code <prefix>.pod.…}).
 */
public sealed interface EventScope permits EventScope.Territory, EventScope.Pod {

    /** The subject token: the lower-case territory code, or {@code pod}. */
    String token();

    /** The envelope's {@code territory} and the meters' label: the territory code ({@code DK}), or {@code pod}. */
    default String label() {
        return this instanceof Territory territory ? territory.code().value() : "pod";
    }

    /**
     * A territory's scope.
     *
     * @param code the territory
     * @return the scope
     */
    static EventScope territory(TerritoryCode code) {
        return new Territory(code);
    }

    /** The pod-wide scope. */
    static EventScope pod() {
        return Pod.INSTANCE;
    }

    /**
     * The scope named by a subject token or operator parameter ({@code dk}, {@code DK}, {@code pod}).
     *
     * @param token the token
     * @return the scope, empty when it names neither
     */
    static Optional<EventScope> parse(String token) {
        if ("pod".equalsIgnoreCase(token)) {
            return Optional.of(pod());
        }
        return TerritoryCode.parse(token).map(EventScope::territory);
    }

    /**
     * One territory.
     *
     * @param code the territory
     */
    record Territory(TerritoryCode code) implements EventScope {
        @Override
        public String token() {
            return code.value().toLowerCase(Locale.ROOT);
        }
    }

    /** The pod. */
    record Pod() implements EventScope {
        static final Pod INSTANCE = new Pod();

        @Override
        public String token() {
            return "pod";
        }
    }
}
