package agora.user.search;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import agora.platform.data.Rows;
import agora.user.Viewer;
import agora.user.privacy.Sight;

import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;

/**
 * The search over the profiles' words (decision 130), in two tiers: members whose words start with
 * the query (a phrase: every word but the last whole, the last as a prefix; newest first), then
 * members matching the nearest other spellings of the query, one spelling after another, best first.
 *
 * <p>Each phrase is looked up in two steps: the candidates, from the words' btree (one range per
 * word, intersected, newest first, a batch at a time), then those of them the viewer may see and
 * whose text holds the phrase in order, by primary key. The cost follows how many members carry
 * the words, never a planner's estimate of a text match. Spellings come from the territory's
 * vocabulary (each word some profile uses, once), nearest first by pg_trgm's similarity.
 */
final class SearchStore {
    /** The prefix tier. */
    static final int PREFIX = 1;
    /** The similarity tier. */
    static final int SIMILAR = 0;
    private static final String LAST_ID = "ffffffff-ffff-ffff-ffff-ffffffffffff";
    /** The first page's position: before the prefix tier. */
    static final Position START = new Position(2, "2", "", LAST_ID);
    /** How similar (pg_trgm's similarity of two words, 0 to 1) a spelling must be; pg_trgm's own default. */
    static final double SIMILARITY = 0.3;
    /** The words of a query that choose candidates and get other spellings; the rest only filter. */
    static final int WORDS = 4;
    /** Other spellings tried per word, nearest first. */
    static final int SPELLINGS_PER_WORD = 3;
    /** Spelled-differently phrases the similarity tier pages through. */
    static final int PHRASES = 5;
    private static final int LARGEST_BATCH = 2000;
    /** Above any folded character ({@link SearchText}: a-z, 0-9): the end of a prefix's range. */
    private static final String AFTER_PREFIX = "\u007f";

    private static final String WHOLE = "SELECT profile_id FROM user_search_words WHERE word = ? AND profile_id < ?::uuid";
    private static final String STARTING = "SELECT profile_id FROM user_search_words "
            + "WHERE word >= ? AND word < ? AND profile_id < ?::uuid";
    private static final String SEEN = "WITH " + Sight.VIEWER + " SELECT p.id, p.display_name, p.handle "
            + "FROM user_profiles p, viewer v WHERE p.id = ANY (string_to_array(?, ',')::uuid[]) AND p.searchable "
            + "AND p.search_text LIKE ? AND NOT (p.search_text LIKE ANY (string_to_array(?, ','))) AND "
            + Sight.SEES + " ORDER BY p.id DESC LIMIT ?";
    private static final String NEAREST = "SELECT q.i, n.word, similarity(n.word, q.w)::float8 AS score "
            + "FROM unnest(string_to_array(?, ' ')) WITH ORDINALITY AS q (w, i) CROSS JOIN LATERAL "
            + "(SELECT word FROM user_search_vocabulary ORDER BY word <-> q.w LIMIT " + (SPELLINGS_PER_WORD + 3)
            + ") n ORDER BY q.i, score DESC, n.word";

    private SearchStore() {
    }

    /**
     * Up to {@code limit} members after a position, prefix tier first.
     *
     * @param folded the query, folded by {@link SearchText#fold}
     */
    static List<Found> search(DbExecute db, Viewer viewer, String folded, Position after, int limit) {
        SearchIndex.planEachStatementAnew(db);
        List<Found> found = new ArrayList<>();
        List<String> before = new ArrayList<>();
        if (after.tier() >= PREFIX) {
            String from = after.tier() == PREFIX ? after.id() : LAST_ID;
            phrase(db, viewer, folded, before, from, limit, found, id -> new Position(PREFIX, "1", folded, id));
        }
        before.add(pattern(folded));
        if (found.size() >= limit) {
            return found;
        }
        Spelling resume = after.tier() == SIMILAR ? new Spelling(after.phrase(), Double.parseDouble(after.score()))
                : null;
        for (Spelling spelling : spellings(db, folded)) {
            if (found.size() >= limit) {
                break;
            }
            int order = resume == null ? 1 : Spelling.ORDER.compare(spelling, resume);
            if (order >= 0) {
                String score = Double.toString(spelling.score());
                phrase(db, viewer, spelling.phrase(), before, order == 0 ? after.id() : LAST_ID, limit, found,
                        id -> new Position(SIMILAR, score, spelling.phrase(), id));
            }
            before.add(pattern(spelling.phrase()));
        }
        return found;
    }

