package agora.auth;

import java.util.List;
import java.util.function.Supplier;

import agora.auth.api.AuthRoles;
import agora.platform.contract.TerritoryCode;
import agora.platform.data.Database;

/**
 * The start-up log's line about a territory's first admin: the command that makes a bootstrap
 * invitation, for the territories that have no active territory admin yet, and no such advice for
 * those that have one (where it would only mislead a newcomer reading the log).
 */
final class FirstAdminHint {
    private static final System.Logger LOG = System.getLogger(FirstAdminHint.class.getName());

    private final Database database;
    private final Supplier<List<TerritoryCode>> served;

    FirstAdminHint(Database database, Supplier<List<TerritoryCode>> served) {
        this.database = database;
        this.served = served;
    }

    /** The line; never fails the start (a database that does not answer now just gets a general hint). */
    String describe() {
        List<TerritoryCode> territories = served.get();
        List<TerritoryCode> without;
        try {
            without = territories.stream()
                    .filter(territory -> !database.inTerritory(territory,
                            db -> AccountStore.anyActiveWithRole(db, AuthRoles.TERRITORY_ADMIN)))
                    .toList();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "Could not tell which territories have an admin", e);
            return "./agora bootstrap-admin --territory <CODE> prints a one-time invitation for a territory's "
                    + "first admin; register with it at POST /api/auth/register.";
        }
        if (territories.isEmpty()) {
            return "no territory yet";
        }
        if (without.isEmpty()) {
            return "every territory here has a territory admin (" + codes(territories) + ")";
        }
        return codes(without) + (without.size() == 1 ? " has" : " have") + " no territory admin yet: "
                + "./agora bootstrap-admin --territory " + without.getFirst().value()
                + " prints a one-time invitation; register with it at POST /api/auth/register.";
    }

    private static String codes(List<TerritoryCode> territories) {
        return String.join(", ", territories.stream().map(TerritoryCode::value).toList());
    }
}
