package agora.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * One login: the refresh-token family its tokens rotate through.
 *
 * @param id            the session id (the access tokens' {@code sid})
 * @param accountId     the account
 * @param createdAt     when the login happened
 * @param lastUsedAt    the last login or refresh
 * @param expiresAt     the absolute end, however active
 * @param cookieMode    whether the refresh token travels as a cookie (then CSRF-checked)
 * @param csrfHash      the CSRF token's hash in cookie mode
 * @param userAgent     the browser or program that logged in, for the sessions list
 * @param clientAddress the address it logged in from
 * @param revokedAt     when it was ended early
 * @param revokedReason why
 * @param amr           how it signed in (RFC 8176): {@code [pwd]} or {@code [pwd, otp]}; its tokens carry it
 * @param secondFactor  which second factor it signed in with: {@code totp} or {@code recovery-code}
 * @param scope         {@code appeal} for a restricted session (opened while the account was
 *                      suspended; its tokens carry the scope until it ends); empty for full access
 */
record Session(UUID id, UUID accountId, Instant createdAt, Instant lastUsedAt, Instant expiresAt, boolean cookieMode,
               Optional<byte[]> csrfHash, Optional<String> userAgent, Optional<String> clientAddress,
               Optional<Instant> revokedAt, Optional<String> revokedReason, List<String> amr,
               Optional<String> secondFactor, Optional<String> scope) {

    Session {
        amr = List.copyOf(amr);
    }

    /** Whether the session is restricted to the routes that admit restricted sessions. */
    boolean restricted() {
        return scope.isPresent();
    }

    /** Whether the session may still refresh at {@code now}: not revoked, not past either limit. */
    boolean usable(Instant now, Duration idleTimeout) {
        return revokedAt.isEmpty() && now.isBefore(expiresAt) && now.isBefore(lastUsedAt.plus(idleTimeout));
    }
}
