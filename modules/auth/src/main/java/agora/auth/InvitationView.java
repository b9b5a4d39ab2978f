package agora.auth;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * An invitation as its inviter and the territory admins see it.
 *
 * @param id        the invitation
 * @param token     its token (absent in an {@code Idempotency-Key} replay: read the invitation for it)
 * @param state     {@code open}, {@code exhausted}, {@code expired} or {@code revoked}
 * @param maxUses   uses allowed
 * @param uses      uses taken
 * @param expiresAt expiry
 * @param createdAt creation
 * @param revokedAt withdrawal
 * @param role      the role it grants
 * @param note      the inviter's note
 * @param inviterId the inviter (absent for a bootstrap invitation)
 * @param usedBy    who registered with it, when (only when one invitation is read)
 */
record InvitationView(UUID id, Optional<String> token, String state, int maxUses, int uses, Instant expiresAt,
                      Instant createdAt, Optional<Instant> revokedAt, Optional<String> role, Optional<String> note,
                      Optional<UUID> inviterId, List<UseView> usedBy) {

    static InvitationView of(Invitation invitation, Optional<String> token, List<InvitationStore.Use> uses, Instant now) {
        return new InvitationView(invitation.id(), token, invitation.state(now).wire(), invitation.maxUses(),
                invitation.uses(), invitation.expiresAt(), invitation.createdAt(), invitation.revokedAt(),
                invitation.role(), invitation.note(), invitation.inviterId(),
                uses.stream().map(use -> new UseView(use.accountId(), use.usedAt())).toList());
    }

    /**
     * One registration with the invitation.
     *
     * @param accountId the account it created
     * @param usedAt    when
     */
    record UseView(UUID accountId, Instant usedAt) {
    }
}
