package agora.platform.web.paging;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * One page of a list, as every list in the API returns it: {@code {"items": [...], "next": ...}},
 * where {@code next} is the cursor of the following page, or {@code null} on the last one.
 *
 * @param items the items of this page
 * @param next  cursor for the next page, empty on the last page
 * @param <T>   item type
 */
public record Page<T>(List<T> items, Optional<String> next) {

    public Page {
        items = List.copyOf(items);
    }

    /**
     * A page from rows fetched with {@code limit + 1}: the extra row only says that a next page
     * exists; the cursor points after the last row that is returned.
     *
     * @param rows     up to {@code request.limit() + 1} rows, in list order
     * @param request  the page request
     * @param cursors  the cursor codec
     * @param position the keyset position of a row (e.g. its sort key and id)
     * @param <T>      item type
     * @return the page
     */
    public static <T> Page<T> of(List<T> rows, PageRequest request, Cursors cursors, Function<T, List<String>> position) {
        if (rows.size() <= request.limit()) {
            return new Page<>(rows, Optional.empty());
        }
        List<T> items = rows.subList(0, request.limit());
        String next = cursors.encode(request.list(), position.apply(items.getLast()));
        return new Page<>(items, Optional.of(next));
    }

    /**
     * The same page with its items converted (rows to response records, say).
     *
     * @param mapper item conversion
     * @param <R>    the new item type
     * @return the converted page
     */
    public <R> Page<R> map(Function<T, R> mapper) {
        return new Page<>(items.stream().map(mapper).toList(), next);
    }
}
