package agora.user.follow;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import agora.platform.data.Database;

import io.helidon.dbclient.DbExecute;

/** The table {@code user_blocks}, inside the caller's transaction. */
final class BlockStore {
    private static final String BLOCK = "INSERT INTO user_blocks (blocker_id, blocked_id, created_at) VALUES (?, ?, ?) "
            + "ON CONFLICT DO NOTHING";
    private static final String UNBLOCK = "DELETE FROM user_blocks WHERE blocker_id = ? AND blocked_id = ?";
    private static final String BLOCKS = "SELECT EXISTS (SELECT 1 FROM user_blocks WHERE blocker_id = ? "
            + "AND blocked_id = ?) AS present";
    private static final String EITHER = "SELECT EXISTS (SELECT 1 FROM user_blocks WHERE (blocker_id = ? "
            + "AND blocked_id = ?) OR (blocker_id = ? AND blocked_id = ?)) AS present";
    private static final String LIST = "SELECT p.id, p.display_name, p.handle, b.created_at "
            + "FROM user_blocks b JOIN user_profiles p ON p.id = b.blocked_id WHERE b.blocker_id = ? "
            + "AND (b.created_at, b.blocked_id) < (?::timestamptz, ?::uuid) "
            + "ORDER BY b.created_at DESC, b.blocked_id DESC LIMIT ?";

    private BlockStore() {
    }

    /** Adds a block; returns whether it is new. */
    static boolean block(DbExecute db, UUID blocker, UUID blocked, Instant now) {
        return db.dml(BLOCK, blocker, blocked, Database.timestamp(now)) == 1;
    }

    /** Lifts a block; returns whether there was one. */
    static boolean unblock(DbExecute db, UUID blocker, UUID blocked) {
        return db.dml(UNBLOCK, blocker, blocked) == 1;
    }

    static boolean blocks(DbExecute db, UUID blocker, UUID blocked) {
        return db.get(BLOCKS, blocker, blocked).map(row -> row.column("present").get(Boolean.class)).orElse(false);
    }

    static boolean either(DbExecute db, UUID a, UUID b) {
        return db.get(EITHER, a, b, b, a).map(row -> row.column("present").get(Boolean.class)).orElse(false);
    }

    static List<MemberItem> list(DbExecute db, UUID blocker, Object[] after, int limit) {
        return db.query(LIST, blocker, after[0], after[1], limit).map(FollowStore::item).toList();
    }
}
