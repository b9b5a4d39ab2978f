package agora.auth.api;

import java.util.List;
import java.util.UUID;

/**
 * The events auth publishes (subjects {@code agora.<cc>.auth.<name>}), with ids and the fields
 * consumers need only: never an email address or a name, which are fetched from auth when needed.
 * Each record names its event; consumers declare the event type from {@link #SERVICE} and that name.
 */
public final class AuthEvents {
    /** The producing service. */
    public static final String SERVICE = "auth";

    private AuthEvents() {
    }

    /**
     * An account was created by redeeming an invitation.
     *
     * @param userId       the new account
     * @param invitationId the invitation redeemed
     * @param invitedBy    the inviter's account, or null for the operator's bootstrap invitation
     * @param roles        roles the invitation granted
     */
    public record UserRegistered(UUID userId, UUID invitationId, UUID invitedBy, List<String> roles) {
        /** The event name. */
        public static final String NAME = "user_registered";
    }

    /**
     * An account confirmed its email address.
     *
     * @param userId the account
     */
    public record EmailVerified(UUID userId) {
        /** The event name. */
        public static final String NAME = "email_verified";
    }

    /**
     * An account's sign-in address changed: the member confirmed the new one from a link sent to
     * it, so it is verified. The address itself is not in the event; services that show or keep it
     * fetch it from auth.
     *
     * @param userId the account
     */
    public record EmailChanged(UUID userId) {
        /** The event name. */
        public static final String NAME = "email_changed";
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
        /** The event name. */
        public static final String NAME = "session_revoked";
    }

    /**
     * A territory admin suspended an account.
     *
     * @param userId      the account
     * @param suspendedBy the admin
     */
    public record AccountSuspended(UUID userId, UUID suspendedBy) {
        /** The event name. */
        public static final String NAME = "account_suspended";
    }

    /**
     * A territory admin lifted a suspension.
     *
     * @param userId        the account
     * @param reactivatedBy the admin
     */
    public record AccountReactivated(UUID userId, UUID reactivatedBy) {
        /** The event name. */
        public static final String NAME = "account_reactivated";
    }

    /**
     * An account was deleted by its owner; every service erases what it holds about it.
     *
     * @param userId the account
     */
    public record AccountDeleted(UUID userId) {
        /** The event name. */
        public static final String NAME = "account_deleted";
    }
}
