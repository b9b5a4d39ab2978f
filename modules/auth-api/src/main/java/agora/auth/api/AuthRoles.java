package agora.auth.api;

import java.util.Set;

/** The roles auth puts in access tokens ({@code roles} claim); others guard routes on them. */
public final class AuthRoles {
    /** Runs a territory: invites freely, suspends and reactivates accounts, sees the invitation tree. */
    public static final String TERRITORY_ADMIN = "territory-admin";
    /** Moderates the forum. */
    public static final String MODERATOR = "moderator";
    /** Every role an invitation may grant. */
    public static final Set<String> ALL = Set.of(TERRITORY_ADMIN, MODERATOR);

    private AuthRoles() {
    }
}
