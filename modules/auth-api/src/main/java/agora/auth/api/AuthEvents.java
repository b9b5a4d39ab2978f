package agora.auth.api;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import agora.platform.contract.EventType;

/**
 * The events auth publishes (subjects {@code agora.<cc>.auth.<name>}), with ids and the fields
 * consumers need only: never an email address, which is fetched from auth when needed, and of names
 * only the display name at registration (public anyway).
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
    /** {@code auth.suspension_ended}. */
    public static final EventType<SuspensionEnded> SUSPENSION_ENDED = type("suspension_ended", SuspensionEnded.class);
    /** {@code auth.account_deleted}. */
    public static final EventType<AccountDeleted> ACCOUNT_DELETED = type("account_deleted", AccountDeleted.class);
    /** {@code auth.role_granted}. */
    public static final EventType<RoleGranted> ROLE_GRANTED = type("role_granted", RoleGranted.class);
    /** {@code auth.role_revoked}. */
    public static final EventType<RoleRevoked> ROLE_REVOKED = type("role_revoked", RoleRevoked.class);
    /** Every event auth publishes. */
    public static final List<EventType<?>> ALL = List.of(USER_REGISTERED, EMAIL_VERIFIED, EMAIL_CHANGED,
            SESSION_REVOKED, ACCOUNT_SUSPENDED, ACCOUNT_REACTIVATED, SUSPENSION_ENDED, ACCOUNT_DELETED, ROLE_GRANTED,
            ROLE_REVOKED);
    /** The cause of a suspension a territory admin imposed. */
    public static final String CAUSE_MANUAL = "manual";
    /** The cause of a suspension a moderation decision imposed ({@code decisionId} names it). */
    public static final String CAUSE_MODERATION = "moderation";
    /** How a suspension ended: its term ran out. */
    public static final String ENDED_EXPIRED = "expired";
    /** How a suspension ended: it was lifted (reactivation by an admin, an upheld appeal). */
    public static final String ENDED_LIFTED = "lifted";

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
     * @param displayName  the name the member chose, public anyway (NFC, 1 to 60 characters, no
     *                     control or bidi-override characters, not an email address); absent from
     *                     events published before it was added
     */
    public record UserRegistered(UUID userId, UUID invitationId, Optional<UUID> invitedBy, List<String> roles,
                                 Optional<String> displayName) {
        /** Copies the roles, so the event cannot change after it is made; absent parts are empty. */
        public UserRegistered {
            invitedBy = invitedBy == null ? Optional.empty() : invitedBy;
            roles = roles == null ? List.of() : List.copyOf(roles);
            displayName = displayName == null ? Optional.empty() : displayName;
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
     * A suspension began: the account is suspended from {@code startsAt} until {@code until} (or until
     * lifted), whatever other suspensions it has. Published for every suspension, and again when an
     * admin changes the term of a manual one. The reason shown to the member is not in the event.
     *
     * @param userId       the account
     * @param suspendedBy  the admin, or the moderator who decided
     * @param suspensionId the suspension (absent from events published before terms existed)
     * @param cause        {@link #CAUSE_MANUAL} or {@link #CAUSE_MODERATION}
     * @param decisionId   the moderation decision, for that cause
     * @param startsAt     when it began
     * @param until        when it ends by itself; empty: until lifted
     */
    public record AccountSuspended(UUID userId, UUID suspendedBy, Optional<UUID> suspensionId, Optional<String> cause,
                                   Optional<UUID> decisionId, Optional<Instant> startsAt, Optional<Instant> until) {
        /** Absent parts are empty (events published before terms existed). */
        public AccountSuspended {
            suspensionId = suspensionId == null ? Optional.empty() : suspensionId;
            cause = cause == null ? Optional.empty() : cause;
            decisionId = decisionId == null ? Optional.empty() : decisionId;
            startsAt = startsAt == null ? Optional.empty() : startsAt;
            until = until == null ? Optional.empty() : until;
        }
    }

    /**
     * The account is active again: its last open suspension ended (lifted or run out). Carries that
     * suspension's term and cause.
     *
     * @param userId        the account
     * @param reactivatedBy who lifted the suspension; empty when its term ran out (always present in
     *                      events published before terms existed)
     * @param suspensionId  the suspension that ended last
     * @param cause         its cause, {@link #CAUSE_MANUAL} or {@link #CAUSE_MODERATION}
     * @param decisionId    its moderation decision, for that cause
     * @param startsAt      when it began
     * @param until         its term; empty when it had none
     * @param how           {@link #ENDED_EXPIRED} or {@link #ENDED_LIFTED}
     */
    public record AccountReactivated(UUID userId, Optional<UUID> reactivatedBy, Optional<UUID> suspensionId,
                                     Optional<String> cause, Optional<UUID> decisionId, Optional<Instant> startsAt,
                                     Optional<Instant> until, Optional<String> how) {
        /** Absent parts are empty (events published before terms existed). */
        public AccountReactivated {
            reactivatedBy = reactivatedBy == null ? Optional.empty() : reactivatedBy;
            suspensionId = suspensionId == null ? Optional.empty() : suspensionId;
            cause = cause == null ? Optional.empty() : cause;
            decisionId = decisionId == null ? Optional.empty() : decisionId;
            startsAt = startsAt == null ? Optional.empty() : startsAt;
            until = until == null ? Optional.empty() : until;
            how = how == null ? Optional.empty() : how;
        }
    }

    /**
     * One suspension ended (lifted or run out). When it was the last open one,
     * {@link AccountReactivated} follows in the same transaction; otherwise the account stays
     * suspended by the others.
     *
     * @param userId           the account
     * @param suspensionId     the suspension
     * @param cause            {@link #CAUSE_MANUAL} or {@link #CAUSE_MODERATION}
     * @param decisionId       the moderation decision, for that cause
     * @param startsAt         when it began
     * @param until            its term; empty when it had none
     * @param how              {@link #ENDED_EXPIRED} or {@link #ENDED_LIFTED}
     * @param endedBy          who lifted it; empty when its term ran out
     * @param accountSuspended whether another suspension keeps the account suspended
     */
    public record SuspensionEnded(UUID userId, UUID suspensionId, String cause, Optional<UUID> decisionId,
                                  Instant startsAt, Optional<Instant> until, String how, Optional<UUID> endedBy,
                                  boolean accountSuspended) {
        /** Absent parts are empty. */
        public SuspensionEnded {
            decisionId = decisionId == null ? Optional.empty() : decisionId;
            until = until == null ? Optional.empty() : until;
            endedBy = endedBy == null ? Optional.empty() : endedBy;
        }
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
