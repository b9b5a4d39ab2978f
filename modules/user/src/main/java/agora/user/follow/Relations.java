package agora.user.follow;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import agora.platform.contract.TerritoryCode;
import agora.platform.data.Database;
import agora.platform.data.Rows;

import io.helidon.dbclient.DbExecute;

/**
 * A member's follows, follow requests and blocks, whole, for their export: everyone they follow, who
 * follows them, the requests they sent and those waiting for them, and whom they blocked. Who
 * blocked <em>them</em> is not theirs to see (a block hides the blocker), so it is left out.
 */
public final class Relations {
    private static final String OTHERS = "SELECT r.%1$s AS id, p.handle, r.created_at FROM %2$s r "
            + "LEFT JOIN user_profiles p ON p.id = r.%1$s WHERE r.%3$s = ? ORDER BY r.created_at, r.%1$s";

    private final Database database;

    /** @param database the pod's database */
    public Relations(Database database) {
        this.database = database;
    }

    /**
     * One related member, as the export lists them.
     *
     * @param id     the other member
     * @param handle their handle now, if they have one
     * @param since  when the relation began
     */
    public record Other(UUID id, Optional<String> handle, Instant since) {
    }

    /**
     * All of a member's relations.
     *
     * @param following         whom they follow
     * @param followers         who follows them
     * @param requestsSent      follow requests they sent, not yet answered
     * @param requestsReceived  follow requests waiting for their answer
     * @param blocked           whom they blocked
     */
    public record Export(List<Other> following, List<Other> followers, List<Other> requestsSent,
                         List<Other> requestsReceived, List<Other> blocked) {
    }

    /**
     * The member's relations in their territory, read in one transaction.
     *
     * @param territory the member's territory
     * @param member    the member
     * @return their relations; all empty for a member this service does not know
     */
    public Export of(TerritoryCode territory, UUID member) {
        return database.inTerritory(territory, db -> new Export(
                others(db, "followee_id", "user_follows", "follower_id", member),
                others(db, "follower_id", "user_follows", "followee_id", member),
                others(db, "target_id", "user_follow_requests", "requester_id", member),
                others(db, "requester_id", "user_follow_requests", "target_id", member),
                others(db, "blocked_id", "user_blocks", "blocker_id", member)));
    }

    private static List<Other> others(DbExecute db, String other, String table, String self, UUID member) {
        return db.query(OTHERS.formatted(other, table, self), member)
                .map(row -> new Other(row.column("id").get(UUID.class), Rows.optionalString(row, "handle"),
                        Rows.instant(row, "created_at")))
                .toList();
    }
}
