package agora.auth;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * One suspension of an account, as stored: the account is suspended while any of its suspensions is
 * open ({@code endedAt} empty).
 *
 * @param id         the suspension
 * @param accountId  the account
 * @param cause      {@code manual} (a territory admin's) or {@code moderation} (a decision's)
 * @param decisionId the moderation decision, for that cause
 * @param reason     why, shown to the member
 * @param startsAt   when it began
 * @param endsAt     when it ends by itself; empty: until lifted
 * @param createdBy  the admin or moderator who decided
 * @param endedAt    when it stopped counting
 * @param endedHow   {@code expired} or {@code lifted}
 */
record Suspension(UUID id, UUID accountId, String cause, Optional<UUID> decisionId, Optional<String> reason,
                  Instant startsAt, Optional<Instant> endsAt, UUID createdBy, Optional<Instant> endedAt,
                  Optional<String> endedHow) {

    boolean open() {
        return endedAt.isEmpty();
    }
}
