package agora.auth;

import java.util.List;
import java.util.UUID;

import agora.auth.api.AccountDirectory;
import agora.platform.contract.TerritoryCode;
import agora.platform.data.Database;

import io.helidon.dbclient.DbRow;

/** {@link AccountDirectory} from {@code auth_accounts}: ids and display names of accounts not deleted. */
final class StoredAccountDirectory implements AccountDirectory {
    private static final String PAGE = "SELECT id, display_name FROM auth_accounts WHERE id > ? AND status <> 'deleted' "
            + "ORDER BY id LIMIT ?";
    private static final String FIND = "SELECT id, display_name FROM auth_accounts "
            + "WHERE id = ANY (string_to_array(?, ',')::uuid[]) AND status <> 'deleted'";

    private final Database database;

    StoredAccountDirectory(Database database) {
        this.database = database;
    }

    @Override
    public List<PublicAccount> page(TerritoryCode territory, UUID after, int limit) {
        int size = Math.clamp(limit, 1, MAX_PAGE);
        return database.inTerritory(territory, db -> db.query(PAGE, after, size)
                .map(StoredAccountDirectory::map).toList());
    }

    @Override
    public List<PublicAccount> find(TerritoryCode territory, List<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        if (ids.size() > MAX_PAGE) {
            throw new IllegalArgumentException("at most " + MAX_PAGE + " ids");
        }
        String joined = String.join(",", ids.stream().map(UUID::toString).toList());
        return database.inTerritory(territory, db -> db.query(FIND, joined).map(StoredAccountDirectory::map).toList());
    }

    private static PublicAccount map(DbRow row) {
        return new PublicAccount(row.column("id").get(UUID.class), row.column("display_name").get(String.class));
    }
}
