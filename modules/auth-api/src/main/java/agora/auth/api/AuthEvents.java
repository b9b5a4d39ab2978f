package agora.auth.api;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import agora.platform.contract.EventType;

/**
 * The events auth publishes (subjects {@code agora.<cc>.auth.<name>}), with ids and the fields
 * consumers need only: never an email address or a name, which are fetched from auth when needed.
 * Producer and consumers name each event by its typed constant ({@link #USER_REGISTERED} …), so a
 * misspelt event does not compile and the host can refuse a subscription to an undeclared one.
 */
public final class AuthEvents {
    /** The producing service. */
    public static final String SERVICE = "auth";

    /** {@code auth.user_registered}. */
    public static final EventType<UserRegistered> USER_REGISTERED = type("user_registered", UserRegistered.class);
    /** {@code auth.email_verified}. */
    public static final EventType<EmailVerified> EMAIL_VERIFIED = type("email_verified", EmailVerified.class);
    /** {@code auth.email_changed}. */
    public static final EventType<EmailChanged> EMAIL_CHANGED = type("email_changed", EmailChanged.class);
    /** {@code auth.session_revoked}. */
    public static final EventType<SessionRevoked> SESSION_REVOKED = type("session_revoked", SessionRevoked.class);
    /** {@code auth.account_suspended}. */
    public static final EventType<AccountSuspended> ACCOUNT_SUSPENDED =
            type("account_suspended", AccountSuspended.class);
    /** {@code auth.account_reactivated}. */
    public static final EventType<AccountReactivated> ACCOUNT_REACTIVATED =
            type("account_reactivated", AccountReactivated.class);
    /** {@code auth.account_deleted}. */
    public static final EventType<AccountDeleted> ACCOUNT_DELETED = type("account_deleted", AccountDeleted.class);
    /** {@code auth.role_granted}. */
    public static final EventType<RoleGranted> ROLE_GRANTED = type("role_granted", RoleGranted.class);
    /** {@code auth.role_revoked}. */
    public static final EventType<RoleRevoked> ROLE_REVOKED = type("role_revoked", RoleRevoked.class);
    /** Every event auth publishes. */
    public static final List<EventType<?>> ALL = List.of(USER_REGISTERED, EMAIL_VERIFIED, EMAIL_CHANGED,
            SESSION_REVOKED, ACCOUNT_SUSPENDED, ACCOUNT_REACTIVATED, ACCOUNT_DELETED, ROLE_GRANTED, ROLE_REVOKED);

    private AuthEvents() {
    }

    private static <T> EventType<T> type(String name, Class<T> payload) {
        return new EventType<>(SERVICE, name, payload);
    }

    /**
     * An account was created by redeeming an invitation.
     *
     * @param userId       the new account
     * @param invitationId the invitation redeemed
     * @param invitedBy    the inviter's account; empty for the operator's bootstrap invitation
     * @param roles        roles the invitation granted
     */
    public record UserRegistered(UUID userId, UUID invitationId, Optional<UUID> invitedBy, List<String> roles) {
        /** Copies the roles, so the event cannot change after it is made. */
        public UserRegistered {
            invitedBy = java.util.Objects.requireNonNull(invitedBy, "invitedBy");
            roles = List.copyOf(roles);
        }
    }

    /**
     * An account confirmed its email address.
     *
     * @param userId the account
     */
    public record EmailVerified(UUID userId) {
    }

    /**
     * An account's sign-in address changed: the member confirmed the new one from a link sent to
     * it, so it is verified. The address itself is not in the event; services that show or keep it
     * fetch it from auth.
     *
     * @param userId the account
     */
    public record EmailChanged(UUID userId) {
    }

    /**
     * A session ended before its time: logout, revocation, refresh-token reuse, suspension or deletion.
     * Its access tokens are refused from then on.
     *
     * @param userId    the account
     * @param sessionId the session ({@code sid} of its tokens)
     * @param reason    {@code logout}, {@code logout-all}, {@code revoked}, {@code refresh-reuse},
     *                  {@code suspended}, {@code deleted}, {@code password-reset} (every session) or
     *                  {@code password-changed} (every session but the one that changed it)
     */
    public record SessionRevoked(UUID userId, UUID sessionId, String reason) {
    }

    /**
     * A territory admin suspended an account.
     *
     * @param userId      the account
     * @param suspendedBy the admin
     */
    public record AccountSuspended(UUID userId, UUID suspendedBy) {
    }

    /**
     * A territory admin lifted a suspension.
     *
     * @param userId        the account
     * @param reactivatedBy the admin
     */
    public record AccountReactivated(UUID userId, UUID reactivatedBy) {
    }

    /**
     * An account was deleted by its owner; every service erases what it holds about it.
     *
     * @param userId the account
     */
    public record AccountDeleted(UUID userId) {
    }

    /**
     * A territory admin gave an account a role ({@link AuthRoles}); it counts at every role guard
     * from the next request.
     *
     * @param userId    the account
     * @param role      the role granted
     * @param grantedBy the admin
     */
    public record RoleGranted(UUID userId, String role, UUID grantedBy) {
    }

    /**
     * A territory admin took a role from an account; refused at every role guard from the next request.
     *
     * @param userId    the account
     * @param role      the role withdrawn
     * @param revokedBy the admin
     */
    public record RoleRevoked(UUID userId, String role, UUID revokedBy) {
    }
}
