package agora.user.search;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import agora.platform.data.Rows;
import agora.user.Viewer;
import agora.user.privacy.Sight;

import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;

/**
 * The search over {@code user_profiles.search_text}, in two tiers: members with a word starting
 * with the query (newest first), then members whose words are merely similar (pg_trgm word
 * similarity, {@code <%}, best first). Both use the GIN trigram index; privacy (searchable,
 * visibility, blocks both ways) is part of each statement. The prefix tier needs no similarity
 * score, so a query that many names start with ("jensen") costs a string match per candidate and
 * stops at the page's size; the similarity tier runs only when the prefix tier leaves the page short,
 * and pages through the {@link #SIMILAR_LIMIT} nearest members the GiST index finds.
 */
final class SearchStore {
    /** The prefix tier. */
    static final int PREFIX = 1;
    /** The similarity tier. */
    static final int SIMILAR = 0;
    /** The first page's position: before the prefix tier. */
    static final Position START = new Position(2, "2", "ffffffff-ffff-ffff-ffff-ffffffffffff");

    /*
     * JIT compilation would cost more than the query saves: a broad query's estimate crosses the
     * JIT threshold, and compiling takes tens of milliseconds.
     */
    private static final String NO_JIT = "SELECT set_config('jit', 'off', true)";
    private static final String BY_PREFIX = "WITH " + Sight.VIEWER + " SELECT p.id, p.display_name, p.handle "
            + "FROM user_profiles p, viewer v WHERE p.searchable AND p.search_text LIKE ? AND p.id < ?::uuid AND "
            + Sight.SEES + " ORDER BY p.id DESC LIMIT ?";
    /**
     * How many of the most similar members the similarity tier pages through. A misspelt common
     * surname is equally similar to thousands of members; ordering them all by (score, id) for an
     * exact cursor means scoring and sorting them all (36–200 ms in 100,000 profiles), while the
     * GiST index hands out the nearest ones first and stops (5 ms). Which of many equally similar
     * members make the cut is the index's choice.
     */
    static final int SIMILAR_LIMIT = 200;
    private static final String BY_SIMILARITY = "WITH " + Sight.VIEWER + " SELECT id, display_name, handle, "
            + "score::text AS score_text FROM (SELECT p.id, p.display_name, p.handle, "
            + "word_similarity(?, p.search_text) AS score FROM user_profiles p, viewer v "
            + "WHERE p.searchable AND ? <% p.search_text AND p.search_text NOT LIKE ? AND " + Sight.SEES
            + " ORDER BY ? <<-> p.search_text LIMIT " + SIMILAR_LIMIT + ") s "
            + "WHERE (score, id) < (?::real, ?::uuid) ORDER BY score DESC, id DESC LIMIT ?";

    private SearchStore() {
    }

    /**
     * Up to {@code limit} members after a position, prefix tier first.
     *
     * @param folded the query, folded by {@link SearchText#fold}
     */
    static List<Found> search(DbExecute db, Viewer viewer, String folded, Position after, int limit) {
        String prefix = "% " + folded + "%";
        db.get(NO_JIT);
        List<Found> found = new ArrayList<>();
        if (after.tier() >= PREFIX) {
            String from = after.tier() == PREFIX ? after.id() : START.id();
            db.query(BY_PREFIX, viewer.id(), viewer.member(), prefix, from, limit)
                    .forEach(row -> found.add(found(row, new Position(PREFIX, "1", id(row)))));
        }
        if (found.size() < limit) {
            Position from = after.tier() == SIMILAR ? after : START;
            db.query(BY_SIMILARITY, viewer.id(), viewer.member(), folded, folded, prefix, folded, from.score(),
                            from.id(), limit - found.size())
                    .forEach(row -> found.add(found(row, new Position(SIMILAR,
                            row.column("score_text").get(String.class), id(row)))));
        }
        return found;
    }

    private static String id(DbRow row) {
        return row.column("id").get(UUID.class).toString();
    }

    private static Found found(DbRow row, Position position) {
        return new Found(row.column("id").get(UUID.class), row.column("display_name").get(String.class),
                Rows.optionalString(row, "handle").orElse(null), position);
    }

    /**
     * Where a result stands in the order.
     *
     * @param tier  {@link #PREFIX} or {@link #SIMILAR} ({@link #START}'s 2 comes before both)
     * @param score the word similarity as PostgreSQL wrote it (exact); 1 in the prefix tier
     * @param id    the member
     */
    record Position(int tier, String score, String id) {
    }

    /**
     * One result.
     *
     * @param id          the member
     * @param displayName the name
     * @param handle      the handle, or null
     * @param position    its place in the order
     */
    record Found(UUID id, String displayName, String handle, Position position) {
    }
}
