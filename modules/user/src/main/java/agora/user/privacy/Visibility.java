package agora.user.privacy;

import java.util.Locale;
import java.util.Optional;

/** Who may see a profile (and find it, and see it in lists). The member always sees their own. */
public enum Visibility {
    /** Everyone in the territory, signed in or not. */
    TERRITORY,
    /** Signed-in members of the territory. */
    MEMBERS,
    /** The member's approved followers. */
    FOLLOWERS;

    /** The stored and wire value. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The visibility of a wire value.
     *
     * @param wire the value
     * @return it, empty when it names none
     */
    public static Optional<Visibility> fromWire(String wire) {
        for (Visibility visibility : values()) {
            if (visibility.wire().equals(wire)) {
                return Optional.of(visibility);
            }
        }
        return Optional.empty();
    }
}
