package agora.auth.api;

/**
 * Permissions auth checks. Badges grant them (the authorization view answers), so a member earns
 * the right to invite rather than being given a role.
 */
public final class AuthPermissions {
    /** May create invitations within the per-member quota. Territory admins need no permission. */
    public static final String INVITE = "auth.invite";

    private AuthPermissions() {
    }
}