    /**
     * Adds to {@code found}, newest first and up to {@code limit} in all, the members before
     * {@code from} whose words hold the phrase and who match none of {@code excluded}.
     */
    private static void phrase(DbExecute db, Viewer viewer, String phrase, List<String> excluded, String from,
                               int limit, List<Found> found, Function<String, Position> position) {
        String[] words = phrase.split(" ");
        Set<String> whole = new LinkedHashSet<>();
        for (int i = 0; i < words.length - 1 && whole.size() < WORDS - 1; i++) {
            whole.add(words[i]);
        }
        String last = words[words.length - 1];
        StringBuilder sql = new StringBuilder();
        whole.forEach(word -> sql.append(WHOLE).append(" INTERSECT "));
        String candidates = "SELECT profile_id FROM (" + sql + STARTING + ") c ORDER BY profile_id DESC LIMIT ?";
        String pattern = pattern(phrase);
        String exclusions = String.join(",", excluded);
        int batch = 2 * limit + 8;
        String after = from;
        while (found.size() < limit) {
            List<Object> parameters = new ArrayList<>();
            for (String word : whole) {
                parameters.add(word);
                parameters.add(after);
            }
            parameters.addAll(List.of(last, last + AFTER_PREFIX, after, batch));
            List<String> ids = db.query(candidates, parameters.toArray())
                    .map(row -> row.column("profile_id").get(UUID.class).toString()).toList();
            if (ids.isEmpty()) {
                return;
            }
            db.query(SEEN, viewer.id(), viewer.member(), String.join(",", new LinkedHashSet<>(ids)), pattern,
                            exclusions, limit - found.size())
                    .forEach(row -> found.add(found(row, position.apply(id(row)))));
            if (ids.size() < batch) {
                return;
            }
            after = ids.getLast();
            batch = Math.min(2 * batch, LARGEST_BATCH);
        }
    }

    /**
     * The query spelled differently: for each of its first {@link #WORDS} words, the nearest words
     * of the vocabulary that are at least {@link #SIMILARITY} alike (the last word's own
     * continuations excepted: the prefix tier found those); every combination but the query
     * itself, scored by the mean similarity of its words, best first, at most {@link #PHRASES}.
     */
    static List<Spelling> spellings(DbExecute db, String folded) {
        String[] words = folded.split(" ");
        int considered = Math.min(words.length, WORDS);
        List<List<Spelling>> options = new ArrayList<>();
        for (int i = 0; i < considered; i++) {
            options.add(new ArrayList<>(List.of(new Spelling(words[i], 1))));
        }
        String asked = String.join(" ", Arrays.copyOf(words, considered));
        db.query(NEAREST, asked).forEach(row -> {
            int index = row.column("i").get(Long.class).intValue() - 1;
            String word = row.column("word").get(String.class);
            double score = row.column("score").get(Double.class);
            String typed = words[index];
            boolean continuation = index == words.length - 1 ? word.startsWith(typed) : word.equals(typed);
            List<Spelling> own = options.get(index);
            if (!continuation && score >= SIMILARITY && own.size() <= SPELLINGS_PER_WORD) {
                own.add(new Spelling(word, score));
            }
        });
        List<Spelling> phrases = new ArrayList<>(List.of(new Spelling("", 0)));
        for (List<Spelling> own : options) {
            List<Spelling> longer = new ArrayList<>();
            for (Spelling start : phrases) {
                for (Spelling word : own) {
                    longer.add(new Spelling(start.phrase().isEmpty() ? word.phrase() : start.phrase() + " " + word.phrase(),
                            start.score() + word.score()));
                }
            }
            phrases = longer;
        }
        String rest = considered < words.length
                ? " " + String.join(" ", Arrays.copyOfRange(words, considered, words.length)) : "";
        return phrases.stream()
                .map(spelling -> new Spelling(spelling.phrase() + rest, round(spelling.score() / considered)))
                .filter(spelling -> !spelling.phrase().equals(folded))
                .sorted(Spelling.ORDER)
                .limit(PHRASES)
                .toList();
    }

    /** Six decimals: the score travels in cursors as text and must compare equal when it comes back. */
    private static double round(double score) {
        return Double.parseDouble(String.format(Locale.ROOT, "%.6f", score));
    }

    private static String pattern(String phrase) {
        return "% " + phrase + "%";
    }

    private static String id(DbRow row) {
        return row.column("id").get(UUID.class).toString();
    }

    private static Found found(DbRow row, Position position) {
        return new Found(row.column("id").get(UUID.class), row.column("display_name").get(String.class),
                Rows.optionalString(row, "handle").orElse(null), position);
    }

    /**
     * The query spelled another way.
     *
     * @param phrase the folded words
     * @param score  how alike, 0 to 1 (1 for the query's own words)
     */
    record Spelling(String phrase, double score) {
        /** Best first; equally good ones by their words, so every page sees the same order. */
        static final Comparator<Spelling> ORDER = Comparator.comparingDouble(Spelling::score).reversed()
                .thenComparing(Spelling::phrase);
    }

    /**
     * Where a result stands in the order.
     *
     * @param tier   {@link #PREFIX} or {@link #SIMILAR} ({@link #START}'s 2 comes before both)
     * @param score  the spelling's score ({@link Spelling#score}); 1 in the prefix tier
     * @param phrase the spelling the member was found by (the query itself in the prefix tier)
     * @param id     the member
     */
    record Position(int tier, String score, String phrase, String id) {
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
