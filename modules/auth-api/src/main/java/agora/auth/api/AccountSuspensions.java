package agora.auth.api;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import agora.platform.contract.TerritoryCode;

/**
 * Suspensions a moderation decision imposes and an upheld appeal lifts, without an admin's token:
 * what the moderation service calls (in-process in a pod, over auth's internal listener when
 * deployed apart). Auth owns the account's status: an account is suspended while any of its
 * suspensions (manual ones of territory admins and those of decisions) is open, so lifting one
 * leaves the others standing. Each change is audited and published as
 * {@link AuthEvents#ACCOUNT_SUSPENDED}, {@link AuthEvents#SUSPENSION_ENDED} and
 * {@link AuthEvents#ACCOUNT_REACTIVATED}.
 */
public interface AccountSuspensions {

    /**
     * Suspends an account for a moderation decision, from now until {@code until} (or until lifted).
     * Idempotent per decision: a second call for the same decision changes nothing and answers the
     * suspension as it stands.
     *
     * @param territory the account's territory
     * @param order     the decision's suspension
     * @return the suspension; the call fails as a problem 404 {@code account-not-found} for an
     *         account auth does not know (or a deleted one), 409 {@code last-territory-admin} for
     *         the territory's last active territory admin (nothing is suspended: a territory keeps
     *         one admin; moderation asks a territory admin to make another member admin first), 422
     *         for an end not after now or a reason blank or longer than 500 characters
     */
    Suspended suspend(TerritoryCode territory, ModerationSuspension order);

    /**
     * Lifts the suspension of a decision (an upheld appeal). The account becomes active again
     * unless another suspension still stands.
     *
     * @param territory the account's territory
     * @param decision  the decision whose suspension ends
     * @param liftedBy  who lifted it (the moderator deciding the appeal)
     * @return what happened; {@code lifted} false when the decision had no open suspension
     */
    Lifted lift(TerritoryCode territory, UUID decision, UUID liftedBy);

    /**
     * A moderation decision's suspension.
     *
     * @param userId    the account
     * @param decisionId the decision (its id in the moderation service)
     * @param decidedBy the moderator who decided
     * @param until     when it ends by itself; empty: until lifted
     * @param reason    why, shown to the member (at most 500 characters)
     */
    record ModerationSuspension(UUID userId, UUID decisionId, UUID decidedBy, Optional<Instant> until,
                                String reason) {
        /** Checks that every part is there. */
        public ModerationSuspension {
            Objects.requireNonNull(userId, "userId");
            Objects.requireNonNull(decisionId, "decisionId");
            Objects.requireNonNull(decidedBy, "decidedBy");
            until = until == null ? Optional.empty() : until;
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * A suspension as it stands.
     *
     * @param suspensionId the suspension
     * @param userId       the account
     * @param startsAt     when it began
     * @param until        when it ends by itself; empty: until lifted
     * @param ended        whether it has ended already
     */
    record Suspended(UUID suspensionId, UUID userId, Instant startsAt, Optional<Instant> until, boolean ended) {
        /** Absent parts are empty. */
        public Suspended {
            until = until == null ? Optional.empty() : until;
        }
    }

    /**
     * What lifting did.
     *
     * @param lifted           whether a suspension of the decision was open and is now lifted
     * @param accountSuspended whether the account is still suspended (by another suspension)
     */
    record Lifted(boolean lifted, boolean accountSuspended) {
    }
}
