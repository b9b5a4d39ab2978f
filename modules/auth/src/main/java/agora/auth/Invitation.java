package agora.auth;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * An invitation: a token that lets up to {@code maxUses} people register before it expires.
 *
 * @param id        the invitation id
 * @param inviterId who created it; empty for the operator's bootstrap invitation
 * @param role      a role each account registered with it receives
 * @param note      the inviter's note (for themselves and the admins)
 * @param maxUses   how many accounts it may create
 * @param uses      how many it has created
 * @param expiresAt when it stops working
 * @param createdAt when it was created
 * @param revokedAt when its inviter or an admin withdrew it
 */
record Invitation(UUID id, Optional<UUID> inviterId, Optional<String> role, Optional<String> note, int maxUses, int uses,
                  Instant expiresAt, Instant createdAt, Optional<Instant> revokedAt) {

    /** Where an invitation stands at an instant. */
    enum State {
        OPEN, EXHAUSTED, EXPIRED, REVOKED;

        String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    State state(Instant now) {
        if (revokedAt.isPresent()) {
            return State.REVOKED;
        }
        if (!now.isBefore(expiresAt)) {
            return State.EXPIRED;
        }
        return uses >= maxUses ? State.EXHAUSTED : State.OPEN;
    }
}
