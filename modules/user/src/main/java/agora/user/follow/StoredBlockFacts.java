package agora.user.follow;

import java.util.UUID;

import agora.platform.contract.TerritoryCode;
import agora.platform.data.Database;
import agora.user.api.BlockFacts;

/** {@link BlockFacts} from {@code user_blocks}. */
public final class StoredBlockFacts implements BlockFacts {
    private final Database database;

    /** @param database the pod's database */
    public StoredBlockFacts(Database database) {
        this.database = database;
    }

    @Override
    public boolean eitherBlocks(TerritoryCode territory, UUID a, UUID b) {
        return database.inTerritory(territory, db -> BlockStore.either(db, a, b));
    }

    @Override
    public boolean blocks(TerritoryCode territory, UUID blocker, UUID blocked) {
        return database.inTerritory(territory, db -> BlockStore.blocks(db, blocker, blocked));
    }
}
