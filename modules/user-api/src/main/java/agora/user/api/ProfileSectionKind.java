package agora.user.api;

/**
 * Which privacy setting governs a {@link ProfileSection}: the user service shows a section to others
 * only when the member's setting of its kind allows it. The member always sees their own.
 */
public enum ProfileSectionKind {
    /** Badges the member holds: shown to others when the member shows badges ({@code showBadges}). */
    BADGES,
    /** Courses the member completed: shown when the member shows courses ({@code showCourses}). */
    COURSES,
    /**
     * What is public wherever it appears (how many posts the member wrote in the forum): shown to
     * everyone who may see the profile.
     */
    PUBLIC
}
