package agora.auth;

import java.util.UUID;

import agora.auth.api.AccountFacts;
import agora.auth.api.AccountRoles;
import agora.auth.api.AccountStatus;
import agora.platform.contract.TerritoryCode;
import agora.platform.data.Database;

/** Auth's answers when the authorization view misses: account status, session revocation and roles, from its tables. */
final class StoredAccountFacts implements AccountFacts {
    private final Database database;
    private final TwoFactorConfig twoFactor;

    StoredAccountFacts(Database database, TwoFactorConfig twoFactor) {
        this.database = database;
        this.twoFactor = twoFactor;
    }

    @Override
    public AccountStatus status(TerritoryCode territory, UUID user) {
        return database.inTerritory(territory, db -> AccountStore.status(db, user)).orElse(AccountStatus.DELETED);
    }

    @Override
    public boolean sessionRevoked(TerritoryCode territory, UUID session) {
        return database.inTerritory(territory, db -> SessionStore.revoked(db, session)).orElse(true);
    }

    @Override
    public AccountRoles roles(TerritoryCode territory, UUID user) {
        return database.inTerritory(territory, db -> AccountStore.find(db, user))
                .map(account -> Roles.of(account, twoFactor)).orElse(AccountRoles.NONE);
    }
}
