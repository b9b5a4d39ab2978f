package agora.auth;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import agora.auth.api.AccountStatus;
import agora.auth.api.AuthRoles;

/**
 * An account as auth stores it. A deleted account keeps only its id, status and place in the
 * invitation tree: email, name and password hash are erased.
 *
 * @param id              the account id (the tokens' {@code sub})
 * @param email           the sign-in address, unique per territory ignoring case; empty once deleted
 * @param displayName     the name shown to others; empty once deleted
 * @param passwordHash    Argon2id in PHC form; empty once deleted
 * @param status          active, suspended or deleted
 * @param roles           {@code territory-admin}, {@code moderator}
 * @param emailVerifiedAt when the current address was confirmed
 * @param invitedBy       who invited this account; empty for a bootstrap admin
 * @param createdAt       when it registered
 * @param version         bumped by every change its events describe
 */
record Account(UUID id, Optional<String> email, Optional<String> displayName, Optional<String> passwordHash,
               AccountStatus status, Set<String> roles, Optional<Instant> emailVerifiedAt, Optional<UUID> invitedBy,
               Instant createdAt, long version) {

    Account {
        roles = Set.copyOf(roles);
    }

    boolean verified() {
        return emailVerifiedAt.isPresent();
    }

    boolean admin() {
        return roles.contains(AuthRoles.TERRITORY_ADMIN);
    }
}
