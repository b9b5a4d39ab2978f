package agora.platform.web.paging;

import java.util.List;
import java.util.Optional;

/**
 * What a client asked of a list: at most {@code limit} items after a position.
 *
 * @param list  the list's scope (its name, route and territory), bound into its cursors so one
 *              list's cursor cannot page another
 * @param limit how many items, 1 to {@link #MAX_LIMIT}
 * @param after the keyset position to continue after; empty for the first page
 */
public record PageRequest(String list, int limit, Optional<List<String>> after) {
    /** Largest page a client may ask for. */
    public static final int MAX_LIMIT = 100;
    /** Page size when the client names none. */
    public static final int DEFAULT_LIMIT = 20;

    public PageRequest {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit out of range: " + limit);
        }
        after = after.map(List::copyOf);
    }

    /** How many rows to fetch: one more than the limit tells whether a next page exists. */
    public int fetchSize() {
        return limit + 1;
    }
}
