package agora.user.api;

import java.util.UUID;

import agora.platform.contract.TerritoryCode;

/**
 * Whether members block each other, for services that must honour a block at request time (the
 * forum hides posts, chat refuses a direct message). In a pod the call stays in the process; a
 * service deployed alone makes it over the user service's internal listener. Services that keep
 * their own copy follow {@link UserEvents#BLOCKED} and {@link UserEvents#UNBLOCKED} instead.
 */
public interface BlockFacts {

    /**
     * Whether either member blocks the other: what decides whether they may see or reach each other.
     *
     * @param territory the territory both belong to
     * @param a         one member
     * @param b         the other
     * @return whether a blocks b or b blocks a
     */
    boolean eitherBlocks(TerritoryCode territory, UUID a, UUID b);

    /**
     * Whether one member blocks another (one direction only).
     *
     * @param territory the territory both belong to
     * @param blocker   the member who may have blocked
     * @param blocked   the member who may be blocked
     * @return whether blocker blocks blocked
     */
    boolean blocks(TerritoryCode territory, UUID blocker, UUID blocked);
}
