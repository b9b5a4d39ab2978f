package agora.user.api;

import java.time.Instant;
import java.util.Optional;

/**
 * One line of a {@link ProfileSection}: a badge, a completed course, a count.
 *
 * @param label what it is, in plain text (a badge's name, "Posts")
 * @param link  where it leads: a path of the pod ({@code /badges/code-of-conduct}) or an
 *              {@code https} address, never anything a browser would run
 * @param count a number to show beside the label ({@code 42} posts)
 * @param date  when it happened (earned, completed)
 */
public record ProfileItem(String label, Optional<String> link, Optional<Long> count, Optional<Instant> date) {
    private static final int MAX_LABEL = 200;
    private static final int MAX_LINK = 500;

    /** Checks the label and the link; an absent optional read from JSON counts as empty. */
    public ProfileItem {
        if (label == null || label.isBlank() || label.length() > MAX_LABEL) {
            throw new IllegalArgumentException("a profile item's label is 1 to " + MAX_LABEL + " characters");
        }
        link = link == null ? Optional.empty() : link;
        count = count == null ? Optional.empty() : count;
        date = date == null ? Optional.empty() : date;
        link.ifPresent(ProfileItem::checkLink);
    }

    /**
     * An item with a label alone.
     *
     * @param label what it is
     * @return the item
     */
    public static ProfileItem of(String label) {
        return new ProfileItem(label, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /**
     * A count ("Posts: 42").
     *
     * @param label what is counted
     * @param count how many
     * @return the item
     */
    public static ProfileItem count(String label, long count) {
        return new ProfileItem(label, Optional.empty(), Optional.of(count), Optional.empty());
    }

    /**
     * The same item leading to {@code link}.
     *
     * @param link a path of the pod or an {@code https} address
     * @return the item
     */
    public ProfileItem linked(String link) {
        return new ProfileItem(label, Optional.of(link), count, date);
    }

    /**
     * The same item dated.
     *
     * @param when when it happened
     * @return the item
     */
    public ProfileItem dated(Instant when) {
        return new ProfileItem(label, link, count, Optional.of(when));
    }

    private static void checkLink(String link) {
        boolean local = link.startsWith("/") && !link.startsWith("//");
        if (link.length() > MAX_LINK || !(local || link.startsWith("https://"))
                || link.chars().anyMatch(c -> c <= ' ' || c == '\\')) {
            throw new IllegalArgumentException("a profile item links to a path of the pod or an https address, not "
                    + link);
        }
    }
}
