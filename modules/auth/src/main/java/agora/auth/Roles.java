package agora.auth;

import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;

import agora.auth.api.AccountRoles;
import agora.auth.api.AccountStatus;
import agora.auth.api.AuthEvents;
import agora.auth.api.AuthEvents.RoleGranted;
import agora.auth.api.AuthEvents.RoleRevoked;
import agora.auth.api.AuthRoles;
import agora.platform.contract.TerritoryCode;
import agora.platform.data.Database;
import agora.platform.events.EventScope;
import agora.platform.events.Outbox;

/**
 * Territory admins grant and withdraw roles ({@link AuthRoles}). Each change is audited, published
 * ({@code auth.role_granted}, {@code auth.role_revoked}) and written to the authorization view right
 * after the commit, which every role guard reads: it counts at every service from the next request,
 * whatever the member's access token lists. Asking for what already is changes nothing and
 * answers the same (no event, no audit record).
 */
final class Roles {
    private final Database database;
    private final Outbox outbox;
    private final AuthorizationUpdates updates;
    private final TwoFactorConfig twoFactor;
    private final Audit audit;

    Roles(Database database, Outbox outbox, AuthorizationUpdates updates, TwoFactorConfig twoFactor, Audit audit) {
        this.database = database;
        this.outbox = outbox;
        this.updates = updates;
        this.twoFactor = twoFactor;
        this.audit = audit;
    }

    /**
     * Gives an account a role. A role that needs two-factor sign-in goes only to an account that
     * has turned it on: without it, the role could never be used.
     *
     * @return the account as it is now
     * @throws agora.platform.core.problem.ProblemException 404 {@code role-not-found},
     *                                                      404 {@code account-not-found},
     *                                                      409 {@code role-needs-two-factor}
     */
    Account grant(TerritoryCode territory, UUID admin, UUID id, String role) {
        known(role);
        Change change = database.inTerritory(territory, db -> {
            if (role.equals(AuthRoles.TERRITORY_ADMIN)) {
                TerritoryAdmins.lock(db);
            }
            Account account = existing(db, id);
            if (account.roles().contains(role)) {
                return new Change(account, false);
            }
            if (twoFactor.requiredRoles().contains(role) && !TwoFactorStore.enabled(db, id)) {
                throw AuthProblems.problem(AuthProblems.ROLE_NEEDS_TWO_FACTOR, "role.needs-two-factor", role);
            }
            long version = RoleStore.add(db, id, role).orElseThrow();
            audit.record(db, Optional.of(admin), "auth.account.role-granted", Optional.of(id), Map.of("role", role));
            outbox.append(db, EventScope.territory(territory), AuthEvents.ROLE_GRANTED, id.toString(), version,
                    new RoleGranted(id, role, admin));
            return new Change(AccountStore.find(db, id).orElseThrow(), true);
        });
        return published(territory, change);
    }

    /**
     * Takes a role from an account. The last active territory admin of a territory keeps the role
     * ({@link TerritoryAdmins}).
     *
     * @return the account as it is now
     * @throws agora.platform.core.problem.ProblemException 404 {@code role-not-found},
     *                                                      404 {@code account-not-found},
     *                                                      409 {@code last-territory-admin}
     */
    Account withdraw(TerritoryCode territory, UUID admin, UUID id, String role) {
        known(role);
        Change change = database.inTerritory(territory, db -> {
            boolean adminRole = role.equals(AuthRoles.TERRITORY_ADMIN);
            if (adminRole) {
                TerritoryAdmins.lock(db);
            }
            Account account = existing(db, id);
            if (!account.roles().contains(role)) {
                return new Change(account, false);
            }
            if (adminRole) {
                TerritoryAdmins.keepOne(db, account);
            }
            long version = RoleStore.remove(db, id, role).orElseThrow();
            audit.record(db, Optional.of(admin), "auth.account.role-revoked", Optional.of(id), Map.of("role", role));
            outbox.append(db, EventScope.territory(territory), AuthEvents.ROLE_REVOKED, id.toString(), version,
                    new RoleRevoked(id, role, admin));
            return new Change(AccountStore.find(db, id).orElseThrow(), true);
        });
        return published(territory, change);
    }

    /** The roles of an account as the authorization view holds them. */
    AccountRoles of(Account account) {
        return of(account, twoFactor);
    }

    static AccountRoles of(Account account, TwoFactorConfig twoFactor) {
        if (account.status() == AccountStatus.DELETED) {
            return AccountRoles.NONE;
        }
        return new AccountRoles(account.roles(), twoFactor.requiredRoles());
    }

    private Account published(TerritoryCode territory, Change change) {
        if (change.changed()) {
            updates.roles(territory, change.account().id(), of(change.account()));
        }
        return change.account();
    }

    private static Account existing(io.helidon.dbclient.DbExecute db, UUID id) {
        return AccountStore.lock(db, id).filter(found -> found.status() != AccountStatus.DELETED)
                .orElseThrow(() -> AuthProblems.problem(AuthProblems.ACCOUNT_NOT_FOUND, "account.not-found"));
    }

    private static void known(String role) {
        if (!AuthRoles.ALL.contains(role)) {
            throw AuthProblems.problem(AuthProblems.ROLE_NOT_FOUND, "role.not-found",
                    String.join(", ", new TreeSet<>(AuthRoles.ALL)));
        }
    }

    private record Change(Account account, boolean changed) {
    }
}
