package agora.user.privacy;

/**
 * The one rule of who sees whom, as SQL every read path shares (a profile, the lists, search), so
 * no path can forget a case. A query declares the viewer as {@link #VIEWER} (a CTE with two
 * parameters: the viewer's id and whether they are signed in), joins it as {@code v}, names the
 * profile {@code p}, and adds {@link #SEES}.
 *
 * <p>A profile is seen by its owner; by anyone else only when its visibility admits them
 * (everyone, signed-in members, approved followers) and no block stands between them in either
 * direction (decision 106).
 */
public final class Sight {
    /**
     * The viewer CTE: {@code viewer (id, member, hidden, followed)}; parameters: the viewer's id,
     * whether signed in. The members a block hides from the viewer (either direction) and those the
     * viewer follows are read once per statement, so checking a row costs an array lookup, not two
     * index probes (search looks at thousands of rows).
     */
    public static final String VIEWER = "viewer AS (SELECT v0.id, v0.member, "
            + "ARRAY(SELECT b.blocked_id FROM user_blocks b WHERE b.blocker_id = v0.id UNION ALL "
            + "SELECT b.blocker_id FROM user_blocks b WHERE b.blocked_id = v0.id) AS hidden, "
            + "ARRAY(SELECT f.followee_id FROM user_follows f WHERE f.follower_id = v0.id) AS followed "
            + "FROM (SELECT ?::uuid AS id, ?::boolean AS member) v0)";
    /** Whether the viewer {@code v} sees profile {@code p}. */
    public static final String SEES = "(p.id = v.id OR ((p.visibility = 'territory' "
            + "OR (p.visibility = 'members' AND v.member) OR p.id = ANY (v.followed)) "
            + "AND NOT p.id = ANY (v.hidden)))";

    private Sight() {
    }
}
