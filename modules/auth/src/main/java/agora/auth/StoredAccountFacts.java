package agora.auth;

import java.util.UUID;

import agora.auth.api.AccountFacts;
import agora.auth.api.AccountStatus;
import agora.platform.contract.TerritoryCode;
import agora.platform.data.Database;

/** Auth's answers when the authorization view misses: account status and session revocation, from its tables. */
final class StoredAccountFacts implements AccountFacts {
    private final Database database;

    StoredAccountFacts(Database database) {
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
