package agora.platform.contract;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A permission a badge can grant and a route can require: {@code forum.create-topic}. Its first
 * segment names the service that checks it, which declares it as a constant in its {@code -api}
 * module, so granting and checking sides name the same value and a misspelt one does not compile.
 *
 * @param name dot-separated lower-case segments of letters, digits and hyphens, starting with a letter
 */
public record Permission(String name) {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)*");

    public Permission {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("permission names are dot-separated lower-case segments "
                    + "(letters, digits, hyphens): " + name);
        }
    }

    /**
     * Whether a text is a well-formed permission name (for data that arrives as text: events, caches).
     *
     * @param name the text
     * @return whether {@link #Permission(String)} would take it
     */
    public static boolean valid(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** The service that checks it: the first segment. */
    public String service() {
        int dot = name.indexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }

    @Override
    public String toString() {
        return name;
    }
}
