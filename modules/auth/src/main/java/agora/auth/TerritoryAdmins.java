package agora.auth;

import agora.auth.api.AccountStatus;
import agora.auth.api.AuthRoles;

import io.helidon.dbclient.DbExecute;

/**
 * A territory never loses its last active territory admin: nobody could then grant roles,
 * suspend or invite, and only the operator's bootstrap invitation would bring one back. Every change
 * that can take an active admin away (withdrawing the role, suspending, deleting the account) asks
 * here, in its own transaction.
 *
 * <p>Race-safe: {@link #lock} serialises those changes per territory, and is taken before the
 * account is read, so a concurrent change has committed and is counted. Two admins suspending each
 * other at the same instant: the second finds the first one's change and is refused.
 */
final class TerritoryAdmins {
    private TerritoryAdmins() {
    }

    /**
     * Serialises, until the transaction ends, every change in this territory that may take an
     * active admin away. Call it first in the transaction: before reading the account to change.
     */
    static void lock(DbExecute db) {
        RoleStore.lockAdmins(db);
    }

    /**
     * Refuses a change that takes an account out of the active territory admins when it is the
     * last one. Call under {@link #lock}, before writing anything.
     *
     * @param account the account as read under the lock
     * @throws agora.platform.core.problem.ProblemException 409 {@code last-territory-admin}
     */
    static void keepOne(DbExecute db, Account account) {
        if (account.status() == AccountStatus.ACTIVE && account.roles().contains(AuthRoles.TERRITORY_ADMIN)
                && RoleStore.otherActiveHolders(db, AuthRoles.TERRITORY_ADMIN, account.id()) == 0) {
            throw AuthProblems.problem(AuthProblems.LAST_TERRITORY_ADMIN, "role.last-admin");
        }
    }
}
