package agora.auth;

import java.util.UUID;

import agora.platform.data.Database;
import agora.platform.data.TerritoryCode;
import agora.platform.security.authz.AccountLoader;
import agora.platform.security.authz.AccountStatus;

/** Auth's answers when the authorization view misses: account status and session revocation, from its tables. */
final class AccountFacts implements AccountLoader {
    private final Database database;

    AccountFacts(Database database) {
        this.database = database;
    }

    @Override
    public AccountStatus status(TerritoryCode territory, UUID user) {
        return database.inTerritory(territory, db -> AccountStore.status(db, user)).orElse(AccountStatus.DELETED);
    }

    @Override
    public boolean sessionRevoked(TerritoryCode territory, UUID session) {
        return database.inTerritory(territory, db -> SessionStore.revoked(db, session)).orElse(true);
    }
}
