package agora.platform.host;

import agora.platform.contract.TerritoryCode;

/**
 * A service's per-territory set-up (signing keys, default profiles, seeded badges, the Code of
 * Conduct course …), run after the territory's tables are migrated: when a territory is created while
 * the process runs, and again for every territory at each start. It must therefore be idempotent:
 * create what is missing, change nothing that exists.
 */
@FunctionalInterface
public interface TerritoryHook {

    /**
     * Sets up one territory.
     *
     * @param territory the territory, whose tables now exist
     */
    void ready(TerritoryCode territory);
}
