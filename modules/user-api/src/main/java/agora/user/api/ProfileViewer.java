package agora.user.api;

/** Who reads a profile, as a {@link ProfileSectionContribution} is told. */
public enum ProfileViewer {
    /** The member themselves. */
    OWNER,
    /** A signed-in member who follows them (approved). */
    FOLLOWER,
    /** Another signed-in member of the territory. */
    MEMBER,
    /** Someone not signed in (profiles open to the whole territory only). */
    ANONYMOUS
}
