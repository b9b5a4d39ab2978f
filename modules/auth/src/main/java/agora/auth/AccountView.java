package agora.auth;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;

/**
 * An account as the API shows it to its owner and to territory admins.
 *
 * @param id            the account id
 * @param email         its sign-in address
 * @param displayName   its name
 * @param emailVerified whether the address is confirmed
 * @param status        {@code active}, {@code suspended} or {@code deleted}
 * @param roles         its roles
 * @param invitedBy     its inviter, absent for a bootstrap admin
 * @param createdAt     when it registered
 * @param suspension    while it is suspended: until when and why
 */
record AccountView(UUID id, Optional<String> email, Optional<String> displayName, boolean emailVerified, String status,
                   List<String> roles, Optional<UUID> invitedBy, Instant createdAt,
                   Optional<SessionApi.SuspensionView> suspension) {

    static AccountView of(Account account) {
        return of(account, Optional.empty());
    }

    static AccountView of(Account account, Optional<SuspensionStore.Term> term) {
        return new AccountView(account.id(), account.email(), account.displayName(), account.verified(),
                account.status().wire(), List.copyOf(new TreeSet<>(account.roles())), account.invitedBy(),
                account.createdAt(), term.map(open -> new SessionApi.SuspensionView(open.until(), open.reason())));
    }
}
