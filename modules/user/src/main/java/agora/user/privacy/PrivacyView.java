package agora.user.privacy;

/**
 * Privacy settings on the wire ({@code PUT /api/users/me/privacy} and the member's own profile).
 *
 * @param visibility  {@code territory}, {@code members} or {@code followers}
 * @param locked      whether follows need approval
 * @param searchable  whether the profile appears in search
 * @param showBadges  whether others see badges
 * @param showCourses whether others see course completions
 */
public record PrivacyView(String visibility, boolean locked, boolean searchable, boolean showBadges,
                          boolean showCourses) {

    /** The wire form of settings. */
    public static PrivacyView of(Privacy privacy) {
        return new PrivacyView(privacy.visibility().wire(), privacy.locked(), privacy.searchable(),
                privacy.showBadges(), privacy.showCourses());
    }
}
