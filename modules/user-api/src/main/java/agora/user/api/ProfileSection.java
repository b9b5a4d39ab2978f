package agora.user.api;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One section of a member's profile, as one service answers it: a heading and a short list. Checked
 * where it is made, so an answer that crosses the internal listener is checked again as it is read.
 *
 * @param kind  which privacy setting governs it
 * @param key   the section's name within its service, lower-case ({@code earned}, {@code posts}): the
 *              web UI finds its heading by {@code <service>.<key>} and falls back to {@code title}
 * @param title the heading in plain text, for clients without a translation of the key
 * @param items what the section lists, at most {@link #MAX_ITEMS}
 */
public record ProfileSection(ProfileSectionKind kind, String key, String title, List<ProfileItem> items) {
    /** The most sections one service answers for a profile. */
    public static final int MAX_SECTIONS = 8;
    /** The most items one section lists: a profile shows a summary, the service's own pages the rest. */
    public static final int MAX_ITEMS = 50;
    private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9-]{0,39}");
    private static final int MAX_TITLE = 100;

    /** Checks the key, title and items; copies the list. */
    public ProfileSection {
        if (kind == null) {
            throw new IllegalArgumentException("a profile section needs a kind");
        }
        if (key == null || !KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("not a profile section key: " + key);
        }
        if (title == null || title.isBlank() || title.length() > MAX_TITLE) {
            throw new IllegalArgumentException("a profile section's title is 1 to " + MAX_TITLE + " characters");
        }
        items = List.copyOf(items);
        if (items.size() > MAX_ITEMS) {
            throw new IllegalArgumentException("a profile section lists at most " + MAX_ITEMS + " items");
        }
    }

    /**
     * Checks one service's answer: at most {@link #MAX_SECTIONS}, keys unique.
     *
     * @param sections the answer
     * @return it, copied
     */
    public static List<ProfileSection> checked(List<ProfileSection> sections) {
        List<ProfileSection> copy = List.copyOf(sections);
        if (copy.size() > MAX_SECTIONS) {
            throw new IllegalArgumentException("a service answers at most " + MAX_SECTIONS + " profile sections");
        }
        Set<String> keys = new HashSet<>();
        for (ProfileSection section : copy) {
            if (!keys.add(section.key())) {
                throw new IllegalArgumentException("two profile sections are keyed " + section.key());
            }
        }
        return copy;
    }
}
