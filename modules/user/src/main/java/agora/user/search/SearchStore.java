package agora.user.search;

import java.util.List;
import java.util.UUID;

import agora.platform.data.Rows;
import agora.user.Viewer;
import agora.user.privacy.Sight;

import io.helidon.dbclient.DbExecute;

/**
 * The search query over {@code user_profiles.search_text}: word-prefix matches first, then fuzzy
 * ones ({@code <%}, pg_trgm's word similarity), best first; both conditions use the GIN trigram
 * index, and privacy (searchable, visibility, blocks both ways) is part of the same statement.
 */
final class SearchStore {
    /** The first page's position: above every real (rank, score, id). */
    static final Position START = new Position(2, "2", "ffffffff-ffff-ffff-ffff-ffffffffffff");

    /*
     * JIT compilation would cost more than the query saves: a broad query's estimate crosses the
     * JIT threshold, and compiling takes tens of milliseconds.
     */
    private static final String NO_JIT = "SELECT set_config('jit', 'off', true)";
    private static final String SEARCH = "WITH " + Sight.VIEWER + " SELECT id, display_name, handle, prefix_rank, "
            + "score::text AS score_text FROM (SELECT p.id, p.display_name, p.handle, "
            + "CASE WHEN p.search_text LIKE ? THEN 1 ELSE 0 END AS prefix_rank, "
            + "word_similarity(?, p.search_text) AS score "
            + "FROM user_profiles p, viewer v "
            + "WHERE p.searchable AND (p.search_text LIKE ? OR ? <% p.search_text) AND " + Sight.SEES + ") s "
            + "WHERE (prefix_rank, score, id) < (?::integer, ?::real, ?::uuid) "
            + "ORDER BY prefix_rank DESC, score DESC, id DESC LIMIT ?";

    private SearchStore() {
    }

    static List<Found> search(DbExecute db, Viewer viewer, String folded, Position after, int limit) {
        String prefix = "% " + folded + "%";
        db.get(NO_JIT);
        return db.query(SEARCH, viewer.id(), viewer.member(), prefix, folded, prefix, folded, after.rank(),
                        after.score(), after.id(), limit)
                .map(row -> new Found(row.column("id").get(UUID.class), row.column("display_name").get(String.class),
                        Rows.optionalString(row, "handle").orElse(null),
                        new Position(row.column("prefix_rank").get(Integer.class), row.column("score_text").get(String.class),
                                row.column("id").get(UUID.class).toString())))
                .toList();
    }

    /**
     * Where a result stands in the order.
     *
     * @param rank  1 for a word-prefix match, 0 for a fuzzy one
     * @param score the word similarity, as PostgreSQL wrote it (exact)
     * @param id    the member
     */
    record Position(int rank, String score, String id) {
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
