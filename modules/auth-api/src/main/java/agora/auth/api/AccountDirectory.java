package agora.auth.api;

import java.util.List;
import java.util.UUID;

import agora.platform.contract.TerritoryCode;

/**
 * The accounts of a territory as others may know them: id and display name, nothing private. The
 * user service reads it to give a profile to members who registered before it ran (its
 * territory-ready replay) and to a member whose {@code auth.user_registered} has not reached it yet.
 * Deleted accounts are never listed.
 */
public interface AccountDirectory {
    /** The largest page {@link #page} answers. */
    int MAX_PAGE = 1000;
    /** The id before every other: {@link #page}'s start. */
    UUID FIRST = new UUID(0, 0);

    /**
     * A page of the territory's accounts that are not deleted, in id order.
     *
     * @param territory the territory
     * @param after     the last id of the previous page, {@link #FIRST} for the first page
     * @param limit     at most this many (1 to {@link #MAX_PAGE}; larger is cut to it)
     * @return the accounts after {@code after}; fewer than {@code limit} on the last page
     */
    List<PublicAccount> page(TerritoryCode territory, UUID after, int limit);

    /**
     * The accounts among the ids that exist and are not deleted.
     *
     * @param territory the territory
     * @param ids       at most {@link #MAX_PAGE} ids
     * @return those found, in no particular order
     */
    List<PublicAccount> find(TerritoryCode territory, List<UUID> ids);

    /**
     * An account as others may know it.
     *
     * @param id          the account
     * @param displayName the name the member chose (public anyway)
     */
    record PublicAccount(UUID id, String displayName) {
    }
}
