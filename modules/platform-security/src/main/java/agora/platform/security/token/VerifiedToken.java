package agora.platform.security.token;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * What a token says once its signature, header and issuer have been checked: the part of the
 * verdict that does not depend on the clock or on the request, and so can be remembered.
 */
record VerifiedToken(UUID userId, UUID sessionId, Set<String> roles, Set<String> audiences, Instant expiresAt,
                     Optional<Instant> notBefore, Optional<Instant> issuedAt, Set<String> amr,
                     Set<String> withheldRoles, Set<String> scopes) {
}
