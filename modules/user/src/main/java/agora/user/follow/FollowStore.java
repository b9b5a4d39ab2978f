package agora.user.follow;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import agora.platform.data.Database;
import agora.platform.data.Rows;
import agora.user.Viewer;
import agora.user.privacy.Sight;

import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;

/** The tables {@code user_follows} and {@code user_follow_requests}, inside the caller's transaction. */
public final class FollowStore {
    /** The first page's position: after every real one in the lists' newest-first order. */
    static final Object[] START = {"infinity", "ffffffff-ffff-ffff-ffff-ffffffffffff"};

    private static final String FOLLOWS = "SELECT EXISTS (SELECT 1 FROM user_follows WHERE follower_id = ? "
            + "AND followee_id = ?) AS present";
    private static final String FOLLOW = "INSERT INTO user_follows (follower_id, followee_id, created_at) "
            + "VALUES (?, ?, ?) ON CONFLICT DO NOTHING";
    private static final String REQUEST = "INSERT INTO user_follow_requests (requester_id, target_id, created_at) "
            + "VALUES (?, ?, ?) ON CONFLICT DO NOTHING";
    private static final String UNFOLLOW = "DELETE FROM user_follows WHERE follower_id = ? AND followee_id = ?";
    private static final String WITHDRAW = "DELETE FROM user_follow_requests WHERE requester_id = ? AND target_id = ?";
    private static final String APPROVE_ALL = "WITH approved AS (DELETE FROM user_follow_requests WHERE target_id = ? "
            + "RETURNING requester_id) INSERT INTO user_follows (follower_id, followee_id, created_at) "
            + "SELECT requester_id, ?, ? FROM approved ON CONFLICT DO NOTHING";
    private static final String BETWEEN = "DELETE FROM user_follows WHERE (follower_id = ? AND followee_id = ?) "
            + "OR (follower_id = ? AND followee_id = ?)";
    private static final String REQUESTS_BETWEEN = "DELETE FROM user_follow_requests WHERE (requester_id = ? "
            + "AND target_id = ?) OR (requester_id = ? AND target_id = ?)";
    private static final String SEEN_LIST = "WITH " + Sight.VIEWER + " SELECT p.id, p.display_name, p.handle, "
            + "f.created_at FROM user_follows f JOIN user_profiles p ON p.id = f.%1$s, viewer v "
            + "WHERE f.%2$s = ? AND " + Sight.SEES + " AND (f.created_at, f.%1$s) < (?::timestamptz, ?::uuid) "
            + "ORDER BY f.created_at DESC, f.%1$s DESC LIMIT ?";
    private static final String FOLLOWERS = SEEN_LIST.formatted("follower_id", "followee_id");
    private static final String FOLLOWING = SEEN_LIST.formatted("followee_id", "follower_id");
    private static final String REQUESTS = "SELECT p.id, p.display_name, p.handle, r.created_at "
            + "FROM user_follow_requests r JOIN user_profiles p ON p.id = r.requester_id WHERE r.target_id = ? "
            + "AND (r.created_at, r.requester_id) < (?::timestamptz, ?::uuid) "
            + "ORDER BY r.created_at DESC, r.requester_id DESC LIMIT ?";

    private FollowStore() {
    }

    static boolean follows(DbExecute db, UUID follower, UUID followee) {
        return db.get(FOLLOWS, follower, followee).map(row -> row.column("present").get(Boolean.class)).orElse(false);
    }

    static void follow(DbExecute db, UUID follower, UUID followee, Instant now) {
        db.dml(FOLLOW, follower, followee, Database.timestamp(now));
    }

    static void request(DbExecute db, UUID requester, UUID target, Instant now) {
        db.dml(REQUEST, requester, target, Database.timestamp(now));
    }

    static void unfollow(DbExecute db, UUID follower, UUID followee) {
        db.dml(UNFOLLOW, follower, followee);
        db.dml(WITHDRAW, follower, followee);
    }

    /** Removes a pending request; returns whether there was one. */
    static boolean withdraw(DbExecute db, UUID requester, UUID target) {
        return db.dml(WITHDRAW, requester, target) == 1;
    }

    /**
     * Turns every request waiting on the member into a follow (the account was unlocked).
     *
     * @param db     the transaction
     * @param target the member
     * @param now    when
     */
    public static void approveAll(DbExecute db, UUID target, Instant now) {
        db.dml(APPROVE_ALL, target, target, Database.timestamp(now));
    }

    /** Removes follows and requests both ways between two members (a block). */
    static void sever(DbExecute db, UUID a, UUID b) {
        db.dml(BETWEEN, a, b, b, a);
        db.dml(REQUESTS_BETWEEN, a, b, b, a);
    }

    /** The member's followers the viewer may see, newest first, after a position. */
    static List<MemberItem> followers(DbExecute db, Viewer viewer, UUID member, Object[] after, int limit) {
        return db.query(FOLLOWERS, viewer.id(), viewer.member(), member, after[0], after[1], limit)
                .map(FollowStore::item).toList();
    }

    /** Whom the member follows, as far as the viewer may see them, newest first, after a position. */
    static List<MemberItem> following(DbExecute db, Viewer viewer, UUID member, Object[] after, int limit) {
        return db.query(FOLLOWING, viewer.id(), viewer.member(), member, after[0], after[1], limit)
                .map(FollowStore::item).toList();
    }

    /** Requests waiting on the member, newest first. */
    static List<MemberItem> requests(DbExecute db, UUID member, Object[] after, int limit) {
        return db.query(REQUESTS, member, after[0], after[1], limit).map(FollowStore::item).toList();
    }

    static MemberItem item(DbRow row) {
        return new MemberItem(row.column("id").get(UUID.class), row.column("display_name").get(String.class),
                Rows.optionalString(row, "handle"), Rows.instant(row, "created_at"));
    }
}
