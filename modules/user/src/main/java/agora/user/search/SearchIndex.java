package agora.user.search;

import java.util.UUID;

import io.helidon.dbclient.DbExecute;

/**
 * Keeps a profile's search words and the territory's vocabulary in step with its search column
 * (decision 130). Called by whatever writes or deletes a profile, in the same transaction.
 */
public final class SearchIndex {
    /** Takes the words in {@code gone} out of the vocabulary unless another profile uses them. */
    private static final String UNUSED_WORDS = "DELETE FROM user_search_vocabulary v USING gone g WHERE v.word = g.word "
            + "AND NOT EXISTS (SELECT 1 FROM user_search_words s WHERE s.word = g.word AND s.profile_id <> ?)";
    /*
     * One statement: the words the new text has, those it lost, the new ones added to the
     * vocabulary, and the lost ones taken out of it when no other profile uses them (every part
     * sees the table as it was before the statement, hence "another profile").
     */
    private static final String INDEX = "WITH w AS (SELECT DISTINCT x.word FROM "
            + "unnest(string_to_array(btrim(?), ' ')) AS x (word) WHERE x.word <> ''), "
            + "gone AS (DELETE FROM user_search_words s WHERE s.profile_id = ? "
            + "AND s.word NOT IN (SELECT word FROM w) RETURNING s.word), "
            + "added AS (INSERT INTO user_search_words (profile_id, word) SELECT ?, word FROM w "
            + "ON CONFLICT DO NOTHING RETURNING word), "
            + "known AS (INSERT INTO user_search_vocabulary (word) SELECT word FROM added ON CONFLICT DO NOTHING) "
            + UNUSED_WORDS;
    private static final String ADD = "WITH w AS (SELECT DISTINCT x.word FROM "
            + "unnest(string_to_array(btrim(?), ' ')) AS x (word) WHERE x.word <> ''), "
            + "added AS (INSERT INTO user_search_words (profile_id, word) SELECT ?, word FROM w "
            + "ON CONFLICT DO NOTHING RETURNING word) "
            + "INSERT INTO user_search_vocabulary (word) SELECT word FROM added ON CONFLICT DO NOTHING";
    /*
     * Planned for the profile at hand each time: a plan made once while the table was small (a
     * prepared statement's generic plan) reads every word of every profile to find one profile's.
     */
    private static final String CUSTOM_PLANS = "SELECT set_config('plan_cache_mode', 'force_custom_plan', true)";
    private static final String FORGET = "WITH gone AS (DELETE FROM user_search_words WHERE profile_id = ? "
            + "RETURNING word) " + UNUSED_WORDS;

    private SearchIndex() {
    }

    /**
     * Indexes a profile's search column ({@link SearchText#column}).
     *
     * @param db         the transaction that writes the profile
     * @param profile    the member
     * @param searchText the profile's new search column
     */
    public static void index(DbExecute db, UUID profile, String searchText) {
        planEachStatementAnew(db);
        db.dml(INDEX, searchText, profile, profile, profile);
    }

    /**
     * Indexes a new profile's search column: only inserts, each through a unique index, so no plan
     * to go wrong and nothing to take out (the replay makes thousands at a time).
     */
    public static void add(DbExecute db, UUID profile, String searchText) {
        db.dml(ADD, searchText, profile);
    }

    /**
     * Takes a profile out of the search before it is deleted; its words leave the vocabulary unless
     * another profile uses them.
     */
    public static void forget(DbExecute db, UUID profile) {
        planEachStatementAnew(db);
        db.dml(FORGET, profile, profile);
    }

    /**
     * For the rest of the transaction, plans each statement for its own parameters: a generic plan
     * PostgreSQL caches for a prepared statement, made while the words table was small or for any
     * word, reads every word (the search's statements and this index's alike).
     */
    static void planEachStatementAnew(DbExecute db) {
        db.get(CUSTOM_PLANS);
    }
}
