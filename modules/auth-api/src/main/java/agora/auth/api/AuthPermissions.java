package agora.auth.api;

import java.util.List;

import agora.platform.contract.Permission;

/**
 * Permissions auth checks. Badges grant them (the authorization view answers), so a member earns
 * the right to invite rather than being given a role.
 */
public final class AuthPermissions {
    /** May create invitations within the per-member quota. Territory admins need no permission. */
    public static final Permission INVITE = new Permission("auth.invite");
    /** Every permission auth checks. */
    public static final List<Permission> ALL = List.of(INVITE);

    private AuthPermissions() {
    }
}
