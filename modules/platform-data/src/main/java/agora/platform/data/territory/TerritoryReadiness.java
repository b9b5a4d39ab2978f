package agora.platform.data.territory;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import agora.platform.contract.TerritoryCode;

/**
 * Which territories this process has migrated its own tables for. A territory can be active in
 * the registry before a service deployed on its own has heard of it and migrated; until then that
 * service answers 503 for it.
 */
public final class TerritoryReadiness {
    private final Set<TerritoryCode> ready = ConcurrentHashMap.newKeySet();

    /**
     * Records that this process's tables exist in a territory.
     *
     * @param territory the territory
     */
    public void markReady(TerritoryCode territory) {
        ready.add(territory);
    }

    /**
     * Forgets a territory (its tables must be migrated again before it is served).
     *
     * @param territory the territory
     */
    public void forget(TerritoryCode territory) {
        ready.remove(territory);
    }

    /**
     * Whether this process's tables exist in a territory.
     *
     * @param territory the territory
     * @return whether it is ready
     */
    public boolean isReady(TerritoryCode territory) {
        return ready.contains(territory);
    }
}
