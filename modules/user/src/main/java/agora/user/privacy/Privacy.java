package agora.user.privacy;

/**
 * A member's privacy settings.
 *
 * @param visibility  who sees the profile
 * @param locked      whether follows need the member's approval
 * @param searchable  whether the profile appears in search
 * @param showBadges  whether others see the member's badges
 * @param showCourses whether others see the member's course completions
 */
public record Privacy(Visibility visibility, boolean locked, boolean searchable, boolean showBadges,
                      boolean showCourses) {
    /** What a new profile starts with: open, as a community of invited members expects. */
    public static final Privacy DEFAULT = new Privacy(Visibility.TERRITORY, false, true, true, true);

    /** The wire form of the visibility. */
    public String visibilityWire() {
        return visibility.wire();
    }
}
