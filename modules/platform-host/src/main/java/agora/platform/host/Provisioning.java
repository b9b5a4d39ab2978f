package agora.platform.host;

import agora.platform.contract.TerritoryCode;

/**
 * Readies a territory in this process: the tables of every service it hosts, their territory-ready
 * hooks, then requests for it are served. The territory service calls it before it marks a new
 * territory active; the host calls it for every territory at start and for territories another
 * process created.
 */
@FunctionalInterface
public interface Provisioning {

    /**
     * Migrates every hosted service's tables into the territory's schema, runs their
     * {@link TerritoryHook}s, and marks the territory ready here. Idempotent.
     *
     * @param territory the territory
     * @throws RuntimeException when a migration or hook fails; the territory then stays not ready
     */
    void prepare(TerritoryCode territory);
}
