package agora.platform.host;

import java.util.ArrayList;
import java.util.List;

import agora.platform.contract.TerritoryCode;
import agora.platform.data.Platform;
import agora.platform.data.migrate.ServiceMigrations;
import agora.platform.data.territory.Territory;
import agora.platform.events.Events;

/**
 * Readies territories in this process: every hosted service's tables, then its territory hooks,
 * then the territory is served here and its relays and consumers run. One territory at a time, so
 * the territory service's creation, the {@code territory.created} consumer and the catch-up loop
 * never migrate the same schema at once.
 */
final class Preparation implements Provisioning {
    private static final System.Logger LOG = System.getLogger(Preparation.class.getName());

    private final Platform platform;
    private final Events events;
    private final List<ServiceMount> mounts;

    Preparation(Platform platform, Events events, List<ServiceMount> mounts) {
        this.platform = platform;
        this.events = events;
        this.mounts = mounts;
    }

    @Override
    public synchronized void prepare(TerritoryCode territory) {
        List<ServiceMigrations> tables = new ArrayList<>();
        mounts.forEach(mount -> tables.addAll(mount.territoryMigrations()));
        platform.migrator().migrateTerritory(territory, tables.stream().distinct().toList());
        for (ServiceMount mount : mounts) {
            mount.territoryHooks().forEach(hook -> hook.ready(territory));
        }
        platform.readiness().markReady(territory);
        platform.territories().invalidate();
        events.refresh();
    }

    /** Prepares a territory unless this process already has. */
    void prepareIfNeeded(TerritoryCode territory) {
        if (!platform.readiness().isReady(territory)) {
            prepare(territory);
        }
    }

    /** Prepares every registered territory this process has not (one another process created). */
    void catchUp() {
        platform.territories().invalidate();
        for (Territory territory : platform.territories().all()) {
            if (!platform.readiness().isReady(territory.code())) {
                LOG.log(System.Logger.Level.INFO, "Preparing territory {0}, created elsewhere", territory.code());
                prepare(territory.code());
            }
        }
    }
}
