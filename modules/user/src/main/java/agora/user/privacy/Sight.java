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
    /** The viewer CTE: {@code viewer (id, member)}; parameters: the viewer's id, whether signed in. */
    public static final String VIEWER = "viewer AS (SELECT ?::uuid AS id, ?::boolean AS member)";
    /** No block between the viewer {@code v} and the member whose id is {@code %s}. */
    public static final String UNBLOCKED = "NOT EXISTS (SELECT 1 FROM user_blocks b WHERE (b.blocker_id = %1$s "
            + "AND b.blocked_id = v.id) OR (b.blocker_id = v.id AND b.blocked_id = %1$s))";
    /** Whether the viewer {@code v} sees profile {@code p}. */
    public static final String SEES = "(p.id = v.id OR ((p.visibility = 'territory' "
            + "OR (p.visibility = 'members' AND v.member) "
            + "OR EXISTS (SELECT 1 FROM user_follows vf WHERE vf.follower_id = v.id AND vf.followee_id = p.id)) "
            + "AND " + UNBLOCKED.formatted("p.id") + "))";

    private Sight() {
    }
}
